// Turns a group's operations into one Lambda handler: the route table says which operation an API
// Gateway route key runs, who may call it, and which schemas its path, query and body must satisfy.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { authorizeRoute, principalFromClaims, type Principal } from '../../shared/auth';
import { BadRequest, NotFound } from '../../shared/errors';
import { needsJwt, routeKey, routeList, routes, type FunctionGroup, type OperationId } from '../../shared/routes';
import * as s from '../../shared/schemas';
import { errorResponse, json, parse, rawBody, readJsonBody, type HttpResult } from './http';
import { logger } from './logger';
import { metrics } from './metrics';

/** The event both API Gateway and the local server deliver; public routes carry no authorizer. */
export type ApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'];
  };
};

type RouteOf<K extends OperationId> = (typeof routes)[K];
type Schema<R, F extends string> = R extends { [P in F]: infer S extends z.ZodType } ? z.infer<S> : undefined;

export interface OperationInput<K extends OperationId> {
  /** Parsed and validated; store routes get none, as they verify a signature over the raw body first. */
  readonly body: RouteOf<K>['access'] extends 'store' ? undefined : Schema<RouteOf<K>, 'body'>;
  readonly query: Schema<RouteOf<K>, 'query'>;
  readonly params: Readonly<Record<string, string>>;
  readonly principal: RouteOf<K>['access'] extends 'ops' | 'staff' ? Principal : undefined;
  readonly event: ApiEvent;
}

/** An operation returns a body (sent with the route's documented status) or a full response. */
export type Operation<K extends OperationId> = (input: OperationInput<K>) => Promise<HttpResult | { status: number; body: unknown }>;

export type Operations<G extends FunctionGroup> = {
  [K in OperationId as RouteOf<K>['group'] extends G ? K : never]: Operation<K>;
};

/** Path parameters are validated by name, so a malformed id is a 400 before any read. */
const PATH_PARAMS: Record<string, z.ZodType> = {
  villageId: s.VillageId,
  agreementId: s.AgreementId,
  lotCode: s.LotCode,
  crop: s.CropId,
  storeId: s.StoreId,
};

const logFailure = (error: unknown) => logger.error('request failed', { error });

export function createApiHandler<G extends FunctionGroup>(group: G, operations: Operations<G>) {
  const byKey = new Map(routeList.filter((r) => r.group === group).map((r) => [routeKey(r), r]));

  async function handle(event: ApiEvent): Promise<HttpResult> {
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
    for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
      const schema = PATH_PARAMS[name];
      params[name] = (schema ? parse(schema, value, `path.${name}`) : value) as string;
    }
    const query = route.query ? parse(route.query, { ...event.queryStringParameters }, 'query') : undefined;
    let body: unknown;
    if (route.body && route.access !== 'store') {
      const raw = readJsonBody(event);
      if (raw === undefined && !route.body.safeParse({}).success) {
        throw new BadRequest('A JSON body is required', [{ path: '(body)', message: 'required' }]);
      }
      body = parse(route.body, raw ?? {});
    }
    const operation = operations[route.operationId as keyof Operations<G>] as Operation<OperationId>;
    const result = await operation({ body, query, params, principal, event } as OperationInput<OperationId>);
    return 'statusCode' in result ? result : json(result.status, result.body);
  }

  return (
    middy<ApiEvent, HttpResult, Error, Context>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      // Flush only when a metric was counted: most reads count nothing, and an empty flush only warns.
      .use({
        after: () => void (metrics.hasStoredMetrics() && metrics.publishStoredMetrics()),
        onError: () => void (metrics.hasStoredMetrics() && metrics.publishStoredMetrics()),
      })
      .use({ before: (request) => logger.setCorrelationId(request.event.requestContext.requestId) })
      .use({
        onError: (request) => {
          request.response = errorResponse(request.error, logFailure);
        },
      })
      .handler(handle)
  );
}

/** The documented success status of an operation, so operations need not repeat it. */
export const ok = <K extends OperationId>(operationId: K, body: unknown) => {
  const route = routes[operationId] as { response?: { status: number } };
  return { status: route.response?.status ?? 200, body };
};
