// The demand aggregator on DynamoDB Local's stream: sales, corrections, receipts and scan counts become weekly
// figures per crop and city; the same batch delivered twice counts once; a failure part-way is reported at
// the failed record, and delivering again from it completes the figures without counting anything twice.
import { randomUUID } from 'node:crypto';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { streamRecords as allRecords } from '../../scripts/local/streams';
import { isoWeekOf } from '../../shared/demand/weeks';
import type { Repositories } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { chinaDay, sampleCrop, setupAgreement, startTestApi, type TestApi } from '../support/api';
import { lambdaContext } from '../support/events';
import { postReceipt, postSales, receiptBody, salesBody } from '../support/webhooks';

let api: TestApi;
let repos: Repositories;
let client: ReturnType<typeof localClient>;
let streams: DynamoDBStreamsClient;
let streamArn: string;
const secrets: Record<string, string> = {};

const sell = (
  storeId: string,
  date: string,
  lines: { crop: string; soldKg: number; revenueFen: number; wasteKg?: number }[],
  at?: string,
) => postSales(api, storeId, secrets[storeId]!, salesBody({ date, lines }, at));

const totals = async (crop: string, week: string, city?: string) => (await repos.demand.weekly(crop, { from: week, to: week }, city))[0];

beforeAll(async () => {
  api = await startTestApi({ streams: true });
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  streams = new DynamoDBStreamsClient({
    endpoint: api.system.dynamoEndpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  streamArn = (await client.send(new DescribeTableCommand({ TableName: api.system.tableName }))).Table?.LatestStreamArn as string;
  await api.call('PUT', '/api/v1/crops/kiwi', { token: api.opsToken, body: { name: { zh: '猕猴桃', en: 'Kiwi' }, recipes: [] } });
  for (const [storeId, city] of [
    ['hz-1', 'Hangzhou'],
    ['hz-2', 'Hangzhou'],
    ['nb-1', 'Ningbo'],
  ]) {
    const reply = await api.call('POST', '/api/v1/stores', {
      token: api.opsToken,
      body: { storeId, name: { zh: '店', en: 'Store' }, city },
    });
    secrets[storeId as string] = reply.body.webhookSecret;
  }
});
afterAll(async () => {
  streams?.destroy();
  client?.destroy();
  await api?.stop();
});

describe('weekly figures from the stream', () => {
  it('adds what stores sold per crop, in total and per city, in the ISO week of the day', async () => {
    await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
    const date = chinaDay(-8);
    const week = isoWeekOf(date);
    expect((await sell('hz-1', date, [{ crop: 'strawberry', soldKg: 10.5, revenueFen: 2_100, wasteKg: 0.25 }])).status).toBe(200);
    expect((await sell('hz-2', date, [{ crop: 'strawberry', soldKg: 4, revenueFen: 800 }])).status).toBe(200);
    expect((await sell('nb-1', date, [{ crop: 'strawberry', soldKg: 1, revenueFen: 300 }])).status).toBe(200);
    await api.system.streams!.idle();
    expect(await totals('strawberry', week)).toMatchObject({ soldGrams: 15_500, revenueFen: 3_200, wasteGrams: 250, scans: 0 });
    expect(await totals('strawberry', week, 'Hangzhou')).toMatchObject({ city: 'Hangzhou', soldGrams: 14_500, revenueFen: 2_900 });
    expect(await totals('strawberry', week, 'Ningbo')).toMatchObject({ soldGrams: 1_000 });
  });

  it('replaces a corrected day by its difference, and ignores a superseded summary', async () => {
    const date = chinaDay(-9);
    const week = isoWeekOf(date);
    const before = (await totals('strawberry', week))?.soldGrams ?? 0;
    const ningbo = (await totals('strawberry', week, 'Ningbo'))?.revenueFen ?? 0;
    await sell('nb-1', date, [{ crop: 'strawberry', soldKg: 20, revenueFen: 4_000 }], '2026-01-01T20:00:00Z');
    await sell('nb-1', date, [{ crop: 'strawberry', soldKg: 18, revenueFen: 3_600 }], '2026-01-01T22:00:00Z');
    expect((await sell('nb-1', date, [{ crop: 'strawberry', soldKg: 99, revenueFen: 1 }], '2026-01-01T21:00:00Z')).body.status).toBe(
      'superseded',
    );
    await api.system.streams!.idle();
    expect((await totals('strawberry', week))?.soldGrams).toBe(before + 18_000);
    expect((await totals('strawberry', week, 'Ningbo'))?.revenueFen).toBe(ningbo + 3_600);
  });

  it('adds what a store accepted and rejected at receipt, in its city and the week it received the lot', async () => {
    const { agreementId } = await setupAgreement(api, { committedKg: 500 });
    const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: 'agg-1', grade: 'A', quantityKg: 50, harvestedOn: chinaDay(-1), destinationStoreId: 'hz-1' },
    });
    const receivedAt = new Date().toISOString();
    const body = receiptBody({ lotCode: lot.body.lotCode, receivedAt, acceptedKg: 48.5, rejectedKg: 1.5, rejectionReason: 'bruised' });
    expect((await postReceipt(api, 'hz-1', secrets['hz-1']!, body)).status).toBe(200);
    await api.system.streams!.idle();
    const week = isoWeekOf(chinaDay(0));
    expect(await totals('strawberry', week, 'Hangzhou')).toMatchObject({ acceptedGrams: 48_500, rejectedGrams: 1_500 });
  });
});

