// Who may do what: tokens, roles and village boundaries, on DynamoDB Local. Refusals write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, sampleVillage, setupAgreement, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let a: { villageId: string; agreementId: string; lotCode: string; token: string };
let b: { villageId: string; agreementId: string; lotCode: string; token: string };

async function villageWithLot(): Promise<typeof a> {
  const { villageId, agreementId } = await setupAgreement(api);
  const token = await api.villageToken(villageId);
  const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
    token,
    body: { clientLotId: 'first', grade: 'A', quantityKg: 5, harvestedOn: chinaDay(-1) },
  });
  return { villageId, agreementId, lotCode: lot.body.lotCode, token };
}

beforeAll(async () => {
  api = await startTestApi();
  a = await villageWithLot();
  b = await villageWithLot();
  await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'store-1', name: { zh: '店', en: 'Store' }, city: 'Shanghai' },
  });
});
afterAll(async () => api?.stop());

describe('village boundaries', () => {
  const foreign = () =>
    [
      ['GET', `/api/v1/villages/${b.villageId}`, undefined],
      ['GET', `/api/v1/agreements/${b.agreementId}`, undefined],
      ['GET', `/api/v1/villages/${b.villageId}/agreements`, undefined],
      ['GET', `/api/v1/agreements/${b.agreementId}/settlement`, undefined],
      ['GET', `/api/v1/lots/${b.lotCode}`, undefined],
      [
        'POST',
        `/api/v1/agreements/${b.agreementId}/lots`,
        { clientLotId: 'intruder', grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-1) },
      ],
      ['POST', `/api/v1/lots/${b.lotCode}/dispatch`, { storeId: 'store-1', dispatchedAt: new Date().toISOString() }],
    ] as const;

  it("gives village A's staff 403 on every read and write of village B's records, writing nothing", async () => {
    const before = await api.snapshot();
    for (const [method, path, body] of foreign()) {
      const reply = await api.call(method, path, { token: a.token, body });
      expect({ method, path, status: reply.status, code: reply.body.error?.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await api.snapshot()).toBe(before);
  });

  it("lets village staff read their own village's records", async () => {
    for (const path of [`/api/v1/villages/${a.villageId}`, `/api/v1/agreements/${a.agreementId}`, `/api/v1/lots/${a.lotCode}`]) {
      expect((await api.call('GET', path, { token: a.token })).status).toBe(200);
    }
    const list = await api.call('GET', `/api/v1/villages/${a.villageId}/agreements`, { token: a.token });
    expect(list.body.items.map((x: { agreementId: string }) => x.agreementId)).toEqual([a.agreementId]);
  });
});

describe('roles', () => {
  it('refuses village staff creating agreements, setting prices or editing the catalogue with 403, writing nothing', async () => {
    const before = await api.snapshot();
    const attempts = [
      [
        'POST',
        '/api/v1/agreements',
        {
          villageId: a.villageId,
          crop: 'strawberry',
          committedKg: 10,
          tolerancePct: 0,
          prices: [{ grade: 'A', fenPerKg: 99999 }],
          deliveryWindow: { from: chinaDay(-1), to: chinaDay(1) },
        },
      ],
      ['POST', `/api/v1/agreements/${a.agreementId}/cancel`, {}],
      ['POST', '/api/v1/villages', sampleVillage('Rogue')],
      ['PUT', '/api/v1/crops/strawberry', { name: { zh: '草莓', en: 'Strawberry' }, recipes: [] }],
      ['POST', '/api/v1/stores', { storeId: 'rogue', name: { zh: '店', en: 'Store' }, city: 'X' }],
    ] as const;
    for (const [method, path, body] of attempts) {
      const reply = await api.call(method, path, { token: a.token, body });
      expect({ path, status: reply.status }).toEqual({ path, status: 403 });
    }
    expect(await api.snapshot()).toBe(before);
  });
});

describe('tokens', () => {
  it('answers 401 to missing, malformed, forged and wrongly signed tokens, writing nothing', async () => {
    const before = await api.snapshot();
    const [header, payload] = api.opsToken.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sub: 'x', 'cognito:groups': ['ops'] })).toString('base64url');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    const tokens = [undefined, 'not-a-jwt', `${header}.${forgedPayload}.${api.opsToken.split('.')[2]}`, unsigned];
    for (const token of tokens) {
      const reply = await api.call('POST', '/api/v1/villages', { token, body: sampleVillage('Nope') });
      expect(reply.status).toBe(401);
      expect(reply.body.error.code).toBe('unauthorized');
    }
    const basic = await api.call('GET', `/api/v1/agreements/${a.agreementId}`, { headers: { authorization: 'Basic b3BzOm9wcw==' } });
    expect(basic.status).toBe(401);
    expect(await api.snapshot()).toBe(before);
  });

  it('needs no token for the public OpenAPI document', async () => {
    const reply = await api.call('GET', '/api/v1/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
  });
});

describe('bad input', () => {
  it('refuses unknown fields with 400 naming each field, and stores nothing', async () => {
    const before = await api.snapshot();
    const reply = await api.call('POST', `/api/v1/agreements/${a.agreementId}/lots`, {
      token: a.token,
      body: { clientLotId: 'u', grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-1), fenPerKg: 1, farmerPhone: '1380000' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details).toEqual([
      { path: 'fenPerKg', message: 'unknown field' },
      { path: 'farmerPhone', message: 'unknown field' },
    ]);
    const village = await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: { ...sampleVillage(), secret: 1 } });
    expect(village.status).toBe(400);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses malformed JSON, non-JSON bodies, oversized bodies and malformed ids with 4xx', async () => {
    const before = await api.snapshot();
    const malformed = await api.call('POST', '/api/v1/villages', {
      token: api.opsToken,
      raw: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const form = await api.call('POST', '/api/v1/villages', {
      token: api.opsToken,
      raw: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
    expect(form.body.error.code).toBe('unsupported_media_type');
    const huge = await api.call('POST', '/api/v1/villages', {
      token: api.opsToken,
      body: { ...sampleVillage(), story: { zh: 'x'.repeat(70_000), en: 'x' } },
    });
    expect(huge.status).toBe(413);
    const badId = await api.call('GET', '/api/v1/agreements/agr_nope', { token: api.opsToken });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('path.agreementId');
    const badCode = await api.call('GET', `/api/v1/lots/${a.lotCode.slice(0, -1)}${a.lotCode.endsWith('0') ? '1' : '0'}`, {
      token: api.opsToken,
    });
    expect(badCode.status).toBe(400);
    const missing = await api.call('POST', '/api/v1/agreements', { token: api.opsToken });
    expect(missing.status).toBe(400);
    expect(await api.snapshot()).toBe(before);
  });
});
