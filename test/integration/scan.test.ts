// The public scan lookup on DynamoDB Local: an allowlisted projection kept current on writes, one
// GetItem per origin hit, cache validators, and nothing commercial or personal ever in the response.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { newLotCode } from '../../shared/codes';
import { dynamoDbScans, scanKey } from '../../shared/scan/dynamodb';
import { ScanView } from '../../shared/scan/schema';
import { strip } from '../../shared/table/items';
import { chinaDay, startTestApi, type TestApi } from '../support/api';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
const sent: string[] = [];

beforeAll(async () => {
  api = await startTestApi();
  // Count every request the handlers send to DynamoDB: the same module instance the local system
  // loaded, imported after it has set the functions' environment. The scan function sends on this
  // client directly, the others through the document client, which shares its middleware.
  const { dynamoDb } = await import('../../functions/commons/dynamodb');
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
});
afterAll(async () => api?.stop());

/** Distinctive values planted in every source record; none may appear in a scan response. */
const PLANTED = {
  fenPerKg: 987_651,
  committedKg: 43_210.123,
  quantityKg: 1_357.913,
  acceptedKg: 1_111.111,
  rejectedKg: 246.802,
  clientLotId: 'CLIENT-LOT-PLANTED',
  field: 'FIELD-PLANTED-张三家地块',
  rejectionReason: 'REJECTION-PLANTED',
  storeReceiptNo: 'GRN-PLANTED',
  recallOps: 'local-ops',
};

async function plantedLot(gtin?: string) {
  const ops = api.opsToken;
  await api.call('PUT', '/api/v1/crops/kiwi', {
    token: ops,
    body: {
      name: { zh: '猕猴桃', en: 'Kiwifruit' },
      recipes: [
        {
          title: { zh: '猕猴桃沙拉', en: 'Kiwi salad' },
          minutes: 5,
          ingredients: { zh: ['猕猴桃'], en: ['kiwi'] },
          steps: { zh: ['切。'], en: ['Slice.'] },
        },
      ],
    },
  });
  const village = await api.call('POST', '/api/v1/villages', {
    token: ops,
    body: {
      name: { zh: '周至村', en: 'Zhouzhi Village' },
      province: 'Shaanxi',
      county: 'Zhouzhi',
      story: { zh: '秦岭北麓。', en: 'North of the Qinling.' },
    },
  });
  const agreement = await api.call('POST', '/api/v1/agreements', {
    token: ops,
    body: {
      villageId: village.body.villageId,
      crop: 'kiwi',
      variety: 'Hayward',
      committedKg: PLANTED.committedKg,
      tolerancePct: 7.25,
      prices: [{ grade: 'A', fenPerKg: PLANTED.fenPerKg }],
      deliveryWindow: { from: chinaDay(-20), to: chinaDay(20) },
      ...(gtin ? { gtin } : {}),
    },
  });
  const staff = await api.villageToken(village.body.villageId);
  const store = `st-${Math.random().toString(36).slice(2, 8)}`;
  const registered = await api.call('POST', '/api/v1/stores', {
    token: ops,
    body: { storeId: store, name: { zh: '盒马测试店', en: 'Test store' }, city: 'Xi’an' },
  });
  const lot = await api.call('POST', `/api/v1/agreements/${agreement.body.agreementId}/lots`, {
    token: staff,
    body: {
      clientLotId: PLANTED.clientLotId + store,
      grade: 'A',
      quantityKg: PLANTED.quantityKg,
      harvestedOn: chinaDay(-3),
      field: PLANTED.field,
      destinationStoreId: store,
    },
  });
  return { lot: lot.body, agreement: agreement.body, village: village.body, store, secret: registered.body.webhookSecret as string, staff };
}

const scan = (code: string, headers: Record<string, string> = {}) => api.call('GET', `/api/v1/scan/${code}`, { headers });

