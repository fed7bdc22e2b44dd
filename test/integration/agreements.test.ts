// Catalogue, agreements, dispatch and settlement through the API, on DynamoDB Local.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agreement, AgreementPage } from '../../shared/agreements/agreement';
import { Settlement } from '../../shared/agreements/settlement';
import { Lot } from '../../shared/lots/lot';
import { StoreCreated } from '../../shared/stores/store';
import { Village } from '../../shared/villages/village';
import { chinaDay, sampleCrop, sampleVillage, setupAgreement, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

const agreementBody = (villageId: string, extra: Record<string, unknown> = {}) => ({
  villageId,
  crop: 'strawberry',
  committedKg: 500,
  tolerancePct: 10,
  prices: [
    { grade: 'A', fenPerKg: 2000 },
    { grade: 'B', fenPerKg: 1500 },
  ],
  deliveryWindow: { from: chinaDay(-5), to: chinaDay(5) },
  ...extra,
});

describe('catalogue', () => {
  it('creates a village that its own staff can read', async () => {
    const created = await api.call('POST', '/api/v1/villages', {
      token: api.opsToken,
      body: { ...sampleVillage(), location: { lat: 30.1, lng: 103.5 }, story: { zh: '故事', en: 'Story' }, specialties: ['strawberry'] },
    });
    expect(created.status).toBe(201);
    expect(Village.parse(created.body).villageId).toMatch(/^vil_/);
    const read = await api.call('GET', `/api/v1/villages/${created.body.villageId}`, {
      token: await api.villageToken(created.body.villageId),
    });
    expect(read.body).toEqual(created.body);
  });

  it('registers a store once, returning a whsec_ secret that no read returns again', async () => {
    const body = { storeId: 'hz-xixi-001', name: { zh: '西溪店', en: 'Xixi store' }, city: 'Hangzhou' };
    const created = await api.call('POST', '/api/v1/stores', { token: api.opsToken, body });
    expect(created.status).toBe(201);
    expect(StoreCreated.parse(created.body).webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const again = await api.call('POST', '/api/v1/stores', { token: api.opsToken, body });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('store_exists');
  });

  it('replaces a crop entry on PUT', async () => {
    await api.call('PUT', '/api/v1/crops/kiwi', { token: api.opsToken, body: sampleCrop });
    const replaced = await api.call('PUT', '/api/v1/crops/kiwi', { token: api.opsToken, body: { ...sampleCrop, recipes: [] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ crop: 'kiwi', recipes: [] });
  });
});

describe('agreements', () => {
  it('signs an agreement with progress figures in kg and fen', async () => {
    const { villageId } = await setupAgreement(api);
    const reply = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: agreementBody(villageId, { gtin: '6931234567899'.padStart(14, '0') }),
    });
    expect(reply.status).toBe(201);
    expect(Agreement.parse(reply.body)).toMatchObject({
      status: 'active',
      committedKg: 500,
      maxKg: 550,
      deliveredKg: 0,
      remainingKg: 550,
      expectedPayoutFen: 0,
      gtin: '06931234567899',
      cropName: { zh: '草莓', en: 'Strawberry' },
    });
    // The name is the one signed with: a catalogue change later does not rename the agreement's produce.
    await api.call('PUT', '/api/v1/crops/strawberry', {
      token: api.opsToken,
      body: { ...sampleCrop, name: { zh: '奶油草莓', en: 'Cream strawberry' } },
    });
    const read = await api.call('GET', `/api/v1/agreements/${reply.body.agreementId}`, { token: api.opsToken });
    expect(read.body.cropName).toEqual({ zh: '草莓', en: 'Strawberry' });
    await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
  });

  it('refuses an agreement for a village or crop that does not exist, naming the field, and writes nothing', async () => {
    const { villageId } = await setupAgreement(api);
    const before = await api.snapshot();
    const reply = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: agreementBody('vil_0000000000000000', { crop: 'durian' }),
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'unknown_reference',
      details: [{ path: 'villageId' }, { path: 'crop' }],
    });
    const badGtin = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: agreementBody(villageId, { gtin: '06931234567890' }),
    });
    expect(badGtin.status).toBe(400);
    expect(badGtin.body.error.details[0].path).toBe('gtin');
    const tolerance = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: agreementBody(villageId, { tolerancePct: 31 }),
    });
    expect(tolerance.body.error.details[0].path).toBe('tolerancePct');
    expect(await api.snapshot()).toBe(before);
  });

  it("lists a village's agreements newest first, page by page, without repeats", async () => {
    const { villageId, agreementId: first } = await setupAgreement(api);
    const ids = [first];
    for (let i = 0; i < 4; i++) {
      ids.push((await api.call('POST', '/api/v1/agreements', { token: api.opsToken, body: agreementBody(villageId) })).body.agreementId);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = AgreementPage.parse(
        (await api.call('GET', `/api/v1/villages/${villageId}/agreements${query}`, { token: api.opsToken })).body,
      );
      seen.push(...page.items.map((x) => x.agreementId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("refuses a cursor that is not one this list returned, including one from another village's list", async () => {
    const { villageId } = await setupAgreement(api);
    const other = await setupAgreement(api);
    await api.call('POST', '/api/v1/agreements', { token: api.opsToken, body: agreementBody(other.villageId) });
    const otherPage = await api.call('GET', `/api/v1/villages/${other.villageId}/agreements?limit=1`, { token: api.opsToken });
    for (const cursor of ['garbage', otherPage.body.nextCursor]) {
      const reply = await api.call('GET', `/api/v1/villages/${villageId}/agreements?cursor=${cursor}`, { token: api.opsToken });
      expect(reply.status).toBe(400);
      expect(reply.body.error.details[0].path).toBe('cursor');
    }
    const limit = await api.call('GET', `/api/v1/villages/${villageId}/agreements?limit=1000`, { token: api.opsToken });
    expect(limit.status).toBe(400);
  });

  it('cancels idempotently and 404s an unknown agreement', async () => {
    const { agreementId } = await setupAgreement(api);
    const path = `/api/v1/agreements/${agreementId}/cancel`;
    const first = await api.call('POST', path, { token: api.opsToken, body: { reason: 'harvest failed' } });
    const second = await api.call('POST', path, { token: api.opsToken });
    expect(first.body.status).toBe('cancelled');
    expect(second.body).toEqual(first.body);
    const unknown = await api.call('POST', '/api/v1/agreements/agr_0000000000000000/cancel', { token: api.opsToken, body: {} });
    expect(unknown.status).toBe(404);
  });
});

describe('dispatch and settlement', () => {
  it('ships a lot once, repeats the same dispatch idempotently and refuses a different one', async () => {
    const { villageId, agreementId } = await setupAgreement(api);
    const token = await api.villageToken(villageId);
    for (const storeId of ['sh-a', 'sh-b']) {
      await api.call('POST', '/api/v1/stores', {
        token: api.opsToken,
        body: { storeId, name: { zh: '店', en: 'Store' }, city: 'Shanghai' },
      });
    }
    const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token,
      body: { clientLotId: 'd1', grade: 'A', quantityKg: 20, harvestedOn: chinaDay(-1), destinationStoreId: 'sh-a' },
    });
    const path = `/api/v1/lots/${lot.body.lotCode}/dispatch`;
    const dispatchedAt = new Date().toISOString();
    const shipped = await api.call('POST', path, { token, body: { storeId: 'sh-a', dispatchedAt } });
    expect(shipped.status).toBe(200);
    expect(Lot.parse(shipped.body)).toMatchObject({
      status: 'shipped',
      journey: [{ step: 'harvested' }, { step: 'shipped', storeId: 'sh-a', at: dispatchedAt }],
    });
    expect((await api.call('POST', path, { token, body: { storeId: 'sh-a', dispatchedAt } })).status).toBe(200);
    const before = await api.snapshot();
    const other = await api.call('POST', path, { token, body: { storeId: 'sh-b', dispatchedAt } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('already_dispatched');
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses dispatch to an unknown store, in the future or before the harvest, writing nothing', async () => {
    const { agreementId } = await setupAgreement(api);
    const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: 'd2', grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-1) },
    });
    const path = `/api/v1/lots/${lot.body.lotCode}/dispatch`;
    const before = await api.snapshot();
    const cases = [
      [{ storeId: 'no-such-store', dispatchedAt: new Date().toISOString() }, 'storeId'],
      [{ storeId: 'sh-a', dispatchedAt: new Date(Date.now() + 3600_000).toISOString() }, 'dispatchedAt'],
      [{ storeId: 'sh-a', dispatchedAt: `${chinaDay(-3)}T12:00:00+08:00` }, 'dispatchedAt'],
      [{ storeId: 'sh-a', dispatchedAt: 'yesterday' }, 'dispatchedAt'],
    ] as const;
    for (const [body, field] of cases) {
      const reply = await api.call('POST', path, { token: api.opsToken, body });
      expect({ field, status: reply.status, path: reply.body.error.details[0].path }).toEqual({ field, status: 400, path: field });
    }
    expect(await api.snapshot()).toBe(before);
  });

  it('settles per lot with totals equal to the sum of the lots', async () => {
    const { agreementId } = await setupAgreement(api, {
      prices: [
        { grade: 'A', fenPerKg: 1234 },
        { grade: 'B', fenPerKg: 777 },
      ],
    });
    const lots = [
      ['A', 12.345],
      ['B', 0.001],
      ['A', 3.333],
    ] as const;
    for (const [i, [grade, quantityKg]] of lots.entries()) {
      await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
        token: api.opsToken,
        body: { clientLotId: `s${i}`, grade, quantityKg, harvestedOn: chinaDay(-1) },
      });
    }
    const reply = await api.call('GET', `/api/v1/agreements/${agreementId}/settlement`, { token: api.opsToken });
    const settlement = Settlement.parse(reply.body);
    // 15 233.73 → 15 234; 0.777 → 1; 4 112.922 → 4 113
    expect(settlement.lots.map((l) => l.expectedPayoutFen).sort((x, y) => x - y)).toEqual([1, 4113, 15234]);
    expect(settlement.totals).toEqual({
      lotCount: 3,
      quantityKg: 15.679,
      expectedPayoutFen: 19348,
      acceptedKg: 0,
      rejectedKg: 0,
      actualPayoutFen: 0,
    });
    const agreement = await api.call('GET', `/api/v1/agreements/${agreementId}`, { token: api.opsToken });
    expect(agreement.body.expectedPayoutFen).toBe(settlement.totals.expectedPayoutFen);
    expect(agreement.body.deliveredKg).toBe(settlement.totals.quantityKg);
  });
});
