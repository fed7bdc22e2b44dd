// Business counters leave the functions as CloudWatch embedded-metric documents on stdout.
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newLotCode } from '../../shared/codes';
import { routes } from '../../shared/routes';
import { apiEvent, lambdaContext } from '../support/events';

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

const scanEvent = () => apiEvent(routes.scanLot, { params: { lotCode } });
const context = lambdaContext('scan');

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
