// Offers on DynamoDB Local: ops offer a village an agreement, its staff accept it (the agreement is signed in
// the same transaction, once, however many acceptances race) or decline it, offers lapse, and refusals
// write nothing. The agreement an offer becomes takes lots like any other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agreement } from '../../shared/agreements/agreement';
import { Offer, OfferPage } from '../../shared/offers/offer';
import { chinaDay, sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let villageId: string;
let otherVillageId: string;
let staff: string;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const terms = (extra: Record<string, unknown> = {}) => ({
  villageId,
  crop: 'strawberry',
  variety: 'Hongyan',
  gtin: '6931234567899',
  committedKg: 1_200.5,
  tolerancePct: 2.5,
  prices: [
    { grade: 'A', fenPerKg: 1_800 },
    { grade: 'B', fenPerKg: 1_100 },
  ],
  deliveryWindow: { from: chinaDay(-1), to: chinaDay(60) },
  expiresAt: inDays(7),
  ...extra,
});
const offer = async (extra: Record<string, unknown> = {}) => {
  const reply = await api.call('POST', '/api/v1/offers', { token: api.opsToken, body: terms(extra) });
  if (reply.status !== 201) throw new Error(`offer refused: ${JSON.stringify(reply.body)}`);
  return reply.body.offerId as string;
};
const answer = (offerId: string, verb: 'accept' | 'decline', token = staff, body?: unknown) =>
  api.call('POST', `/api/v1/offers/${offerId}/${verb}`, { token, body });
const agreementsOf = async (village: string) =>
  (await api.call('GET', `/api/v1/villages/${village}/agreements?limit=100`, { token: api.opsToken })).body.items as {
    agreementId: string;
  }[];

beforeAll(async () => {
  api = await startTestApi();
  await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
  villageId = (await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: sampleVillage() })).body.villageId;
  otherVillageId = (await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: sampleVillage('Other') })).body.villageId;
  staff = await api.villageToken(villageId);
});
afterAll(async () => api?.stop());

describe('offering and accepting', () => {
  it('signs the offered agreement when the village accepts, once, and answers a second acceptance with the same agreement', async () => {
    const reasons = { zh: '2027年第9–20周需求预测120吨，缺口80吨。', en: 'Demand forecast 120 t for weeks 9–20 of 2027, 80 t open.' };
    const created = await api.call('POST', '/api/v1/offers', { token: api.opsToken, body: terms({ reasons }) });
    expect(created.status).toBe(201);
    expect(Offer.parse(created.body)).toMatchObject({
      status: 'open',
      committedKg: 1_200.5,
      tolerancePct: 2.5,
      gtin: '06931234567899',
      reasons,
      cropName: { zh: '草莓', en: 'Strawberry' },
    });
    const { offerId } = created.body;

    const accepted = await answer(offerId, 'accept');
    expect(accepted.status).toBe(201);
    expect(Offer.parse(accepted.body)).toMatchObject({ offerId, status: 'accepted', agreementId: expect.stringMatching(/^agr_/) });
    const again = await answer(offerId, 'accept');
    expect([again.status, again.body]).toEqual([200, accepted.body]);

    const agreement = await api.call('GET', `/api/v1/agreements/${accepted.body.agreementId}`, { token: staff });
    expect(Agreement.parse(agreement.body)).toMatchObject({
      villageId,
      crop: 'strawberry',
      variety: 'Hongyan',
      gtin: '06931234567899',
      status: 'active',
      committedKg: 1_200.5,
      tolerancePct: 2.5,
      maxKg: 1_230.512,
      prices: terms().prices,
      deliveryWindow: terms().deliveryWindow,
    });
    // It works like any other agreement: lots are recorded against it.
    const lot = await api.call('POST', `/api/v1/agreements/${accepted.body.agreementId}/lots`, {
      token: staff,
      body: { clientLotId: 'offer-lot-1', grade: 'A', quantityKg: 100, harvestedOn: chinaDay(0) },
    });
    expect(lot.status).toBe(201);
    expect(lot.body.expectedPayoutFen).toBe(180_000);
  });

  it('signs one agreement for 12 acceptances racing each other, and answers all of them with it', async () => {
    const offerId = await offer();
    const before = (await agreementsOf(villageId)).length;
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => answer(offerId, 'accept', i % 2 ? staff : api.opsToken)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.agreementId)).size).toBe(1);
    const after = await agreementsOf(villageId);
    expect(after.length).toBe(before + 1);
    expect(after.map((a) => a.agreementId)).toContain(replies[0]?.body.agreementId);
  });

  it('lists a village’s offers for its staff and every offer for ops, newest first, by status', async () => {
    const first = await offer();
    const second = await offer();
    const theirs = await api.call('GET', `/api/v1/villages/${villageId}/offers?status=open`, { token: staff });
    expect(theirs.status).toBe(200);
    const ids = OfferPage.parse(theirs.body).items.map((o) => o.offerId);
    expect(ids.indexOf(second)).toBeLessThan(ids.indexOf(first));
    expect(theirs.body.items.every((o: { status: string }) => o.status === 'open')).toBe(true);
    const all = await api.call('GET', '/api/v1/offers?status=accepted&limit=100', { token: api.opsToken });
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    expect(all.body.items.every((o: { status: string }) => o.status === 'accepted')).toBe(true);
    expect((await api.call('GET', '/api/v1/offers', { token: staff })).status).toBe(403);
    expect((await api.call('GET', `/api/v1/villages/${otherVillageId}/offers`, { token: staff })).status).toBe(403);
  });
});

