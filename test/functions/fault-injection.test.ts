// Handler error paths with the SDK faked: storage faults must never look like success or like
// the caller's fault, and 5xx bodies must not leak internals.
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/routes';
import { apiEvent, lambdaContext, OPS_CLAIMS } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
let lots: typeof import('../../functions/lots');

beforeAll(async () => {
  process.env.TABLE_NAME = 'faults';
  process.env.PUBLIC_BASE_URL = 'https://example.test';
  process.env.AWS_REGION = 'cn-north-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  lots = await import('../../functions/lots');
});
afterEach(() => ddb.reset());

const agreement = {
  agreementId: 'agr_0000000000000000',
  villageId: 'vil_0000000000000000',
  crop: 'strawberry',
  committedGrams: 1_000_000,
  toleranceBasisPoints: 0,
  capGrams: 1_000_000,
  prices: [{ grade: 'A', fenPerKg: 100 }],
  deliveryWindow: { from: '2000-01-01', to: '2999-12-31' },
  status: 'active',
  deliveredGrams: 0,
  expectedPayoutFen: 0,
  lotCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'ops',
};

function intakeEvent() {
  return apiEvent(routes.recordLot, {
    params: { agreementId: agreement.agreementId },
    body: JSON.stringify({ clientLotId: 'c1', grade: 'A', quantityKg: 1, harvestedOn: '2026-01-02' }),
    claims: OPS_CLAIMS,
  });
}

const context = lambdaContext('lots');
const invoke = () => lots.handler(intakeEvent(), context);

describe('storage faults on intake', () => {
  it('answers 503 with Retry-After, not 2xx or 4xx, when DynamoDB throttles', async () => {
    ddb.on(GetCommand).resolves({ Item: agreement });
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const reply = await invoke();
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(JSON.parse(reply.body).error.code).toBe('service_unavailable');
  });

  it('answers a generic 500 that leaks no internals when DynamoDB fails unexpectedly', async () => {
    ddb.on(GetCommand).rejects(new Error('socket hang up at 10.0.0.7: table faults'));
    const reply = await invoke();
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toMatch(/socket|10\.0\.0\.7|faults/);
    expect(JSON.parse(reply.body).error.code).toBe('internal_error');
  });

  it('retries transaction conflicts and succeeds when the conflict clears', async () => {
    ddb.on(GetCommand).resolves({ Item: agreement });
    const conflict = new TransactionCanceledException({
      message: 'conflict',
      $metadata: {},
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
    });
    ddb.on(TransactWriteCommand).rejectsOnce(conflict).rejectsOnce(conflict).resolves({});
    const reply = await invoke();
    expect(reply.statusCode).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on endless transaction conflicts with 503 after a bounded number of attempts', async () => {
    ddb.on(GetCommand).resolves({ Item: agreement });
    ddb
      .on(TransactWriteCommand)
      .rejects(
        new TransactionCanceledException({ message: 'conflict', $metadata: {}, CancellationReasons: [{ Code: 'TransactionConflict' }] }),
      );
    const reply = await invoke();
    expect(reply.statusCode).toBe(503);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(10);
  }, 30_000);

  it('reports over_commitment from the condition that failed inside the transaction', async () => {
    ddb.on(GetCommand).resolves({ Item: agreement });
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [
          {
            Code: 'ConditionalCheckFailed',
            Item: { status: { S: 'active' }, capGrams: { N: '1000000' }, deliveredGrams: { N: '999500' } },
          },
          { Code: 'None' },
          { Code: 'None' },
        ],
      }),
    );
    const reply = await invoke();
    expect(reply.statusCode).toBe(409);
    expect(JSON.parse(reply.body).error).toMatchObject({ code: 'over_commitment', details: { remainingKg: 0.5 } });
  });
});
