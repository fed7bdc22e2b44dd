// Typed errors that carry their HTTP status. The one mapping to a response lives in
// functions/commons/http.ts; 4xx messages are shown to callers, 5xx detail only goes to logs.
import type { z } from 'zod';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequest extends AppError {
  constructor(message: string, details?: readonly FieldIssue[], code = 'invalid_request') {
    super(400, code, message, details);
  }

  /** Input that failed its checks, with one detail per problem. */
  static invalid(details: readonly FieldIssue[]): BadRequest {
    return new BadRequest('The request is not valid', details);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super(401, 'unauthorized', message);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'This token may not do that') {
    super(403, 'forbidden', message);
  }
}

export class NotFound extends AppError {
  constructor(what: string) {
    super(404, 'not_found', `${what} not found`);
  }
}

export class Conflict extends AppError {
  constructor(code: string, message: string, details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLarge extends AppError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `Request bodies are limited to ${limit} bytes`);
  }
}

/** A transient storage fault the caller should retry (throttling, exhausted transaction retries). */
export class ServiceUnavailable extends AppError {
  constructor(message = 'The service is busy; retry with backoff', options?: ErrorOptions) {
    super(503, 'service_unavailable', message, undefined, options);
  }
}

const pathOf = (prefix: string, path: readonly PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)';

/** Field-level details; an unknown key is reported at its own path so callers see which one. */
export function issuesOf(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((name) => ({ path: pathOf(prefix, [...issue.path, name]), message: 'unknown field' }))
      : [{ path: pathOf(prefix, issue.path), message: issue.message }],
  );
}
