// The page-route rewrite that CloudFront runs and `npm start` imports: what it maps, what it leaves alone,
// that it stays a plain script CloudFront Functions can run, and that it agrees with the page's own routing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { webRoot } from '../../web/build';
import { API_ORIGIN_ID, LINK_TYPE_QUERY } from '../../infra/constructs/cdn';
import { CLOUDFRONT_IMPORT, createViewerRequest, loadRewriteRule } from '../../scripts/local/static';
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

it('is a plain script whose one import, on its first line, is CloudFront’s helper module', () => {
  const source = readFileSync(join(webRoot, 'rewrite.js'), 'utf8');
  expect(source).toMatch(CLOUDFRONT_IMPORT);
  const script = source.replace(CLOUDFRONT_IMPORT, '');
  expect(() => new Script(script)).not.toThrow(); // another import, or an export, would be a syntax error here
  const code = script.replace(/^\s*\/\/.*$/gm, '');
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

describe('resolver requests', () => {
  const picked: string[] = [];
  const rule = loadRewriteRule({ selectRequestOriginById: (id) => void picked.push(id) });
  const viewer = (uri: string, query: Record<string, string> = {}, accept?: string) => {
    picked.length = 0;
    const querystring = Object.fromEntries(Object.entries(query).map(([k, value]) => [k, { value }]));
    const headers: Record<string, { value: string }> = accept ? { accept: { value: accept } } : {};
    const request = rule.handler({ request: { uri, querystring, headers } });
    return { uri: request.uri, querystring: request.querystring, origin: picked[0] };
  };
  const resolved = `/api/v1/resolve/01/${GTIN}/10/${CODE}`;

  it('sends a Digital Link URI asked for its linkset by Accept to the API origin, as linkType=all and nothing else', () => {
    expect(viewer(`/01/${GTIN}/10/${CODE}`, { utm: 'x' }, 'application/linkset+json')).toEqual({
      uri: resolved,
      querystring: { [LINK_TYPE_QUERY]: { value: 'all' } },
      origin: API_ORIGIN_ID,
    });
  });

  it('keeps the linkType asked for, which wins over the Accept header', () => {
    expect(viewer(`/01/${GTIN}/10/${CODE}`, { linkType: 'gs1:recallStatus' }, 'application/linkset+json, text/html')).toEqual({
      uri: resolved,
      querystring: { linkType: { value: 'gs1:recallStatus' } },
      origin: API_ORIGIN_ID,
    });
  });

  it('sends the resolver description to the API origin', () => {
    expect(viewer('/.well-known/gs1resolver', { x: '1' })).toEqual({ uri: '/api/v1/resolver', querystring: {}, origin: API_ORIGIN_ID });
  });

  it.each([
    ['a browser', `/01/${GTIN}/10/${CODE}`, {}, 'text/html,application/xhtml+xml,*/*;q=0.8'],
    ['a scanner app with no Accept', `/01/${GTIN}/10/${CODE}`, {}, undefined],
    ['the short form, which is no Digital Link', `/l/${CODE}`, { linkType: 'all' }, 'application/linkset+json'],
  ])('leaves %s on the page, from the page origin', (_, uri, query, accept) => {
    const answer = viewer(uri, query, accept);
    expect(answer.uri).toBe('/index.html');
    expect(answer.origin).toBeUndefined();
  });

  it('routes the local gateway as CloudFront routes it', () => {
    const edge = createViewerRequest();
    const asked = edge(new URL(`http://local/01/${GTIN}/10/${CODE}?linkType=gs1:pip&x=1`), {});
    expect([asked.url.pathname + asked.url.search, asked.originId]).toEqual([`${resolved}?linkType=gs1%3Apip`, API_ORIGIN_ID]);
    expect(edge(new URL(`http://local/01/${GTIN}/10/${CODE}`), { accept: 'text/html' }).originId).toBeUndefined();
  });
});
