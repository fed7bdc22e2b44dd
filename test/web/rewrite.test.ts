// The page-route rewrite that CloudFront runs and `npm start` imports: what it maps, what it leaves alone,
// that it stays a plain script CloudFront Functions can run, and that it agrees with the page's own routing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { webRoot } from '../../web/build';
import { loadRewriteRule } from '../../scripts/local/static';
import { lotCodeFromPath } from '../../web/route';

const { rewriteUri, handler } = loadRewriteRule();
const CODE = 'K85MVQP3KWTVPH301W';
const GTIN = '06931234567899';

const pagePaths = [
  `/l/${CODE}`,
  `/l/${CODE}/`,
  `/l/${CODE.toLowerCase()}`,
  `/01/${GTIN}/10/${CODE}`,
  `/01/${GTIN}/10/${CODE}/`,
  '/l/NOT-A-LOT-CODE',
];
const otherPaths = [
  '/',
  '/index.html',
  '/favicon.ico',
  `/api/v1/scan/${CODE}`,
  '/l/',
  `/l/${CODE}/extra`,
  `/01/${GTIN}/10/`,
  `/01/6931234567899/10/${CODE}`, // GTIN-13: the Digital Link path carries 14 digits
  `/01/${GTIN}/21/${CODE}`, // a serial (AI 21), not a lot
  `/x/l/${CODE}`,
];

describe('rewriteUri', () => {
  it.each(pagePaths)('sends the page route %s to the page', (path) => {
    expect(rewriteUri(path)).toBe('/index.html');
  });

  it.each(otherPaths)('leaves %s alone', (path) => {
    expect(rewriteUri(path)).toBe(path);
  });
});

it('rewrites a CloudFront viewer-request event and keeps the rest of the request', () => {
  const request = { method: 'GET', uri: `/01/${GTIN}/10/${CODE}`, querystring: { utm: { value: 'x' } }, headers: {}, cookies: {} };
  const result = handler({ request } as Parameters<typeof handler>[0]);
  expect(result).toEqual({ ...request, uri: '/index.html' });
});

it('is a plain script that CloudFront Functions can run as it is', () => {
  const source = readFileSync(join(webRoot, 'rewrite.js'), 'utf8');
  expect(() => new Script(source)).not.toThrow(); // a module's import/export would be a syntax error here
  const code = source.replace(/^\s*\/\/.*$/gm, '');
  expect(code).not.toMatch(/\b(export|import|require|module)\b/);
  expect(source).toMatch(/^function handler\(event\) \{$/m);
  expect(Buffer.byteLength(source)).toBeLessThan(10 * 1024); // CloudFront Functions' code size limit
});

it('agrees with the page on which paths carry a lot code', () => {
  for (const path of [...pagePaths, ...otherPaths.filter((p) => p !== '/' && p !== '/index.html')]) {
    expect({ path, page: lotCodeFromPath(path) !== undefined }).toEqual({ path, page: rewriteUri(path) === '/index.html' });
  }
  expect(lotCodeFromPath(`/01/${GTIN}/10/${CODE.toLowerCase()}`)).toBe(CODE);
  expect(lotCodeFromPath('/l/%E0%A4%A')).toBeUndefined(); // broken escape: not found, not a crash
});
