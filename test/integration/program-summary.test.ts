// The program summary on DynamoDB Local: agreements signed, lots delivered, receipts paid and cancellations
// reach the read model through the table's stream, the summary of a year reads it with one query, and a
// stream record delivered again counts once.
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramSummary } from '../../shared/program/program';
import { chinaDay, sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';
import { lambdaContext } from '../support/events';
import { agreement } from '../support/records';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
/** The year of the deliveries below: the year their windows start in. */
const year = Number(chinaDay(-10).slice(0, 4));
const sent: string[] = [];

const summary = (query: string, token = api.opsToken) => api.call('GET', `/api/v1/program/summary${query}`, { token });
const village = async (name: string, province: string) =>
  (await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: { ...sampleVillage(name), province } })).body
    .villageId as string;
const agree = async (villageId: string, committedKg: number, from = -10, to = 10) =>
  (
    await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: {
        villageId,
        crop: 'strawberry',
        committedKg,
        tolerancePct: 0,
        prices: [{ grade: 'A', fenPerKg: 1_234 }],
        deliveryWindow: { from: chinaDay(from), to: chinaDay(to) },
      },
    })
  ).body.agreementId as string;

beforeAll(async () => {
  api = await startTestApi({ streams: true });
  const { dynamoDb } = await import('../../functions/commons/dynamodb');
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'programCountRequests' },
  );
  await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
  const anji = await village('Anji', 'Zhejiang');
  const danling = await village('Danling', 'Sichuan');
  const later = await village('Later', 'Sichuan');

  const delivering = await agree(anji, 1_000);
  await agree(danling, 500);
  const cancelled = await agree(danling, 300);
  await api.call('POST', `/api/v1/agreements/${cancelled}/cancel`, { token: api.opsToken, body: {} });
  await agree(later, 700, 400, 420);

  const store = await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'hz-summary', name: { zh: '店', en: 'Store' }, city: 'Hangzhou' },
  });
  const lot = await api.call('POST', `/api/v1/agreements/${delivering}/lots`, {
    token: api.opsToken,
    body: { clientLotId: 'summary-1', grade: 'A', quantityKg: 20, harvestedOn: chinaDay(-1), destinationStoreId: 'hz-summary' },
  });
  const receivedAt = new Date().toISOString();
  await api.call('POST', `/api/v1/lots/${lot.body.lotCode}/dispatch`, {
    token: api.opsToken,
    body: { storeId: 'hz-summary', dispatchedAt: receivedAt },
  });
  const receipt = receiptBody({ lotCode: lot.body.lotCode, receivedAt, acceptedKg: 19, rejectedKg: 1, rejectionReason: 'bruised' });
  expect((await postReceipt(api, 'hz-summary', store.body.webhookSecret, receipt)).status).toBe(200);
  await api.system.streams!.idle();
});
afterAll(async () => api?.stop());

describe('GET /api/v1/program/summary', () => {
  it('shows the year’s villages, agreements, deliveries and payments by province against the targets, with one query', async () => {
    sent.length = 0;
    const reply = await summary(`?year=${year}`);
    expect(sent).toEqual(['QueryCommand']);
    expect(reply.status).toBe(200);
    expect(ProgramSummary.parse(reply.body)).toEqual({
      year,
      villages: { active: 2, target: 1_000 },
      agreements: { count: 2, committedKg: 1_500 },
      deliveredKg: 20,
      acceptedKg: 19,
      paidFen: 19 * 1_234,
      targetPaidFen: 2_000_000_000_000,
      progress: { villagesPct: 0.2, paidPct: 0 },
      byProvince: [
        { province: 'Zhejiang', villages: 1, agreements: 1, committedKg: 1_000, deliveredKg: 20, acceptedKg: 19, paidFen: 23_446 },
        { province: 'Sichuan', villages: 1, agreements: 1, committedKg: 500, deliveredKg: 0, acceptedKg: 0, paidFen: 0 },
      ],
    });
  });

  it('counts an agreement in the year its delivery starts, and defaults to this year', async () => {
    const next = ProgramSummary.parse((await summary(`?year=${Number(chinaDay(400).slice(0, 4))}`)).body);
    expect(next).toMatchObject({ villages: { active: 1 }, agreements: { count: 1, committedKg: 700 }, paidFen: 0 });
    expect((await summary('')).body.year).toBe(Number(chinaDay(0).slice(0, 4)));
  });

  it('counts a stream record delivered again only once', async () => {
    const { handler } = await import('../../functions/demand-aggregator');
    const signed = agreement({ deliveryWindow: { from: '2035-03-01', to: '2035-06-30' }, committedGrams: 42_000 });
    const item = marshall(
      { pk: `AGREEMENT#${signed.agreementId}`, sk: '#AGREEMENT', entity: 'agreement', ...signed },
      { removeUndefinedValues: true },
    );
    const record = { eventID: randomUUID(), eventName: 'INSERT', dynamodb: { SequenceNumber: '7', NewImage: item } };
    const event = { Records: [record, record] } as unknown as DynamoDBStreamEvent;
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await handler(event, lambdaContext('demand-aggregator'))).batchItemFailures).toEqual([]);
    }
    const counted = ProgramSummary.parse((await summary('?year=2035')).body);
    expect(counted).toMatchObject({ villages: { active: 1 }, agreements: { count: 1, committedKg: 42 } });
  });

  it('refuses a bad year with 400, village staff with 403 and no token with 401, writing nothing', async () => {
    await api.system.streams!.idle();
    const before = await api.snapshot();
    for (const query of ['?year=abc', '?year=1999', '?year=2026.5', '?years=2026']) {
      expect((await summary(query)).status, query).toBe(400);
    }
    const staff = await api.villageToken(
      (await api.call('GET', '/api/v1/villages?limit=1', { token: api.opsToken })).body.items[0].villageId,
    );
    expect((await summary('', staff)).status).toBe(403);
    expect((await api.call('GET', '/api/v1/program/summary')).status).toBe(401);
    expect(await api.snapshot()).toBe(before);
  });
});
