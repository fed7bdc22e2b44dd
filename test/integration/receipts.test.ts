// Store receipt webhooks on DynamoDB Local: signatures, exactly-once application, exceptions kept
// for ops, and settlement that adds up.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newLotCode } from '../../shared/codes';
import { Settlement } from '../../shared/agreements/settlement';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
let agreementId: string;
const secrets: Record<string, string> = {};
let clientLot = 0;

async function createStore(storeId: string) {
  const reply = await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId, name: { zh: '店', en: 'Store' }, city: 'Shanghai' },
  });
  secrets[storeId] = reply.body.webhookSecret;
}

/** A lot of `kg` shipped to `storeId`. */
async function shippedLot(kg: number, storeId = 'st-1'): Promise<string> {
  const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
    token: api.opsToken,
    body: { clientLotId: `r-${clientLot++}`, grade: 'A', quantityKg: kg, harvestedOn: chinaDay(-1) },
  });
  await api.call('POST', `/api/v1/lots/${lot.body.lotCode}/dispatch`, {
    token: api.opsToken,
    body: { storeId, dispatchedAt: new Date().toISOString() },
  });
  return lot.body.lotCode;
}

const settlement = async () =>
  Settlement.parse((await api.call('GET', `/api/v1/agreements/${agreementId}/settlement`, { token: api.opsToken })).body);
const exceptions = async () =>
  (await api.call('GET', '/api/v1/receipts/exceptions?limit=100', { token: api.opsToken })).body.items as {
    webhookId: string;
    reason: string;
    details: unknown;
  }[];

beforeAll(async () => {
  api = await startTestApi();
  ({ agreementId } = await setupAgreement(api, { committedKg: 10_000 }));
  await createStore('st-1');
  await createStore('st-2');
});
afterAll(async () => api?.stop());