describe('delivery', () => {
  it('counts a batch delivered twice once, and completes a batch that failed part-way when it is delivered again', async () => {
    // From here the test delivers the stream itself, as Lambda would.
    await api.system.streams!.idle();
    await api.system.streams!.stop();
    const seen = new Set((await allRecords(streams, streamArn)).map((r) => r.eventID));
    const date = chinaDay(-20);
    const week = isoWeekOf(date);
    for (const [storeId, soldKg] of [
      ['hz-1', 3],
      ['hz-2', 5],
      ['nb-1', 7],
      ['hz-1', 11], // a correction of hz-1's day: it stands, in place of 3
    ] as const) {
      const at = new Date(Date.now() + soldKg * 1000).toISOString();
      expect((await sell(storeId, date, [{ crop: 'kiwi', soldKg, revenueFen: soldKg * 100 }], at)).status).toBe(200);
    }
    const batch: DynamoDBStreamEvent = { Records: (await allRecords(streams, streamArn)).filter((r) => !seen.has(r.eventID)) };
    expect(batch.Records.filter((r) => r.dynamodb?.NewImage?.entity?.S === 'salesDay')).toHaveLength(4);
    const { handler } = await import('../../functions/demand-aggregator');
    const { deps } = await import('../../functions/commons/dependencies');
    const context = lambdaContext('demand-aggregator');

    // The third change fails once: the batch is reported failed at it, and nothing after it is added.
    const dayChanges = batch.Records.filter((r) => r.dynamodb?.NewImage?.entity?.S === 'salesDay');
    const third = dayChanges[2]!;
    const apply = deps.demand.apply.bind(deps.demand);
    const fault = vi
      .spyOn(deps.demand, 'apply')
      .mockImplementation((source, contributions) =>
        source === third.eventID ? Promise.reject(new Error('throttled')) : apply(source, contributions),
      );
    const failed = await handler(batch, context);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: third.dynamodb?.SequenceNumber }]);
    expect((await totals('kiwi', week))?.soldGrams).toBe(8_000);
    fault.mockRestore();

    // Lambda delivers again from the failed record; then the whole batch comes once more.
    const rest = batch.Records.slice(batch.Records.indexOf(third));
    expect((await handler({ Records: rest }, context)).batchItemFailures).toEqual([]);
    const once = await totals('kiwi', week);
    expect(once).toMatchObject({ soldGrams: 23_000, revenueFen: 2_300 });
    expect((await handler(batch, context)).batchItemFailures).toEqual([]);
    expect((await handler(batch, context)).batchItemFailures).toEqual([]);
    expect(await totals('kiwi', week)).toEqual(once);
    expect(await totals('kiwi', week, 'Hangzhou')).toMatchObject({ soldGrams: 16_000 });
  });

  it('ignores changes that are not sales, receipts or scan counts', async () => {
    const { handler } = await import('../../functions/demand-aggregator');
    const record = (image: Record<string, { S: string }>) => ({
      eventID: randomUUID(),
      eventName: 'INSERT' as const,
      dynamodb: { SequenceNumber: '1', NewImage: image },
    });
    const before = await api.snapshot();
    const reply = await handler(
      {
        Records: [
          record({ pk: { S: 'VILLAGE#x' }, sk: { S: '#VILLAGE' }, entity: { S: 'village' } }),
          record({ pk: { S: 'X' }, sk: { S: 'Y' } }),
        ],
      },
      lambdaContext('demand-aggregator'),
    );
    expect(reply.batchItemFailures).toEqual([]);
    expect(await api.snapshot()).toBe(before);
  });
});
