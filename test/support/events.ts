// API Gateway v2 events and a Lambda context for calling handlers directly, as API Gateway would.
import type { Context } from 'aws-lambda';
import type { ApiEvent } from '../../functions/commons/api';
import { routeKey, type Route } from '../../shared/routes';

/** The claims API Gateway's JWT authorizer passes on for an ops user. */
export const OPS_CLAIMS = { sub: 'ops-1', 'cognito:groups': '[ops]' };

export function apiEvent(
  route: Pick<Route, 'method' | 'path'>,
  request: {
    params: Record<string, string>;
    query?: Record<string, string>;
    body?: string;
    headers?: Record<string, string>;
    claims?: Record<string, string>;
  },
): ApiEvent {
  const key = routeKey(route);
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: string) => request.params[name] ?? '');
  return {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString: new URLSearchParams(request.query).toString(),
    queryStringParameters: request.query,
    isBase64Encoded: false,
    headers: { ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...request.headers },
    body: request.body,
    pathParameters: request.params,
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'd',
      domainPrefix: 'd',
      requestId: 'r',
      routeKey: key,
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method: route.method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(request.claims ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: request.claims, scopes: [] } } } : {}),
    },
  };
}

export const lambdaContext = (functionName: string) =>
  ({ functionName, awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 }) as Context;