describe('applying receipts', () => {
  it('marks the lot received and pays accepted kg × the fixed price, rounded half up', async () => {
    const lotCode = await shippedLot(12.345);
    const receivedAt = new Date().toISOString();
    const reply = await postReceipt(
      api,
      'st-1',
      secrets['st-1']!,
      receiptBody({
        lotCode,
        receivedAt,
        acceptedKg: 12.001,
        rejectedKg: 0.344,
        rejectionReason: 'bruised',
        storeReceiptNo: 'GRN-1',
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'applied', lotCode });
    expect(JSON.stringify(reply.body)).not.toMatch(/fen|payout|price/i);

    const lot = await api.call('GET', `/api/v1/lots/${lotCode}`, { token: api.opsToken });
    // 12 001 g × 1 234 fen/kg = 14 809.234 fen → 14 809
    expect(lot.body).toMatchObject({
      status: 'received',
      receipt: {
        storeId: 'st-1',
        acceptedKg: 12.001,
        rejectedKg: 0.344,
        actualPayoutFen: 14809,
        rejectionReason: 'bruised',
        storeReceiptNo: 'GRN-1',
      },
    });
    expect(lot.body.journey.map((s: { step: string }) => s.step)).toEqual(['harvested', 'shipped', 'received']);
    const line = (await settlement()).lots.find((l) => l.lotCode === lotCode);
    expect(line).toMatchObject({
      acceptedKg: 12.001,
      rejectedKg: 0.344,
      actualPayoutFen: 14809,
      expectedPayoutFen: 15234,
      status: 'received',
    });
  });

  it('applies 50 concurrent deliveries of the same webhook once and answers each the same', async () => {
    const lotCode = await shippedLot(100);
    const before = await settlement();
    const body = receiptBody({
      lotCode,
      receivedAt: new Date().toISOString(),
      acceptedKg: 99.5,
      rejectedKg: 0.5,
      rejectionReason: 'leaves',
    });
    const id = `msg_${randomUUID()}`;
    const replies = await Promise.all(Array.from({ length: 50 }, () => postReceipt(api, 'st-1', secrets['st-1']!, body, { id })));
    const statuses = replies.map((r) => r.status);
    console.log(
      `50 concurrent duplicates: ${statuses.filter((s) => s === 200).length} × 200, others: ${statuses.filter((s) => s !== 200).join(',') || 'none'}`,
    );
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const after = await settlement();
    // 99 500 g × 1 234 = 122 783 fen, added exactly once
    expect(after.totals.actualPayoutFen - before.totals.actualPayoutFen).toBe(122783);
    expect(after.totals.acceptedKg - before.totals.acceptedKg).toBeCloseTo(99.5, 6);
    const agreement = await api.call('GET', `/api/v1/agreements/${agreementId}`, { token: api.opsToken });
    expect(agreement.body.actualPayoutFen).toBe(after.totals.actualPayoutFen);
    expect(agreement.body.receivedLotCount).toBe(after.lots.filter((l) => l.status === 'received').length);
  });

  it('refuses the same webhook-id with a different body with 409 and keeps the stored receipt', async () => {
    const lotCode = await shippedLot(10);
    const id = `msg_${randomUUID()}`;
    const first = receiptBody({ lotCode, receivedAt: new Date().toISOString(), acceptedKg: 10, rejectedKg: 0 });
    expect((await postReceipt(api, 'st-1', secrets['st-1']!, first, { id })).status).toBe(200);
    const before = await api.snapshot();
    const changed = receiptBody({ lotCode, receivedAt: new Date().toISOString(), acceptedKg: 9, rejectedKg: 1, rejectionReason: 'x' });
    const reply = await postReceipt(api, 'st-1', secrets['st-1']!, changed, { id });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('webhook_id_reused');
    expect(await api.snapshot()).toBe(before);
  });

  it('keeps settlement totals equal to the sum of the lots', async () => {
    const s = await settlement();
    const sum = (pick: (l: (typeof s.lots)[number]) => number | null) => s.lots.reduce((t, l) => t + (pick(l) ?? 0), 0);
    expect(s.totals.actualPayoutFen).toBe(sum((l) => l.actualPayoutFen));
    expect(s.totals.expectedPayoutFen).toBe(sum((l) => l.expectedPayoutFen));
    expect(Math.round(s.totals.acceptedKg * 1000)).toBe(Math.round(sum((l) => l.acceptedKg) * 1000));
  });
});

describe('signed receipts that cannot be applied', () => {
  it('keeps unknown-lot, over-quantity, wrong-store and second receipts as exceptions with 202, applying nothing', async () => {
    const lotCode = await shippedLot(20);
    const done = await shippedLot(5);
    await postReceipt(
      api,
      'st-1',
      secrets['st-1']!,
      receiptBody({ lotCode: done, receivedAt: new Date().toISOString(), acceptedKg: 5, rejectedKg: 0 }),
    );
    const before = await settlement();
    const now = new Date().toISOString();
    const cases = [
      ['unknown_lot', 'st-1', { lotCode: newLotCode(), receivedAt: now, acceptedKg: 1, rejectedKg: 0 }],
      ['over_quantity', 'st-1', { lotCode, receivedAt: now, acceptedKg: 20, rejectedKg: 0.001, rejectionReason: 'x' }],
      ['wrong_store', 'st-2', { lotCode, receivedAt: now, acceptedKg: 20, rejectedKg: 0 }],
      ['duplicate_lot_receipt', 'st-1', { lotCode: done, receivedAt: now, acceptedKg: 5, rejectedKg: 0 }],
    ] as const;
    for (const [reason, storeId, data] of cases) {
      const id = `msg_${randomUUID()}`;
      const reply = await postReceipt(api, storeId, secrets[storeId]!, receiptBody(data), { id });
      expect({ reason, status: reply.status, body: reply.body }).toEqual({
        reason,
        status: 202,
        body: { webhookId: id, status: 'exception', lotCode: data.lotCode, reason },
      });
      expect((await exceptions()).find((e) => e.webhookId === id)?.reason).toBe(reason);
    }
    const after = await settlement();
    expect(after.totals).toEqual(before.totals);
  });

  it('answers a signed body that fails the schema with 400 and field details, and records it once', async () => {
    const id = `msg_${randomUUID()}`;
    const body = JSON.stringify({
      type: 'shipment.received',
      timestamp: new Date().toISOString(),
      data: { lotCode: 'nope', acceptedKg: -1, rejectedKg: 1, extra: true },
    });
    for (let i = 0; i < 3; i++) {
      const reply = await postReceipt(api, 'st-1', secrets['st-1']!, body, { id });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(
        expect.arrayContaining(['data.lotCode', 'data.receivedAt', 'data.acceptedKg', 'data.extra']),
      );
    }
    const kept = (await exceptions()).filter((e) => e.webhookId === id);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.reason).toBe('invalid_payload');
  });
});