describe('declining and lapsing', () => {
  it('declines once, then refuses to accept the declined offer or decline an accepted one, writing nothing', async () => {
    const offerId = await offer();
    const declined = await answer(offerId, 'decline', staff, { reason: '太远，运不过去' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: '太远，运不过去' });
    expect((await answer(offerId, 'decline', staff, {})).body).toEqual(declined.body);
    const accepted = await offer();
    await answer(accepted, 'accept');

    const before = await api.snapshot();
    const late = await answer(offerId, 'accept');
    expect([late.status, late.body.error.code]).toEqual([409, 'offer_not_open']);
    const reversed = await answer(accepted, 'decline', staff, {});
    expect([reversed.status, reversed.body.error.code]).toEqual([409, 'offer_not_open']);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses to accept or decline an offer past its expiry with 409 offer_expired, writing nothing, and lists it as expired', async () => {
    const offerId = await offer({ expiresAt: new Date(Date.now() + 1_500).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = await api.snapshot();
    for (const verb of ['accept', 'decline'] as const) {
      const reply = await answer(offerId, verb, staff, verb === 'decline' ? {} : undefined);
      expect([reply.status, reply.body.error.code]).toEqual([409, 'offer_expired']);
    }
    expect(await api.snapshot()).toBe(before);
    const expired = await api.call('GET', `/api/v1/villages/${villageId}/offers?status=expired`, { token: staff });
    expect(expired.body.items.map((o: { offerId: string }) => o.offerId)).toContain(offerId);
  });
});

describe('bad requests', () => {
  it('refuses bad offers with 400 naming the field, staff making offers with 403, and writes nothing', async () => {
    const before = await api.snapshot();
    const cases = [
      [{ expiresAt: inDays(-1) }, 'expiresAt'],
      [{ expiresAt: inDays(91) }, 'expiresAt'],
      [{ expiresAt: 'next week' }, 'expiresAt'],
      [{ committedKg: -5 }, 'committedKg'],
      [{ crop: 'durian' }, 'crop'],
      [{ villageId: 'vil_0000000000000000' }, 'villageId'],
      [{ surprise: true }, 'surprise'],
    ] as const;
    for (const [extra, field] of cases) {
      const reply = await api.call('POST', '/api/v1/offers', { token: api.opsToken, body: terms(extra) });
      expect({ field, status: reply.status, path: reply.body.error.details[0].path }).toEqual({ field, status: 400, path: field });
    }
    expect((await api.call('POST', '/api/v1/offers', { token: staff, body: terms() })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/offers', { body: terms() })).status).toBe(401);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses another village’s staff with 403, an unknown offer with 404 and a malformed id with 400, writing nothing', async () => {
    const offerId = await offer();
    const before = await api.snapshot();
    const other = await api.villageToken(otherVillageId);
    expect((await answer(offerId, 'accept', other)).status).toBe(403);
    expect((await answer(offerId, 'decline', other, {})).status).toBe(403);
    expect((await answer('off_0000000000000000', 'accept')).status).toBe(404);
    const malformed = await answer('offer-1', 'accept');
    expect([malformed.status, malformed.body.error.details[0].path]).toEqual([400, 'path.offerId']);
    expect((await answer(offerId, 'decline', staff, { reason: '' })).status).toBe(400);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses a cursor of the village’s agreements, which share its index partition, on its offers', async () => {
    const agreement = { ...terms(), expiresAt: undefined };
    for (let i = 0; i < 2; i++) await api.call('POST', '/api/v1/agreements', { token: api.opsToken, body: agreement });
    const page = await api.call('GET', `/api/v1/villages/${villageId}/agreements?limit=1`, { token: staff });
    const crossed = await api.call('GET', `/api/v1/villages/${villageId}/offers?cursor=${page.body.nextCursor}`, { token: staff });
    expect([crossed.status, crossed.body.error.details[0].path]).toEqual([400, 'cursor']);
  });
});
