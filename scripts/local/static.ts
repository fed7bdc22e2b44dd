// The local stand-in for CloudFront's static origin: the page routes are rewritten by the very rule the
// CloudFront Function runs (web/rewrite.js), and other paths are files of the built page under web/dist.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { ensureWebBuild, webDist, webRoot } from '../../web/build';

/** A CloudFront viewer request, as much of it as the rule reads and writes. */
export interface ViewerRequest {
  uri: string;
  querystring?: Record<string, { value: string }>;
  headers?: Record<string, { value: string }>;
  [other: string]: unknown;
}

export interface RewriteRule {
  rewriteUri(uri: string): string;
  handler(event: { request: ViewerRequest }): ViewerRequest;
}

/** What CloudFront's `cloudfront` module offers the rule: here, a record of the origin it picked. */
export interface CloudFrontHelpers {
  selectRequestOriginById(originId: string): void;
}

/** The rule's one import, of CloudFront's helper module, which Node has no need of. */
export const CLOUDFRONT_IMPORT = /^import cf from 'cloudfront';\n/;

/**
 * Loads web/rewrite.js. It is a plain script because CloudFront Functions cannot run a module, so instead of
 * importing it we evaluate its text without its import line, handing it `cf`, and return the two functions
 * it declares.
 */
export function loadRewriteRule(cf: CloudFrontHelpers = { selectRequestOriginById: () => undefined }): RewriteRule {
  const source = readFileSync(join(webRoot, 'rewrite.js'), 'utf8').replace(CLOUDFRONT_IMPORT, '');
  return new Function('cf', `${source}\nreturn { rewriteUri: rewriteUri, handler: handler };`)(cf) as RewriteRule;
}

/**
 * The viewer-request step of the local front door, run as CloudFront runs it: the request as the rule
 * leaves it, and the id of the origin it picked (undefined: the behaviour's own, the page).
 */
export function createViewerRequest() {
  let picked: string | undefined;
  const rule = loadRewriteRule({
    selectRequestOriginById: (id) => {
      picked = id;
    },
  });
  return (url: URL, headers: Record<string, string>): { url: URL; originId?: string } => {
    picked = undefined;
    const querystring = Object.fromEntries([...url.searchParams].map(([name, value]) => [name, { value }]));
    const viewer = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { value }]));
    const request = rule.handler({ request: { uri: url.pathname, querystring, headers: viewer } });
    const rewritten = new URL(request.uri, url);
    for (const [name, { value }] of Object.entries(request.querystring ?? {})) rewritten.searchParams.set(name, value);
    return { url: rewritten, originId: picked };
  };
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
