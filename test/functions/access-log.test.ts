// Each API function writes one access line per request with the viewer's address, which API Gateway's
// own access log cannot hold (its sourceIp is CloudFront's edge), keyed to join the other two logs.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { ApiEvent } from '../../functions/commons/api';
import type { HttpResult } from '../../functions/commons/http';
import { CDN_REQUEST_ID_HEADER, ORIGIN_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/config';
import { lambdaContext } from '../support/events';
import { eventOf, samples } from '../support/operation-samples';

type Handler = (event: ApiEvent, context: Context) => Promise<HttpResult>;

const SECRET = 's'.repeat(40);
const table = mockClient(DynamoDBDocumentClient);
const bare = mockClient(DynamoDBClient);
let catalogue: Handler;
let written: MockInstance;

beforeAll(async () => {
  for (const [name, value] of Object.entries({
    AWS_LAMBDA_FUNCTION_NAME: 'catalogue',
    STAGE: 'prod',
    ORIGIN_SECRETS: JSON.stringify({ current: SECRET }),
    TABLE_NAME: 'probe',
    PUBLIC_BASE_URL: 'https://probe.example',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'true',
  })) {
    vi.stubEnv(name, value);
  }
  vi.resetModules();
  catalogue = ((await import('../../functions/catalogue')) as { handler: Handler }).handler;
});
afterEach(() => written?.mockRestore());
afterAll(() => {
  vi.unstubAllEnvs();
  table.restore();
  bare.restore();
});

/** The JSON lines the function wrote while answering one request. */
async function linesOf(event: ApiEvent, requestId: string) {
  table.reset();
  table.resolves({});
  event.requestContext.requestId = requestId;
  const lines: Record<string, unknown>[] = [];
  written = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  });
  const reply = await catalogue(event, lambdaContext('catalogue'));
  written.mockRestore();
  return { reply, lines };
}

const throughCdn = (extra: Record<string, string> = {}) => ({ [ORIGIN_HEADER]: SECRET, [CDN_REQUEST_ID_HEADER]: 'cf-req-1', ...extra });

describe('the access line', () => {
  it('names the viewer, the route, the status and the ids that join it to the API and CloudFront logs', async () => {
    const { reply, lines } = await linesOf(
      eventOf('listVillages', undefined, throughCdn({ [VIEWER_ADDRESS_HEADER]: '203.0.113.9' })),
      'api-1',
    );
    expect(reply.statusCode).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        routeKey: 'GET /api/v1/villages',
        status: 200,
        viewerIp: '203.0.113.9',
        cdnRequestId: 'cf-req-1',
        correlation_id: 'api-1',
      }),
    ]);
  });

  it('is written for a refused request too, after its answer, with an IPv6 viewer', async () => {
    const event = eventOf(
      'createVillage',
      { ...samples.createVillage, body: { name: {} } },
      throughCdn({ [VIEWER_ADDRESS_HEADER]: '2001:db8::7' }),
    );
    const { reply, lines } = await linesOf(event, 'api-2');
    expect(reply.statusCode).toBe(400);
    expect(lines).toEqual([expect.objectContaining({ message: 'request', status: 400, viewerIp: '2001:db8::7', correlation_id: 'api-2' })]);
  });

  it('does not trust the header on a request that did not come through the CDN, and says it was refused', async () => {
    const { reply, lines } = await linesOf(eventOf('listVillages', undefined, { [VIEWER_ADDRESS_HEADER]: '198.51.100.1' }), 'api-3');
    expect(reply.statusCode).toBe(403);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ message: 'request', status: 403, correlation_id: 'api-3' });
    expect(lines[0]).not.toHaveProperty('viewerIp');
  });

  it.each(['not-an-address', '203.0.113.9:443', '203.0.113.999', ''])(
    'leaves out a viewer header that is no address (%j)',
    async (value) => {
      const { lines } = await linesOf(eventOf('listVillages', undefined, throughCdn({ [VIEWER_ADDRESS_HEADER]: value })), 'api-4');
      expect(lines).toEqual([expect.objectContaining({ status: 200, cdnRequestId: 'cf-req-1' })]);
      expect(lines[0]).not.toHaveProperty('viewerIp');
    },
  );

  it("does not carry one request's viewer into the next", async () => {
    await linesOf(eventOf('listVillages', undefined, throughCdn({ [VIEWER_ADDRESS_HEADER]: '203.0.113.9' })), 'api-5');
    const { lines } = await linesOf(eventOf('listVillages', undefined, { [ORIGIN_HEADER]: SECRET }), 'api-6');
    expect(lines).toEqual([expect.objectContaining({ status: 200, correlation_id: 'api-6' })]);
    expect(lines[0]).not.toHaveProperty('viewerIp');
    expect(lines[0]).not.toHaveProperty('cdnRequestId');
  });
});
