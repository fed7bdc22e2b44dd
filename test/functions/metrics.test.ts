// Business counters leave the functions as CloudWatch embedded-metric documents on stdout.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../functions/commons/api';
import { newLotCode } from '../../shared/codes';
import { routeKey, routes } from '../../shared/routes';

const ddb = mockClient(DynamoDBDocumentClient);
let scan: typeof import('../../functions/scan');

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 't', PUBLIC_BASE_URL: 'https://scan.example.cn', AWS_REGION: 'cn-north-1', POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  scan = await import('../../functions/scan');
});
afterEach(() => {
  ddb.reset();
  vi.restoreAllMocks();
});

const lotCode = newLotCode();
const record = {
  lotCode, harvestedOn: '2026-01-01', journey: {}, updatedAt: '2026-01-01T00:00:00.000Z', recipes: [],
  product: { crop: 'kiwi', name: { zh: '猕猴桃', en: 'Kiwi' } },
  village: { name: { zh: '村', en: 'Village' }, province: 'Shaanxi', county: 'Zhouzhi' },
};

function scanEvent(): ApiEvent {
  const key = routeKey(routes.scanLot);
  return {
    version: '2.0', routeKey: key, rawPath: `/api/v1/scan/${lotCode}`, rawQueryString: '', isBase64Encoded: false, headers: {},
    pathParameters: { lotCode },
    requestContext: {
      accountId: '1', apiId: 'a', domainName: 'd', domainPrefix: 'd', requestId: 'r', routeKey: key, stage: '$default', time: '', timeEpoch: 0,
      http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
    },
  };
}
const context = { functionName: 'scan', awsRequestId: 'r', getRemainingTimeInMillis: () => 30_000 } as Context;

async function emitted(): Promise<{ status: number; metrics: string[] }> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  const reply = await scan.handler(scanEvent(), context);
  vi.restoreAllMocks();
  const documents = lines.flatMap((line) => line.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
  return {
    status: reply.statusCode,
    metrics: documents.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((m: { Namespace: string; Metrics: { Name: string }[] }) => m.Metrics.map((x) => `${m.Namespace}/${x.Name}`))),
  };
}

describe('metrics', () => {
  it('counts a served scan under the VillageDirect namespace', async () => {
    ddb.on(GetCommand).resolves({ Item: record });
    expect(await emitted()).toEqual({ status: 200, metrics: ['VillageDirect/ScanServed'] });
  });

  it('counts an unknown code as ScanNotFound', async () => {
    ddb.on(GetCommand).resolves({});
    expect(await emitted()).toEqual({ status: 404, metrics: ['VillageDirect/ScanNotFound'] });
  });
});
