// Business metrics count events, not calls: a repeated recall, a store's retried receipt or a replayed
// intake is answered again but counted once.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRIC, metrics } from '../../functions/commons/metrics';
import { newLotCode } from '../../shared/codes';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
let agreementId: string;
let secret: string;
// Counted, not published: the handlers run in this process, and metrics are off in tests anyway.
const counted = vi.spyOn(metrics, 'addMetric').mockImplementation(() => metrics);
const countsOf = (name: string) => counted.mock.calls.filter(([metric]) => metric === name).length;

async function recordLot(clientLotId: string) {
  return api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
    token: api.opsToken,
    body: { clientLotId, grade: 'A', quantityKg: 10, harvestedOn: chinaDay(-1), destinationStoreId: 'st-m' },
  });
}

beforeAll(async () => {
  api = await startTestApi();
  ({ agreementId } = await setupAgreement(api));
  const store = await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'st-m', name: { zh: '店', en: 'Store' }, city: 'Hangzhou' },
  });
  secret = store.body.webhookSecret;
});
afterAll(async () => api?.stop());
beforeEach(() => counted.mockClear());

describe('business metrics', () => {
  it('counts a lot once, however often its intake is replayed', async () => {
    expect((await recordLot('m-intake')).status).toBe(201);
    expect((await recordLot('m-intake')).status).toBe(200);
    expect((await recordLot('m-intake')).status).toBe(200);
    expect(countsOf(METRIC.lotRecorded)).toBe(1);
  });

  it('counts a recall once, however often ops repeat it', async () => {
    const lot = await recordLot('m-recall');
    const recall = () =>
      api.call('POST', `/api/v1/lots/${lot.body.lotCode}/recall`, {
        token: api.opsToken,
        body: { reason: { zh: '召回', en: 'Recalled' } },
      });
    expect((await recall()).status).toBe(200);
    expect((await recall()).status).toBe(200);
    expect(countsOf(METRIC.lotRecalled)).toBe(1);
  });

  it('counts an applied receipt once, however often the store retries the delivery', async () => {
    const lot = await recordLot('m-receipt');
    const body = receiptBody({ lotCode: lot.body.lotCode, receivedAt: new Date().toISOString(), acceptedKg: 10, rejectedKg: 0 });
    const first = await postReceipt(api, 'st-m', secret, body, { id: 'msg_metrics_applied' });
    const retry = await postReceipt(api, 'st-m', secret, body, { id: 'msg_metrics_applied' });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(countsOf(METRIC.receiptApplied)).toBe(1);
    expect(countsOf(METRIC.receiptException)).toBe(0);
  });

  it('counts a receipt kept as an exception once, whether it was valid or failed the schema', async () => {
    const unknownLot = receiptBody({ lotCode: newLotCode(), receivedAt: new Date().toISOString(), acceptedKg: 1, rejectedKg: 0 });
    const invalid = receiptBody({ lotCode: 'nope' });
    for (const [body, id, status] of [
      [unknownLot, 'msg_metrics_kept', 202],
      [invalid, 'msg_metrics_invalid', 400],
    ] as const) {
      expect((await postReceipt(api, 'st-m', secret, body, { id })).status).toBe(status);
      expect((await postReceipt(api, 'st-m', secret, body, { id })).status).toBe(status);
    }
    expect(countsOf(METRIC.receiptException)).toBe(2);
    expect(countsOf(METRIC.receiptApplied)).toBe(0);
  });
});
