// A store must never get a 2xx for a receipt that was not durably stored, nor a 4xx for our fault:
// storage faults answer 5xx so the store retries.
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newLotCode } from '../../shared/codes';
import { routes } from '../../shared/routes';
import { apiEvent, lambdaContext } from '../support/events';
import { sign } from '../../shared/stores/webhooks';

const ddb = mockClient(DynamoDBDocumentClient);
let receipts: typeof import('../../functions/receipts');

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const lotCode = newLotCode();
const lot = {
  lotCode,
  agreementId: 'agr_0000000000000000',
  villageId: 'vil_0000000000000000',
  crop: 'kiwi',
  clientLotId: 'c',
  grade: 'A',
  grams: 10_000,
  fenPerKg: 100,
  expectedPayoutFen: 1000,
  harvestedOn: '2026-01-01',
  recordedBy: 's',
  recordedAt: '2026-01-01T00:00:00.000Z',
  dispatch: { storeId: 'st-1', at: '2026-01-01T01:00:00.000Z' },
};
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 'faults',
    PUBLIC_BASE_URL: 'https://example.test',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  receipts = await import('../../functions/receipts');
});
afterEach(() => ddb.reset());

function delivery(data: Record<string, unknown>) {
  const body = JSON.stringify({ type: 'shipment.received', timestamp: new Date().toISOString(), data });
  const id = `msg_${Math.random()}`;
  const now = new Date();
  return apiEvent(routes.receiveReceipt, {
    params: { storeId: 'st-1' },
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': sign(SECRET, id, now, body),
    },
  });
}

const context = lambdaContext('receipts');
const valid = { lotCode, receivedAt: new Date().toISOString(), acceptedKg: 10, rejectedKg: 0 };

function storeHas(secretOrThrottle: 'secret' | 'throttle') {
  const get = ddb.on(GetCommand, { Key: { pk: 'STORESECRET#st-1', sk: '#SECRET' } });
  if (secretOrThrottle === 'throttle') get.rejects(throttled());
  else get.resolves({ Item: { current: SECRET } });
}

describe('receipt storage faults', () => {
  it('answers 503, not 401, when the store secret cannot be read', async () => {
    storeHas('throttle');
    const reply = await receipts.handler(delivery(valid), context);
    expect(reply.statusCode).toBe(503);
  });

  it('answers 503 when the transaction that applies a receipt is throttled', async () => {
    storeHas('secret');
    ddb.on(GetCommand, { Key: { pk: `LOT#${lotCode}`, sk: '#LOT' } }).resolves({ Item: lot });
    ddb.on(TransactWriteCommand).rejects(throttled());
    const reply = await receipts.handler(delivery(valid), context);
    expect(reply.statusCode).toBe(503);
  });

  it('answers 503 when an exception cannot be stored, rather than 202', async () => {
    storeHas('secret');
    ddb.on(GetCommand, { Key: { pk: `LOT#${lotCode}`, sk: '#LOT' } }).resolves({});
    ddb.on(PutCommand).rejects(throttled());
    const reply = await receipts.handler(delivery(valid), context);
    expect(reply.statusCode).toBe(503);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('answers 500 without detail on an unexpected storage error', async () => {
    storeHas('secret');
    ddb.on(GetCommand, { Key: { pk: `LOT#${lotCode}`, sk: '#LOT' } }).rejects(new Error('disk on fire'));
    const reply = await receipts.handler(delivery(valid), context);
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toContain('disk');
  });

  it('stores and applies with two requests when the secret is cached', async () => {
    storeHas('secret');
    ddb.on(GetCommand, { Key: { pk: `LOT#${lotCode}`, sk: '#LOT' } }).resolves({ Item: lot });
    ddb.on(TransactWriteCommand).resolves({});
    await receipts.handler(delivery(valid), context);
    ddb.resetHistory();
    const reply = await receipts.handler(delivery(valid), context);
    expect(reply.statusCode).toBe(200);
    expect(ddb.calls()).toHaveLength(2);
  });
});
