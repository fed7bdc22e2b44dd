// Turns a group's operations into one Lambda handler: the route table says which operation an API
// Gateway route key runs, who may call it and what its path parameters must look like; the contract
// says which schemas its query and body must satisfy.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { authorizeRoute, type Principal, principalFromClaims } from '../../shared/auth';
import { type IdName, idProblem } from '../../shared/codes';
import { type contract, type OperationSchemas, schemasOf } from '../../shared/contract';
import { readOriginSecrets } from '../../shared/config';
import { BadRequest, Forbidden, NotFound } from '../../shared/errors';
import { type FunctionGroup, needsJwt, type OperationId, type ParamNames, routeKey, routeList, type routes } from '../../shared/routes';
import { accessLog, viewerKeys } from './access-log';
import { errorResponse, type HttpResult, json, parse, RawReply, rawBody, readJsonBody, Reply } from './http';
import { logger } from './logger';
import { metrics } from './metrics';
import { NOT_FROM_CDN, originGuard } from './origin-guard';

/** The event both API Gateway and the local server deliver; public routes carry no authorizer. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};

type RouteOf<K extends OperationId> = (typeof routes)[K];
type Schema<K extends OperationId, F extends keyof OperationSchemas> = (typeof contract)[K] extends { [P in F]: infer S extends z.ZodType }
  ? z.infer<S>
  : undefined;

export interface OperationInput<K extends OperationId> {
  /** Parsed and validated; store routes get none, as they verify a signature over the raw body first. */
  readonly body: RouteOf<K>['access'] extends 'store' ? undefined : Schema<K, 'body'>;
  readonly query: Schema<K, 'query'>;
  /** Each checked against its identifier's rule before the operation runs. */
  readonly params: Readonly<Record<ParamNames<RouteOf<K>['path']>, string>>;
  readonly principal: RouteOf<K>['access'] extends 'ops' | 'staff' ? Principal : undefined;
  readonly event: ApiEvent;
}

/**
 * An operation answers the body of its route's documented status, or a `Reply` / `RawReply` when it
 * answers another status or another content type.
 */
export type Operation<K extends OperationId> = (input: OperationInput<K>) => Promise<unknown>;

export type Operations<G extends FunctionGroup> = {
  [K in OperationId as RouteOf<K>['group'] extends G ? K : never]: Operation<K>;
};

const logFailure = (error: unknown) => logger.error('request failed', { error });
const fromCdn = originGuard(readOriginSecrets());

export function createApiHandler<G extends FunctionGroup>(group: G, operations: Operations<G>) {
  const byKey = new Map(routeList.filter((r) => r.group === group).map((r) => [routeKey(r), r]));

  async function handle(event: ApiEvent): Promise<HttpResult> {
    // Before any work: a request to the API's own URL has met neither the WAF nor the cache.
    if (!fromCdn(event.headers)) throw new Forbidden(NOT_FROM_CDN);
    logger.appendKeys(viewerKeys(event.headers));
    const route = byKey.get(event.routeKey);
    if (!route) throw new NotFound('Route');
    // Every route refuses an oversized body before any work, including routes that take none.
    rawBody(event);
    let principal: Principal | undefined;
    if (needsJwt(route)) {
      principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
      authorizeRoute(route.access, principal);
    }
    const params: Record<string, string> = {};
    for (const [name, value = ''] of Object.entries(event.pathParameters ?? {})) {
      const problem = idProblem(name as IdName, value);
      if (problem) throw BadRequest.invalid([{ path: `path.${name}`, message: problem }]);
      params[name] = value;
    }
    const schemas = schemasOf(route.operationId);
    const query = schemas.query ? parse(schemas.query, { ...event.queryStringParameters }, 'query') : undefined;
    let body: unknown;
    if (schemas.body && route.access !== 'store') {
      const raw = readJsonBody(event);
      if (raw === undefined && !schemas.body.safeParse({}).success) {
        throw new BadRequest('A JSON body is required', [{ path: '(body)', message: 'required' }]);
      }
      body = parse(schemas.body, raw ?? {});
    }
    const operation = operations[route.operationId as keyof Operations<G>] as Operation<OperationId>;
    const result = await operation({ body, query, params, principal, event } as OperationInput<OperationId>);
    if (result instanceof Reply) return json(result.status, result.body);
    if (result instanceof RawReply) return result.result;
    return json(route.status, result);
  }

  return (
    middy<ApiEvent, HttpResult, Error, Context>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // Flush only when a metric was counted: most reads count nothing, and an empty flush only warns.
      .use({
        after: () => void (metrics.hasStoredMetrics() && metrics.publishStoredMetrics()),
        onError: () => void (metrics.hasStoredMetrics() && metrics.publishStoredMetrics()),
      })
      // Before the error mapping, so its access line is written after (middy runs onError in reverse).
      .use(accessLog)
      .use({
        onError: (request) => {
          request.response = errorResponse(request.error, logFailure);
        },
      })
      .handler(handle)
  );
}
