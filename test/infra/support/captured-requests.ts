// The table requests behind the code paths the policies must allow, captured from the real
// repository and use cases over a stubbed client, so key prefixes cannot drift from the grants.
// Every import of application code the infra tests need for this is here, and only here.
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import { newLotCode } from '../../../shared/codes';
import type { Repositories } from '../../../shared/deps';
import type { LotRecord } from '../../../shared/lots/lot';
import { receiveReceipt, replyFor } from '../../../shared/receipts/use-cases';
import { createSecretCache } from '../../../shared/stores/signed-deliveries';
import { sign } from '../../../shared/stores/webhooks';
import { dynamoDbRepositories } from '../../../shared/table/repositories';
import { checksOf, probe, type TableRequest } from '../table-requests';

/** The authorization checks of each code path, in the order the requests were sent. */
export interface CapturedRequests {
  /** Receipts applied, kept as an exception, and replayed. */
  readonly receipts: TableRequest[];
  /** The catalogue creating a store with its secret, and rotating it. */
  readonly secretWrites: TableRequest[];
  /** The webhook function reading a store's secrets. */
  readonly secretReads: TableRequest[];
  /** Ops listing receipt exceptions. */
  readonly exceptionList: TableRequest[];
  /** One scan lookup. */
  readonly scan: TableRequest[];
}

const STORE = 'st-probe';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const lot: LotRecord = {
  lotCode: newLotCode(),
  agreementId: 'agr_probe',
  villageId: 'vil_probe',
  crop: 'kiwi',
  clientLotId: 'c1',
  grade: 'A',
  grams: 10_000,
  fenPerKg: 800,
  expectedPayoutFen: 8000,
  harvestedOn: '2026-05-01',
  recordedBy: 'staff',
  recordedAt: '2026-05-01T08:00:00.000Z',
  dispatch: { storeId: STORE, at: '2026-05-01T09:00:00.000Z' },
};

/** Runs the code paths over stubbed clients and answers the checks of every request they sent. */
export async function captureTableRequests(): Promise<CapturedRequests> {
  const bareClient = new DynamoDBClient({ region: 'cn-north-1' });
  const table = mockClient(DynamoDBDocumentClient);
  // The scan function reads through the bare client (shared/scan/dynamodb.ts).
  const bareTable = mockClient(bareClient);
  const repos = dynamoDbRepositories(bareClient, 'probe');

  /** What `run` answers, and the authorization checks of every request it sent. */
  async function observe<T>(run: (repos: Repositories) => Promise<T>): Promise<[T, TableRequest[]]> {
    table.resetHistory();
    const result = await run(repos);
    return [result, table.calls().flatMap((call) => checksOf(call.args[0] as object))];
  }

  /** Posts one signed receipt through the receipts use case and answers its HTTP status. */
  async function deliver(lotCode: string): Promise<number> {
    const now = new Date();
    const webhookId = `msg_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'shipment.received',
      timestamp: now.toISOString(),
      data: { lotCode, receivedAt: now.toISOString(), acceptedKg: 10, rejectedKg: 0 },
    });
    const headers = {
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': sign(SECRET, webhookId, now, body),
    };
    table.on(GetCommand, { Key: { pk: `RECEIPT#${STORE}#${webhookId}`, sk: '#RECEIPT' } }).resolves({
      Item: {
        storeId: STORE,
        webhookId,
        bodySha256: createHash('sha256').update(body).digest('hex'),
        status: 'exception',
        httpStatus: 202,
      },
    });
    const deps = { ...repos, now: () => new Date() };
    const { record } = await receiveReceipt(deps, createSecretCache(deps), STORE, headers, Buffer.from(body));
    return replyFor(record).status;
  }

  table.reset();
  table.on(GetCommand).resolves({});
  table.on(GetCommand, { Key: { pk: `STORESECRET#${STORE}` } }).resolves({ Item: { current: SECRET } });
  table.on(GetCommand, { Key: { pk: `LOT#${lot.lotCode}` } }).resolves({ Item: lot });

  // Applied: the secret, the lot, then one transaction over the receipt, the lot, the agreement and
  // the lot's scan projection.
  const [appliedStatus, applied] = await observe(() => deliver(lot.lotCode));
  expect(appliedStatus).toBe(200);
  expect(applied.filter((r) => r.action === 'dynamodb:UpdateItem')).toHaveLength(3);
  // Kept as an exception (unknown lot); then one whose webhook id is taken, answered from the stored receipt.
  const unknownLot = newLotCode();
  const [exceptionStatus, exception] = await observe(() => deliver(unknownLot));
  expect(exceptionStatus).toBe(202);
  table.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
  const [replayStatus, replayed] = await observe(() => deliver(unknownLot));
  expect(replayStatus).toBe(202);
  expect(replayed).toContainEqual(probe('GetItem', [expect.stringMatching(/^RECEIPT#/)]));
  const receipts = [...applied, ...exception, ...replayed];

  table.reset();
  table.resolves({});
  const at = new Date().toISOString();
  const [, secretWrites] = await observe(async (r) => {
    await r.stores.create({ storeId: STORE, name: { zh: '门店', en: 'Store' }, city: 'Chengdu', createdAt: at }, SECRET);
    await r.stores.rotateSecret(STORE, SECRET, at, at);
  });
  const [, secretReads] = await observe((r) => r.stores.secretsOf(STORE, new Date()));
  const [, exceptionList] = await observe((r) => r.receipts.listExceptions(20));
  bareTable.on(GetItemCommand).resolves({});
  await repos.scans.get(lot.lotCode);
  const scan = bareTable.calls().flatMap((call) => checksOf(call.args[0] as object));
  table.restore();
  bareTable.restore();
  return { receipts, secretWrites, secretReads, exceptionList, scan };
}
