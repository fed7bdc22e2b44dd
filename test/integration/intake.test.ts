// The volume, retry, window, state and grade invariants of harvest intake, on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const lot = (clientLotId: string, quantityKg: number, extra: Record<string, unknown> = {}) => ({
  clientLotId,
  grade: 'A',
  quantityKg,
  harvestedOn: chinaDay(-1),
  ...extra,
});

describe('harvest intake', () => {
  it('accepts exactly 66 of 100 concurrent 15 kg lots on a 1000 kg agreement and refuses 34 as over_commitment', async () => {
    const { agreementId, villageId } = await setupAgreement(api);
    const token = await api.villageToken(villageId);
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => api.call('POST', `/api/v1/agreements/${agreementId}/lots`, { token, body: lot(`c-${i}`, 15) })),
    );
    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 409);
    console.log(
      `100-way concurrent intake: ${created.length} created, ${refused.length} refused, other: ${100 - created.length - refused.length}`,
    );
    expect(created).toHaveLength(66);
    expect(refused).toHaveLength(34);
    expect(refused.every((r) => r.body.error.code === 'over_commitment')).toBe(true);

    const agreement = await api.call('GET', `/api/v1/agreements/${agreementId}`, { token });
    expect(agreement.body.deliveredKg).toBe(990);
    expect(agreement.body.remainingKg).toBe(10);
    expect(agreement.body.lotCount).toBe(66);
    const settlement = await api.call('GET', `/api/v1/agreements/${agreementId}/settlement`, { token });
    expect(settlement.body.lots).toHaveLength(66);
    expect(settlement.body.totals.quantityKg).toBe(990);
    expect(new Set(settlement.body.lots.map((l: { lotCode: string }) => l.lotCode))).toEqual(new Set(created.map((r) => r.body.lotCode)));
  });

  it('accepts a lot that exactly fills committed volume plus tolerance and refuses one gram more', async () => {
    const { agreementId } = await setupAgreement(api, { committedKg: 100, tolerancePct: 2.5 });
    const path = `/api/v1/agreements/${agreementId}/lots`;
    const token = api.opsToken;
    expect((await api.call('POST', path, { token, body: lot('edge-1', 100) })).status).toBe(201);
    const overByOneGram = await api.call('POST', path, { token, body: lot('edge-2', 2.501) });
    expect(overByOneGram.status).toBe(409);
    expect(overByOneGram.body.error).toMatchObject({ code: 'over_commitment', details: { remainingKg: 2.5 } });
    const exactFit = await api.call('POST', path, { token, body: lot('edge-3', 2.5) });
    expect(exactFit.status).toBe(201);
    const agreement = await api.call('GET', `/api/v1/agreements/${agreementId}`, { token });
    expect(agreement.body).toMatchObject({ maxKg: 102.5, deliveredKg: 102.5, remainingKg: 0 });
  });

  it('creates one lot for 5 concurrent requests with the same clientLotId and counts it once', async () => {
    const { agreementId, villageId } = await setupAgreement(api);
    const token = await api.villageToken(villageId);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => api.call('POST', `/api/v1/agreements/${agreementId}/lots`, { token, body: lot('same-lot', 12.5) })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.lotCode)).size).toBe(1);
    const agreement = await api.call('GET', `/api/v1/agreements/${agreementId}`, { token });
    expect(agreement.body).toMatchObject({ deliveredKg: 12.5, lotCount: 1 });
  });

  it('refuses a reused clientLotId that describes a different lot, writing nothing', async () => {
    const { agreementId } = await setupAgreement(api);
    const path = `/api/v1/agreements/${agreementId}/lots`;
    const first = await api.call('POST', path, { token: api.opsToken, body: lot('reuse', 10) });
    const before = await api.snapshot();
    const reused = await api.call('POST', path, { token: api.opsToken, body: lot('reuse', 11) });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'client_lot_id_reused', details: { lotCode: first.body.lotCode } });
    expect(await api.snapshot()).toBe(before);
  });

  it('still answers a retry with the original lot after the agreement is cancelled', async () => {
    const { agreementId } = await setupAgreement(api);
    const path = `/api/v1/agreements/${agreementId}/lots`;
    const first = await api.call('POST', path, { token: api.opsToken, body: lot('before-cancel', 10) });
    await api.call('POST', `/api/v1/agreements/${agreementId}/cancel`, { token: api.opsToken, body: {} });
    const retry = await api.call('POST', path, { token: api.opsToken, body: lot('before-cancel', 10) });
    expect(retry.status).toBe(200);
    expect(retry.body.lotCode).toBe(first.body.lotCode);
  });

  it.each([
    ['outside_window', lot('late', 1, { harvestedOn: chinaDay(-11) })],
    ['unknown_grade', lot('grade', 1, { grade: 'Z' })],
  ])('refuses a lot with 409 %s and writes nothing', async (code, body) => {
    const { agreementId } = await setupAgreement(api);
    const before = await api.snapshot();
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, { token: api.opsToken, body });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe(code);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses lots for a cancelled agreement with 409 agreement_not_active and writes nothing', async () => {
    const { agreementId } = await setupAgreement(api);
    const cancel = await api.call('POST', `/api/v1/agreements/${agreementId}/cancel`, {
      token: api.opsToken,
      body: { reason: 'Village asked to stop' },
    });
    expect(cancel.body).toMatchObject({ status: 'cancelled', cancelReason: 'Village asked to stop', remainingKg: 0 });
    const before = await api.snapshot();
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, { token: api.opsToken, body: lot('x', 1) });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('agreement_not_active');
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses a harvest date in the future and a weight with more than 3 decimals as 400 with field details', async () => {
    const { agreementId } = await setupAgreement(api);
    const path = `/api/v1/agreements/${agreementId}/lots`;
    const before = await api.snapshot();
    const future = await api.call('POST', path, { token: api.opsToken, body: lot('f', 1, { harvestedOn: chinaDay(2) }) });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([{ path: 'harvestedOn', message: expect.any(String) }]);
    const precise = await api.call('POST', path, { token: api.opsToken, body: lot('p', 1.0005) });
    expect(precise.status).toBe(400);
    expect(precise.body.error.details).toEqual([{ path: 'quantityKg', message: 'at most 3 decimals' }]);
    expect(await api.snapshot()).toBe(before);
  });

  it('returns the lot code, QR URL and expected payout, rounded half up per lot', async () => {
    const { agreementId } = await setupAgreement(api);
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: lot('money', 12.345),
    });
    expect(reply.status).toBe(201);
    // 12 345 g × 1 234 fen/kg = 15 233.73 fen → 15 234 fen
    expect(reply.body).toMatchObject({ quantityKg: 12.345, fenPerKg: 1234, expectedPayoutFen: 15234, status: 'harvested' });
    expect(reply.body.lotCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{18}$/);
    expect(reply.body.qrUrl).toBe(`${api.system.url}/l/${reply.body.lotCode}`);
  });
});
