// The lists ops and staff read on DynamoDB Local: villages newest first, stores and crops by id, each
// paginated; a store list never carries a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
const villages: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    villages.push((await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: sampleVillage(name) })).body.villageId);
  }
  for (const storeId of ['st-c', 'st-a', 'st-b']) {
    await api.call('POST', '/api/v1/stores', {
      token: api.opsToken,
      body: { storeId, name: { zh: '店', en: `Store ${storeId}` }, city: 'Suzhou' },
    });
  }
  for (const crop of ['pear', 'apple']) await api.call('PUT', `/api/v1/crops/${crop}`, { token: api.opsToken, body: sampleCrop });
});
afterAll(async () => api?.stop());

async function all(path: string, token = api.opsToken) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const reply = await api.call('GET', `${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(reply.status).toBe(200);
    items.push(...reply.body.items);
    cursor = reply.body.nextCursor;
  } while (cursor);
  return items;
}

describe('lists', () => {
  it('lists villages newest first, across pages', async () => {
    expect((await all('/api/v1/villages')).map((v) => v.villageId)).toEqual([...villages].reverse());
  });

  it('lists stores by id with their public details only, never a webhook secret', async () => {
    const stores = await all('/api/v1/stores');
    expect(stores.map((s) => s.storeId)).toEqual(['st-a', 'st-b', 'st-c']);
    expect(Object.keys(stores[0]!).sort()).toEqual(['city', 'createdAt', 'name', 'storeId']);
    expect(JSON.stringify(stores)).not.toContain('whsec_');
  });

  it('lists the crop catalogue by id to ops and to village staff, but villages and stores to ops only', async () => {
    const staff = await api.villageToken(villages[0]!);
    expect((await all('/api/v1/crops', staff)).map((c) => c.crop)).toEqual(['apple', 'pear']);
    expect((await api.call('GET', '/api/v1/villages', { token: staff })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/stores', { token: staff })).status).toBe(403);
  });
});
