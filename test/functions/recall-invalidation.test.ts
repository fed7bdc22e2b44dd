// Recall in AWS: after the recall is stored, the lot's scan lookup leaves the CDN caches. Only that path:
// the page routes share one cached index.html that holds no lot data (shared/scan/cache.ts).
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newLotCode } from '../../shared/codes';
import { routes } from '../../shared/routes';
import { apiEvent, lambdaContext, OPS_CLAIMS } from '../support/events';

const ddb = mockClient(DynamoDBDocumentClient);
const cloudFront = mockClient(CloudFrontClient);
let lots: typeof import('../../functions/lots');

const lotCode = newLotCode();
const lot = {
  lotCode,
  agreementId: 'agr_0000000000000000',
  villageId: 'vil_0000000000000000',
  crop: 'kiwi',
  gtin: '06931234567899',
  clientLotId: 'c',
  grade: 'A',
  grams: 1000,
  fenPerKg: 100,
  expectedPayoutFen: 100,
  harvestedOn: '2026-01-01',
  recordedBy: 's',
  recordedAt: '2026-01-01T00:00:00.000Z',
};

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 't',
    PUBLIC_BASE_URL: 'https://scan.example.cn',
    DISTRIBUTION_ID: 'E2EXAMPLE',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  lots = await import('../../functions/lots');
});
afterEach(() => {
  ddb.reset();
  cloudFront.reset();
});

function recallEvent() {
  return apiEvent(routes.recallLot, {
    params: { lotCode },
    body: JSON.stringify({ reason: { zh: '召回', en: 'Recalled' } }),
    claims: OPS_CLAIMS,
  });
}
const context = lambdaContext('lots');

describe('recall invalidation', () => {
  it("invalidates the lot's scan path on the configured distribution", async () => {
    ddb.on(GetCommand).resolves({ Item: lot });
    ddb.on(TransactWriteCommand).resolves({});
    cloudFront.on(CreateInvalidationCommand).resolves({});
    const reply = await lots.handler(recallEvent(), context);
    expect(reply.statusCode).toBe(200);
    const [call] = cloudFront.commandCalls(CreateInvalidationCommand);
    expect(call!.args[0].input).toMatchObject({
      DistributionId: 'E2EXAMPLE',
      InvalidationBatch: {
        Paths: { Quantity: 1, Items: [`/api/v1/scan/${lotCode}`] },
      },
    });
  });

  it('answers 5xx when the invalidation fails, so ops repeat the (idempotent) recall', async () => {
    ddb.on(GetCommand).resolves({
      Item: { ...lot, recall: { reason: { zh: '召回', en: 'Recalled' }, recalledAt: '2026-01-02T00:00:00.000Z', recalledBy: 'ops-1' } },
    });
    cloudFront.on(CreateInvalidationCommand).rejects(new Error('TooManyInvalidationsInProgress'));
    const reply = await lots.handler(recallEvent(), context);
    expect(reply.statusCode).toBeGreaterThanOrEqual(500);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});