describe('scan projection', () => {
  it('follows the lot from harvest to shelf, as an allowlisted view with no token needed', async () => {
    const { lot, store, secret } = await plantedLot('06931234567899');
    const harvested = await scan(lot.lotCode);
    expect(harvested.status).toBe(200);
    expect(ScanView.parse(harvested.body)).toMatchObject({
      lotCode: lot.lotCode,
      product: { crop: 'kiwi', name: { zh: '猕猴桃', en: 'Kiwifruit' }, variety: 'Hayward', gtin: '06931234567899' },
      village: { name: { en: 'Zhouzhi Village' }, province: 'Shaanxi', story: { en: 'North of the Qinling.' } },
      harvestedOn: chinaDay(-3),
      journey: [{ step: 'harvested', at: chinaDay(-3) }],
      recipes: [{ title: { en: 'Kiwi salad' } }],
    });

    await api.call('POST', `/api/v1/lots/${lot.lotCode}/dispatch`, {
      token: api.opsToken,
      body: { storeId: store, dispatchedAt: new Date().toISOString() },
    });
    expect((await scan(lot.lotCode)).body.journey).toEqual([
      { step: 'harvested', at: chinaDay(-3) },
      { step: 'shipped', at: expect.any(String), store: { name: { zh: '盒马测试店', en: 'Test store' }, city: 'Xi’an' } },
    ]);

    await postReceipt(
      api,
      store,
      secret,
      receiptBody({
        lotCode: lot.lotCode,
        receivedAt: new Date().toISOString(),
        acceptedKg: PLANTED.acceptedKg,
        rejectedKg: PLANTED.rejectedKg,
        rejectionReason: PLANTED.rejectionReason,
        storeReceiptNo: PLANTED.storeReceiptNo,
      }),
    );
    const received = await scan(lot.lotCode);
    expect(received.body.journey.map((s: { step: string }) => s.step)).toEqual(['harvested', 'shipped', 'received']);
    expect(received.body.journey[2].store.city).toBe('Xi’an');
  });

  it('never reveals prices, payouts, volumes, weights, receipt figures, staff or internal ids', async () => {
    const { lot, agreement, village, store, secret, staff } = await plantedLot();
    await api.call('POST', `/api/v1/lots/${lot.lotCode}/dispatch`, {
      token: staff,
      body: { storeId: store, dispatchedAt: new Date().toISOString() },
    });
    await postReceipt(
      api,
      store,
      secret,
      receiptBody({
        lotCode: lot.lotCode,
        receivedAt: new Date().toISOString(),
        acceptedKg: PLANTED.acceptedKg,
        rejectedKg: PLANTED.rejectedKg,
        rejectionReason: PLANTED.rejectionReason,
        storeReceiptNo: PLANTED.storeReceiptNo,
      }),
    );
    await api.call('POST', `/api/v1/lots/${lot.lotCode}/recall`, {
      token: api.opsToken,
      body: { reason: { zh: '抽检不合格', en: 'Failed a spot check' } },
    });
    const internal = (await api.call('GET', `/api/v1/lots/${lot.lotCode}`, { token: api.opsToken })).body;

    const forbidden = [
      PLANTED.fenPerKg,
      PLANTED.committedKg,
      PLANTED.quantityKg,
      PLANTED.acceptedKg,
      PLANTED.rejectedKg,
      PLANTED.clientLotId,
      PLANTED.field,
      PLANTED.rejectionReason,
      PLANTED.storeReceiptNo,
      internal.expectedPayoutFen,
      internal.receipt.actualPayoutFen,
      agreement.maxKg,
      agreement.agreementId,
      village.villageId,
      internal.recordedBy,
      internal.recall.recalledBy,
      secret,
      store,
    ].map(String);
    const response = await scan(lot.lotCode);
    expect(response.body.recall).toEqual({ reason: { zh: '抽检不合格', en: 'Failed a spot check' }, recalledAt: expect.any(String) });
    const leaks: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (value && typeof value === 'object') {
        for (const [name, child] of Object.entries(value)) {
          if (/fen|price|payout|kg|gram|weight|committed|accepted|rejected|staff|recordedBy|phone|secret|villageId|agreementId/i.test(name))
            leaks.push(`${path}.${name}`);
          visit(child, `${path}.${name}`);
        }
      } else if (forbidden.some((f) => String(value).includes(f))) {
        leaks.push(`${path} = ${String(value)}`);
      }
    };
    visit(response.body, '$');
    expect(leaks).toEqual([]);
    for (const value of forbidden) expect(JSON.stringify(response.body)).not.toContain(value);
    ScanView.parse(response.body);
  });

  it('costs exactly one GetItem per origin hit, and none for a malformed code', async () => {
    const { lot } = await plantedLot();
    // The stream's additions to the weekly figures use the same client: done before counting.
    await api.system.settled();
    sent.length = 0;
    await scan(lot.lotCode);
    expect(sent).toEqual(['GetItemCommand']);
    sent.length = 0;
    await scan(newLotCode());
    expect(sent).toEqual(['GetItemCommand']);
    sent.length = 0;
    const malformed = await scan('NOT-A-LOT-CODE');
    expect(malformed.status).toBe(400);
    const typo = await scan(`${lot.lotCode.slice(0, -1)}${lot.lotCode.endsWith('0') ? '1' : '0'}`);
    expect(typo.status).toBe(400);
    expect(sent).toEqual([]);
  });

  it('reads the projection as stored: what unmarshall makes of the item, without the table’s own attributes', async () => {
    const { lot, store, staff } = await plantedLot('06931234567899');
    await api.call('POST', `/api/v1/lots/${lot.lotCode}/dispatch`, {
      token: staff,
      body: { storeId: store, dispatchedAt: new Date().toISOString() },
    });
    const client = localClient(api.system.dynamoEndpoint);
    const scans = dynamoDbScans(client, api.system.tableName);
    const { pk, sk } = scanKey(lot.lotCode);
    const { Item } = await client.send(new GetItemCommand({ TableName: api.system.tableName, Key: { pk: { S: pk }, sk: { S: sk } } }));
    const bare = await scans.get(lot.lotCode);
    expect(bare).toEqual(strip(unmarshall(Item ?? {})));
    expect(bare).toMatchObject({ lotCode: lot.lotCode, journey: { shipped: { store: { city: 'Xi’an' } } } });
    expect(bare).not.toHaveProperty('pk');
    expect(await scans.get(newLotCode())).toBeUndefined();
  });

  it('keeps the stored projection within one 4 KB item even for a long story and many recipes', async () => {
    const long = 'x'.repeat(1800);
    const recipe = {
      title: { zh: '长菜谱', en: 'Long recipe' },
      minutes: 30,
      ingredients: { zh: ['料'.repeat(40)], en: ['i'.repeat(60)] },
      steps: { zh: ['步'.repeat(50)], en: ['s'.repeat(100)] },
    };
    await api.call('PUT', '/api/v1/crops/plum', {
      token: api.opsToken,
      body: { name: { zh: '李子', en: 'Plum' }, recipes: Array(20).fill(recipe) },
    });
    const village = await api.call('POST', '/api/v1/villages', {
      token: api.opsToken,
      body: {
        name: { zh: '长故事村', en: 'Long Story Village' },
        province: 'Yunnan',
        county: 'Binchuan',
        story: { zh: '故'.repeat(1900), en: long },
      },
    });
    const agreement = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: {
        villageId: village.body.villageId,
        crop: 'plum',
        committedKg: 10,
        tolerancePct: 0,
        prices: [{ grade: 'A', fenPerKg: 100 }],
        deliveryWindow: { from: chinaDay(-2), to: chinaDay(2) },
      },
    });
    const lot = await api.call('POST', `/api/v1/agreements/${agreement.body.agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: 'big', grade: 'A', quantityKg: 1, harvestedOn: chinaDay(0) },
    });
    const raw = localClient(api.system.dynamoEndpoint);
    const { Item } = await raw.send(
      new GetItemCommand({ TableName: api.system.tableName, Key: { pk: { S: `SCAN#${lot.body.lotCode}` }, sk: { S: '#SCAN' } } }),
    );
    raw.destroy();
    const size = Buffer.byteLength(JSON.stringify(unmarshall(Item!)));
    console.log(`largest scan item: ${size} bytes (JSON upper bound)`);
    expect(size).toBeLessThanOrEqual(4096);
    const view = ScanView.parse((await scan(lot.body.lotCode)).body);
    expect(view.recipes.length).toBeGreaterThan(0);
    expect(view.recipes.length).toBeLessThan(20);
    expect(view.village.story!.en.endsWith('…')).toBe(true);
  });
});

