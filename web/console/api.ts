// Calls to the API with the signed-in user's token. A refusal becomes an ApiError that carries the API's
// code, message and field details, so forms can show each field's problem next to it.
import { currentToken, sessionExpired } from './auth';

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field-level problems by field path (`name.zh`, `prices.0.fenPerKg`, `scope.villageId`). */
  get fields(): Record<string, string> {
    const issues = Array.isArray(this.details) ? (this.details as FieldIssue[]) : [];
    return Object.fromEntries(issues.filter((i) => typeof i?.path === 'string').map((i) => [i.path, i.message]));
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/** The JSON answer of a call; an ApiError for a 4xx or 5xx; a TypeError when the network fails. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = await currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (response.ok) return parsed as T;
  if (response.status === 401) sessionExpired();
  const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `HTTP ${response.status}`, error?.details);
}

/** The text of a call (a label's SVG), with the same token. */
export async function apiText(path: string): Promise<string> {
  const token = await currentToken();
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, 'http_error', `HTTP ${response.status}`);
  return response.text();
}

/** A path with its query string, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== '')
      .map(([name, value]) => [name, String(value)]),
  ).toString();
  return search ? `${path}?${search}` : path;
}
