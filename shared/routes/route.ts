// What a route is: method, path, function group, access and documented status, and the helpers every
// reader of the route table shares. The rows are in this folder's modules by entity (index.ts puts them
// together); none holds zod, so the scan function can import its own row and this alone.
import type { IdName } from '../codes';

/**
 * Who may call: `ops` and `staff` (ops or the village's own staff) need a JWT; `store` is
 * authenticated by its Standard Webhooks signature instead; `public` needs nothing.
 */
export type Access = 'public' | 'ops' | 'staff' | 'store';

/** One Lambda function per group; the entry file is functions/{group}.ts. */
export type FunctionGroup =
  | 'catalogue'
  | 'agreements'
  | 'lots'
  | 'receipts'
  | 'sales'
  | 'demand'
  | 'traceability'
  | 'exports'
  | 'resolver'
  | 'scan'
  | 'docs';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** `{name}` segments are path parameters; each name is an identifier of codes.ts's ID_RULES. */
  readonly path: string;
  readonly group: FunctionGroup;
  readonly access: Access;
  /** The documented success status; an operation that answers another one says so itself. */
  readonly status: number;
  readonly summary: string;
}

/** The `{name}` parameters of a path, as a type: `ParamNames<'/a/{x}/b/{y}'>` is `'x' | 'y'`. */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** Routes behind the JWT authorizer: everything called by ops or village staff. */
export const needsJwt = (route: Pick<Route, 'access'>): route is Route & { access: 'ops' | 'staff' } =>
  route.access === 'ops' || route.access === 'staff';

/** API Gateway's route key, e.g. "POST /api/v1/villages". */
export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** The names of a path's parameters, in order. */
export const parameterNames = (path: string): IdName[] => [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name as IdName);
