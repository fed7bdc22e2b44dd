// The local stand-in for CloudFront's static origin: the page routes are rewritten by the very rule the
// CloudFront Function runs (web/rewrite.js), and other paths are files of the built page under web/dist.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { ensureWebBuild, webDist, webRoot } from '../../web/build';

export interface RewriteRule {
  rewriteUri(uri: string): string;
  handler(event: { request: { uri: string } }): { uri: string };
}

/**
 * Loads web/rewrite.js. It is a plain script because CloudFront Functions cannot run a module, so instead of
 * importing it we evaluate its text and return the two functions it declares.
 */
export function loadRewriteRule(): RewriteRule {
  const source = readFileSync(join(webRoot, 'rewrite.js'), 'utf8');
  return new Function(`${source}\nreturn { rewriteUri: rewriteUri, handler: handler };`)() as RewriteRule;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Builds the page if its sources changed, then returns a gateway fallback that serves it. */
export async function createStaticSite(): Promise<(req: IncomingMessage, res: ServerResponse) => Promise<boolean>> {
  await ensureWebBuild();
  const { rewriteUri } = loadRewriteRule();
  const root = resolve(webDist);

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let uri = rewriteUri(new URL(req.url ?? '/', 'http://local').pathname);
    if (uri.endsWith('/')) uri += 'index.html';
    let file: string;
    try {
      file = resolve(root, `.${decodeURIComponent(uri)}`);
    } catch {
      return false;
    }
    if (!file.startsWith(root + sep)) return false;
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return false;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
      // The page is one small file; revalidating it on every visit keeps a redeploy visible at once.
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
