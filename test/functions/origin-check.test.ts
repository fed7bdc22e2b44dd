// Every function refuses a request that did not come through the CDN (which adds the origin secret),
// before it does any work: the HTTP API's own URL must not be a way around the WAF and the cache.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../functions/commons/api';
import type { HttpResult } from '../../functions/commons/http';
import { ORIGIN_HEADER } from '../../shared/config';
import { type FunctionGroup, functionGroups, routeList } from '../../shared/routes';
import { lambdaContext } from '../support/events';
import { eventOf } from '../support/operation-samples';

type Handler = (event: ApiEvent, context: Context) => Promise<HttpResult>;

const CURRENT = 'c'.repeat(40);
const PREVIOUS = 'p'.repeat(40);
/** As Lambda runs a deployed function: its name set, and the configuration the stack gives it. */
const deployed = {
  AWS_LAMBDA_FUNCTION_NAME: 'probe',
  STAGE: 'prod',
  ORIGIN_SECRETS: JSON.stringify({ current: CURRENT, previous: PREVIOUS }),
  TABLE_NAME: 'probe',
  PUBLIC_BASE_URL: 'https://probe.example',
  // The exports function's bucket; the others ignore it.
  EXPORTS_BUCKET: 'probe-exports',
  AWS_REGION: 'cn-north-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const table = mockClient(DynamoDBDocumentClient);
const bare = mockClient(DynamoDBClient);
const handlers = {} as Record<FunctionGroup, Handler>;

beforeAll(async () => {
  for (const [name, value] of Object.entries(deployed)) vi.stubEnv(name, value);
  vi.resetModules();
  for (const group of functionGroups) handlers[group] = ((await import(`../../functions/${group}.ts`)) as { handler: Handler }).handler;
});
afterAll(() => {
  vi.unstubAllEnvs();
  table.restore();
  bare.restore();
});

/** The reply to an operation's request with the given origin header, and how many AWS calls it made. */
async function call(operationId: (typeof routeList)[number]['operationId'], origin?: string) {
  table.reset();
  bare.reset();
  table.resolves({});
  bare.resolves({});
  const route = routeList.find((r) => r.operationId === operationId)!;
  const reply = await handlers[route.group](
    eventOf(operationId, undefined, origin === undefined ? {} : { [ORIGIN_HEADER]: origin }),
    lambdaContext(route.group),
  );
  return { reply, awsCalls: table.calls().length + bare.calls().length };
}

describe('requests that did not come through the CDN', () => {
  it.each(routeList.map((r) => [r.group, r.operationId] as const))(
    'the %s function answers %s without the origin header 403, before any AWS call',
    async (_, operationId) => {
      for (const origin of [undefined, '', 'x'.repeat(40), CURRENT.slice(1), `${CURRENT}c`, CURRENT.toUpperCase()]) {
        const { reply, awsCalls } = await call(operationId, origin);
        expect(reply.statusCode, String(origin)).toBe(403);
        expect(JSON.parse(reply.body).error.code).toBe('forbidden');
        expect(awsCalls).toBe(0);
      }
    },
  );

  it.each(routeList.map((r) => [r.group, r.operationId] as const))(
    'the %s function serves %s with the current or, during a rotation, the previous value',
    async (_, operationId) => {
      for (const origin of [CURRENT, PREVIOUS]) {
        const { reply } = await call(operationId, origin);
        expect(reply.statusCode).not.toBe(403);
      }
    },
  );
});

describe('a deployed function without its origin secret', () => {
  it.each(functionGroups)('the %s function fails at cold start rather than accept every request', async (group) => {
    vi.stubEnv('ORIGIN_SECRETS', '');
    vi.resetModules();
    await expect(import(`../../functions/${group}.ts`)).rejects.toThrow(/Missing environment variables: ORIGIN_SECRETS/);
    vi.stubEnv('ORIGIN_SECRETS', deployed.ORIGIN_SECRETS);
  });
});