describe('scan caching', () => {
  it('sends CDN cache headers and an ETag, and 304 on a matching If-None-Match', async () => {
    const { lot } = await plantedLot();
    const first = await scan(lot.lotCode);
    const cacheControl = first.headers.get('cache-control')!;
    console.log(`scan Cache-Control: ${cacheControl}; ETag: ${first.headers.get('etag')}`);
    expect(cacheControl).toMatch(/public/);
    expect(cacheControl).toMatch(/s-maxage=300\b/);
    expect(cacheControl).toMatch(/stale-while-revalidate=\d+/);
    expect(cacheControl).toMatch(/stale-if-error=\d+/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await scan(lot.lotCode, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect((await scan(lot.lotCode, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await scan(lot.lotCode, { 'if-none-match': '"stale"' })).status).toBe(200);
  });

  it('changes the ETag when the projection changes', async () => {
    const { lot, store } = await plantedLot();
    const before = (await scan(lot.lotCode)).headers.get('etag');
    await api.call('POST', `/api/v1/lots/${lot.lotCode}/dispatch`, {
      token: api.opsToken,
      body: { storeId: store, dispatchedAt: new Date().toISOString() },
    });
    expect((await scan(lot.lotCode)).headers.get('etag')).not.toBe(before);
  });

  it('answers an unknown code 404 with a short cache, and a malformed one 400', async () => {
    const unknown = await scan(newLotCode());
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('cache-control')).toMatch(/s-maxage=60\b/);
    expect((await api.call('GET', '/api/v1/scan/%E0%A4%A')).status).toBe(400);
    const malformed = await scan('lowercase-code');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('path.lotCode');
  });
});

describe('recall', () => {
  it('lets only ops recall, shows the recall in the scan at once, and is idempotent', async () => {
    const { lot, staff } = await plantedLot();
    const reason = { zh: '农残复检中', en: 'Pesticide re-test pending' };
    const byStaff = await api.call('POST', `/api/v1/lots/${lot.lotCode}/recall`, { token: staff, body: { reason } });
    expect(byStaff.status).toBe(403);
    expect((await scan(lot.lotCode)).body.recall).toBeUndefined();
    const first = await api.call('POST', `/api/v1/lots/${lot.lotCode}/recall`, { token: api.opsToken, body: { reason } });
    expect(first.status).toBe(200);
    expect(first.body.recall).toMatchObject({ reason });
    const again = await api.call('POST', `/api/v1/lots/${lot.lotCode}/recall`, {
      token: api.opsToken,
      body: { reason: { zh: '别的', en: 'other' } },
    });
    expect(again.body.recall).toEqual(first.body.recall);
    expect((await scan(lot.lotCode)).body.recall).toEqual({ reason, recalledAt: first.body.recall.recalledAt });
    const missing = await api.call('POST', `/api/v1/lots/${newLotCode()}/recall`, { token: api.opsToken, body: { reason } });
    expect(missing.status).toBe(404);
  });
});