describe('authentication', () => {
  it('answers 401 and writes nothing for unsigned, badly signed, stale, future and unknown-store deliveries', async () => {
    const lotCode = await shippedLot(3);
    const body = receiptBody({ lotCode, receivedAt: new Date().toISOString(), acceptedKg: 3, rejectedKg: 0 });
    const before = await api.snapshot();
    const secret = secrets['st-1']!;
    const now = Date.now();
    const attempts: [string, () => Promise<{ status: number }>][] = [
      [
        'no headers',
        () => api.call('POST', '/api/v1/stores/st-1/receipts', { raw: body, headers: { 'content-type': 'application/json' } }),
      ],
      ['malformed signature', () => postReceipt(api, 'st-1', secret, body, { signature: 'sha256=abc' })],
      ['other store’s secret', () => postReceipt(api, 'st-1', secrets['st-2']!, body)],
      ['one byte of whitespace changed', () => postReceipt(api, 'st-1', secret, body, { sentBody: body.replace(',', ', ') })],
      // The exact ±299/301 s edges are tested with a fixed clock in test/shared/webhooks.test.ts; here the
      // margin absorbs the time a slow machine takes between signing and verifying.
      ['310 s old', () => postReceipt(api, 'st-1', secret, body, { at: new Date(now - 310_000) })],
      ['310 s ahead', () => postReceipt(api, 'st-1', secret, body, { at: new Date(now + 310_000) })],
      ['unknown store', () => postReceipt(api, 'no-such-store', secret, body)],
      ['non-numeric timestamp', () => postReceipt(api, 'st-1', secret, body, { headers: { 'webhook-timestamp': 'yesterday' } })],
    ];
    for (const [name, attempt] of attempts) {
      expect({ name, status: (await attempt()).status }).toEqual({ name, status: 401 });
    }
    expect(await api.snapshot()).toBe(before);
  });

  it('accepts timestamps well inside the window, either side of now', async () => {
    for (const offset of [-200_000, 200_000]) {
      const lotCode = await shippedLot(1);
      const body = receiptBody({ lotCode, receivedAt: new Date().toISOString(), acceptedKg: 1, rejectedKg: 0 });
      expect((await postReceipt(api, 'st-1', secrets['st-1']!, body, { at: new Date(Date.now() + offset) })).status).toBe(200);
    }
  });

  it('rotates a secret: the new one works at once, the old one keeps working, and the secret is shown only on rotation', async () => {
    await createStore('st-rotate');
    const old = secrets['st-rotate']!;
    const lot1 = await shippedLot(2, 'st-rotate');
    // Prime the function's secret cache with the old secret.
    expect(
      (
        await postReceipt(
          api,
          'st-rotate',
          old,
          receiptBody({ lotCode: lot1, receivedAt: new Date().toISOString(), acceptedKg: 1, rejectedKg: 0 }),
        )
      ).status,
    ).toBe(200);

    const rotated = await api.call('POST', '/api/v1/stores/st-rotate/webhook-secret/rotate', { token: api.opsToken });
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.webhookSecret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    expect(Date.parse(rotated.body.previousSecretValidUntil) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    const lot2 = await shippedLot(2, 'st-rotate');
    const lot3 = await shippedLot(2, 'st-rotate');
    const viaNew = await postReceipt(
      api,
      'st-rotate',
      fresh,
      receiptBody({ lotCode: lot2, receivedAt: new Date().toISOString(), acceptedKg: 2, rejectedKg: 0 }),
    );
    expect(viaNew.status).toBe(200);
    const viaOld = await postReceipt(
      api,
      'st-rotate',
      old,
      receiptBody({ lotCode: lot3, receivedAt: new Date().toISOString(), acceptedKg: 2, rejectedKg: 0 }),
    );
    expect(viaOld.status).toBe(200);

    const unknown = await api.call('POST', '/api/v1/stores/nobody/webhook-secret/rotate', { token: api.opsToken });
    expect(unknown.status).toBe(404);
  });
});
