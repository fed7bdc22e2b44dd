// Tracing lots on DynamoDB Local: forward from a village or an agreement, back from a store, by crop and
// harvest dates, page by page in harvest order, with index queries only; refusals name what is wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDb } from '../../functions/commons/dynamodb';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
let villageId: string;
let agreementId: string;
let secret: string;
const lots: { lotCode: string; harvestedOn: string }[] = [];
const sent: string[] = [];

const trace = (query: string) => api.call('GET', `/api/v1/trace/lots?${query}`, { token: api.opsToken });

beforeAll(async () => {
  api = await startTestApi();
  ({ villageId, agreementId } = await setupAgreement(api, { committedKg: 10_000 }));
  const store = await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'tr-1', name: { zh: '店', en: 'Store' }, city: 'Hangzhou' },
  });
  secret = store.body.webhookSecret;
  await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'tr-2', name: { zh: '店', en: 'Store 2' }, city: 'Ningbo' },
  });
  for (const daysAgo of [3, 1, 2, 1, 5, 4]) {
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: `t-${lots.length}`, grade: 'A', quantityKg: 3, harvestedOn: chinaDay(-daysAgo) },
    });
    lots.push({ lotCode: reply.body.lotCode, harvestedOn: reply.body.harvestedOn });
  }
  // Lot 0 shipped to and received by tr-1; lot 1 received by tr-1 without a recorded dispatch; lot 2 shipped to tr-2.
  const at = new Date().toISOString();
  await api.call('POST', `/api/v1/lots/${lots[0]!.lotCode}/dispatch`, { token: api.opsToken, body: { storeId: 'tr-1', dispatchedAt: at } });
  await api.call('POST', `/api/v1/lots/${lots[2]!.lotCode}/dispatch`, { token: api.opsToken, body: { storeId: 'tr-2', dispatchedAt: at } });
  for (const lot of [lots[0]!, lots[1]!]) {
    const reply = await postReceipt(
      api,
      'tr-1',
      secret,
      receiptBody({ lotCode: lot.lotCode, receivedAt: at, acceptedKg: 3, rejectedKg: 0 }),
    );
    expect(reply.status).toBe(200);
  }
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'trace-test-counter' },
  );
});
afterAll(async () => {
  dynamoDb.middlewareStack.remove('trace-test-counter');
  await api?.stop();
});

const inHarvestOrder = (items: { lotCode: string; harvestedOn: string }[]) =>
  [...items].sort((a, b) => a.harvestedOn.localeCompare(b.harvestedOn) || a.lotCode.localeCompare(b.lotCode)).map((l) => l.lotCode);

describe('trace', () => {
  it('follows a village forward, page by page in harvest then lot-code order, with index queries only', async () => {
    await api.system.settled();
    sent.length = 0;
    const first = await trace(`villageId=${villageId}&limit=4`);
    const second = await trace(`villageId=${villageId}&limit=4&cursor=${first.body.nextCursor}`);
    expect(first.body.items).toHaveLength(4);
    expect(second.body.nextCursor).toBeUndefined();
    expect([...first.body.items, ...second.body.items].map((l: { lotCode: string }) => l.lotCode)).toEqual(inHarvestOrder(lots));
    expect(new Set(sent)).toEqual(new Set(['GetItemCommand', 'QueryCommand']));
  });

  it('shows each lot with its dispatch, receipt and recall, and never a price or payout', async () => {
    const { body } = await trace(`agreementId=${agreementId}`);
    const shipped = body.items.find((l: { lotCode: string }) => l.lotCode === lots[0]!.lotCode);
    expect(shipped).toMatchObject({
      agreementId,
      villageId,
      crop: 'strawberry',
      grade: 'A',
      quantityKg: 3,
      dispatch: { storeId: 'tr-1', dispatchedAt: expect.any(String) },
      receipt: { storeId: 'tr-1', acceptedKg: 3, rejectedKg: 0 },
    });
    expect(JSON.stringify(body)).not.toMatch(/fenPerKg|Payout|payout/);
  });

  it('narrows by harvest dates (inclusive) and by crop', async () => {
    const { body } = await trace(`villageId=${villageId}&harvestedFrom=${chinaDay(-3)}&harvestedTo=${chinaDay(-2)}`);
    expect(body.items.map((l: { lotCode: string }) => l.lotCode)).toEqual(
      inHarvestOrder(lots.filter((l) => l.harvestedOn >= chinaDay(-3) && l.harvestedOn <= chinaDay(-2))),
    );
    expect((await trace(`villageId=${villageId}&crop=kiwi`)).body.items).toEqual([]);
    expect((await trace(`villageId=${villageId}&crop=strawberry`)).body.items).toHaveLength(lots.length);
  });

  it('traces back from a store: lots shipped to it or received by it, and nothing of another store', async () => {
    const tr1 = await trace('storeId=tr-1');
    expect(tr1.body.items.map((l: { lotCode: string }) => l.lotCode).sort()).toEqual([lots[0]!.lotCode, lots[1]!.lotCode].sort());
    const tr2 = await trace('storeId=tr-2');
    expect(tr2.body.items.map((l: { lotCode: string }) => l.lotCode)).toEqual([lots[2]!.lotCode]);
  });

  it('shows a lot’s recall in the trace', async () => {
    await api.call('POST', `/api/v1/lots/${lots[5]!.lotCode}/recall`, {
      token: api.opsToken,
      body: { reason: { zh: '召回', en: 'Recalled' } },
    });
    const { body } = await trace(`agreementId=${agreementId}`);
    const recalled = body.items.find((l: { lotCode: string }) => l.lotCode === lots[5]!.lotCode);
    expect(recalled.recall).toMatchObject({ reason: { en: 'Recalled' }, recallId: expect.stringMatching(/^rcl_/) });
  });

  it('names the anchors when none or two are given, and refuses reversed or over-long ranges and big pages', async () => {
    const none = await trace('crop=strawberry');
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'query.agreementId',
      'query.storeId',
      'query.villageId',
    ]);
    const two = await trace(`villageId=${villageId}&storeId=tr-1`);
    expect(two.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['query.storeId', 'query.villageId']);
    for (const query of [
      `villageId=${villageId}&harvestedFrom=${chinaDay(-1)}&harvestedTo=${chinaDay(-2)}`,
      `villageId=${villageId}&harvestedFrom=2025-01-01&harvestedTo=2026-02-06`,
    ]) {
      const reply = await trace(query);
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toEqual([expect.objectContaining({ path: 'query.harvestedTo' })]);
    }
    expect((await trace(`villageId=${villageId}&limit=1001`)).status).toBe(400);
    const foreign = await trace(`villageId=${villageId}&cursor=${(await trace('storeId=tr-1&limit=1')).body.nextCursor}`);
    expect(foreign.status).toBe(400);
  });

  it('answers 404 for an unknown village, agreement or store, and 403 to village staff', async () => {
    for (const query of ['villageId=vil_0000000000000000', 'agreementId=agr_0000000000000000', 'storeId=no-such-store']) {
      expect((await trace(query)).status, query).toBe(404);
    }
    const staff = await api.villageToken(villageId);
    expect((await api.call('GET', `/api/v1/trace/lots?villageId=${villageId}`, { token: staff })).status).toBe(403);
  });
});
