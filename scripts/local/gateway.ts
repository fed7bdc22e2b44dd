// A local stand-in for API Gateway's HTTP API: it matches requests against the same route table,
// verifies bearer tokens for non-public routes, and calls the same handlers with v2-shaped events.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import type { ApiEvent } from '../../functions/commons/api';
import type { HttpResult } from '../../functions/commons/http';
import { CDN_REQUEST_ID_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/config';
import { needsJwt, routeKey, routeList, type FunctionGroup } from '../../shared/routes';
import type { LocalIssuer } from './tokens';

export type LambdaHandler = (event: ApiEvent, context: Context) => Promise<HttpResult>;

/** Extra local-only routes (such as the dev-token route), answered without a Lambda handler. */
export type LocalRoute = (request: { body: string }) => Promise<{ status: number; body: unknown }>;

/** The local gateway's own cap, as API Gateway has one (10 MB); the functions refuse anything over 64 KiB. */
const MAX_REQUEST_BYTES = 1024 * 1024;
const DISCARD_LIMIT = 64 * MAX_REQUEST_BYTES;

const compiled = routeList.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}$`) };
});

function matchRoute(method: string, path: string) {
  for (const { route, names, regex } of compiled) {
    const match = regex.exec(path);
    if (match && route.method === method) {
      const params: Record<string, string> = {};
      for (const [i, name] of names.entries()) {
        try {
          params[name] = decodeURIComponent(match[i + 1] as string);
        } catch {
          // A malformed percent-escape: API Gateway answers 400 before any function runs, and so do we.
          return { route, malformed: name };
        }
      }
      return { route, params };
    }
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

const errorBody = (code: string, message: string, details?: readonly { path: string; message: string }[]) =>
  JSON.stringify({ error: { code, message, details } });

/**
 * The body, or undefined once it passes the cap: declared too long, or grown too long while chunked.
 * The caller answers 413 at once; the rest of an oversized upload is read and dropped, so the client
 * gets that 413 rather than a reset connection, up to DISCARD_LIMIT, where the socket is closed.
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const refuse = () => {
      refused = true;
      chunks.length = 0;
      resolve(undefined);
    };
    if (Number(req.headers['content-length']) > MAX_REQUEST_BYTES) refuse();
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > DISCARD_LIMIT) req.destroy();
      else if (size > MAX_REQUEST_BYTES && !refused) refuse();
      else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const flatHeaders = (req: IncomingMessage): Record<string, string> =>
  Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]));

function fakeContext(group: FunctionGroup, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${group}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${group}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${group}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createGateway(options: {
  handlers: Record<FunctionGroup, LambdaHandler>;
  issuer: LocalIssuer;
  localRoutes?: Record<string, LocalRoute>;
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /**
   * CloudFront's viewer-request step for paths outside /api/: a request it sends to the API origin (the
   * resolver) is routed here as rewritten; the others go on to the fallback, as they go to the page.
   */
  viewerRequest?: (url: URL, headers: Record<string, string>) => { url: URL; originId?: string };
}) {
  return async function gateway(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      let url = new URL(req.url ?? '/', 'http://local');
      const viewerPath = url.pathname;
      const method = (req.method ?? 'GET').toUpperCase();
      if (options.viewerRequest && !url.pathname.startsWith('/api/') && (method === 'GET' || method === 'HEAD')) {
        const viewer = options.viewerRequest(url, flatHeaders(req));
        if (viewer.originId !== undefined) url = viewer.url;
      }
      const raw = await readBody(req);
      if (!raw) {
        return send(res, 413, errorBody('payload_too_large', `Request bodies are limited to ${MAX_REQUEST_BYTES} bytes here`));
      }

      const local = options.localRoutes?.[`${method} ${url.pathname}`];
      if (local) {
        const reply = await local({ body: raw.toString('utf8') });
        return send(res, reply.status, JSON.stringify(reply.body), { 'cache-control': 'no-store' });
      }

      const matched = matchRoute(method, url.pathname);
      if (!matched) {
        if (options.fallback && (await options.fallback(req, res))) return;
        return send(res, 404, errorBody('not_found', 'No such route'));
      }
      if (matched.malformed !== undefined) {
        const details = [{ path: `path.${matched.malformed}`, message: 'not valid percent-encoding' }];
        return send(res, 400, errorBody('invalid_request', 'The path is not valid URL encoding', details));
      }
      const { route, params } = matched;
      const headers = flatHeaders(req);
      // As CloudFront passes them on: its request id on every request, and the viewer's address (set by
      // its function, infra/constructs/viewer-address.ts) on the uncached API paths, not the scan's.
      headers[CDN_REQUEST_ID_HEADER] = randomBytes(42).toString('base64url');
      if (viewerPath.startsWith('/api/') && route.operationId !== 'scanLot')
        headers[VIEWER_ADDRESS_HEADER] = req.socket.remoteAddress ?? '';
      else delete headers[VIEWER_ADDRESS_HEADER];

      let authorizer: ApiEvent['requestContext']['authorizer'];
      if (needsJwt(route)) {
        const token = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1];
        try {
          if (!token) throw new Error('missing token');
          authorizer = { principalId: '', integrationLatency: 0, jwt: { claims: await options.issuer.verify(token), scopes: [] } };
        } catch {
          return send(res, 401, errorBody('unauthorized', 'A valid bearer token is required'));
        }
      }

      const requestId = randomUUID();
      const isText = !raw.length || /json|text|xml|form-urlencoded/i.test(headers['content-type'] ?? 'application/json');
      const event: ApiEvent = {
        version: '2.0',
        routeKey: routeKey(route),
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
        pathParameters: Object.keys(params).length ? params : undefined,
        requestContext: {
          accountId: 'local',
          apiId: 'local',
          domainName: headers.host ?? 'localhost',
          domainPrefix: 'localhost',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            userAgent: headers['user-agent'] ?? '',
          },
          requestId,
          routeKey: routeKey(route),
          stage: '$default',
          time: new Date().toISOString(),
          timeEpoch: Date.now(),
          authorizer,
        },
        body: raw.length ? (isText ? raw.toString('utf8') : raw.toString('base64')) : undefined,
        isBase64Encoded: raw.length > 0 && !isText,
      };
      const result = await options.handlers[route.group](event, fakeContext(route.group, requestId));
      const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
      res.writeHead(result.statusCode, result.headers);
      res.end(body);
    } catch (error) {
      console.error(error);
      send(res, 500, errorBody('internal_error', 'The local gateway failed'));
    }
  };
}
