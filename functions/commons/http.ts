// HTTP plumbing shared by every function: the one error-to-response mapping, JSON replies, and
// request body decoding with a size limit.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { AppError, BadRequest, PayloadTooLarge, issuesOf } from '../../shared/errors';

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export const MAX_BODY_BYTES = 64 * 1024;

/** A JSON answer with a status other than the route's documented one (a replay, a kept exception). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

/** An answer the operation shapes whole: another content type, or headers of its own. */
export class RawReply {
  constructor(readonly result: HttpResult) {}
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * The one mapping from errors to responses: 4xx say what was wrong, 5xx say nothing and go to the
 * logs through `logFailure` (each function passes its logger; this module stays free of one).
 */
export function errorResponse(error: unknown, logFailure: (error: unknown) => void): HttpResult {
  const known = error instanceof AppError ? error : undefined;
  if (known && known.status < 500) {
    return json(known.status, { error: { code: known.code, message: known.message, details: known.details } });
  }
  logFailure(error);
  const status = known?.status ?? 500;
  const code = known?.code ?? 'internal_error';
  const message = known?.message ?? 'Something went wrong on our side; it has been logged';
  return json(status, { error: { code, message } }, status === 503 ? { 'retry-after': '1' } : {});
}

export function parse<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw BadRequest.invalid(issuesOf(result.error, prefix));
  return result.data;
}

/** The body exactly as sent (signatures are computed over it), refusing oversized ones. */
export function rawBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  return raw;
}

/** Decodes a JSON body, refusing oversized, non-JSON and malformed bodies before any work is done. */
export function readJsonBody(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded' | 'headers'>): unknown {
  const raw = rawBody(event);
  if (raw.byteLength === 0) return undefined;
  const contentType = event.headers?.['content-type'] ?? '';
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new BadRequest('Bodies must be JSON', [{ path: 'content-type', message: 'expected application/json' }], 'unsupported_media_type');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequest('The body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }], 'invalid_json');
  }
}
