// Store sales webhooks on DynamoDB Local: signed like receipts, stored once per webhook id, a later summary
// of a day replaces it whatever order they arrive in, unknown crops kept for ops, and bad input refused
// with nothing written.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import type { Repositories } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { chinaDay, sampleCrop, startTestApi, type TestApi } from '../support/api';
import { postSales, salesBody } from '../support/webhooks';

let api: TestApi;
let repos: Repositories;
let client: ReturnType<typeof localClient>;
let secret: string;
let other: string;

const day = (date: string) => repos.sales.getDay('st-sales', date);
const line = (crop: string, soldKg: number, revenueFen: number, wasteKg?: number) => ({ crop, soldKg, revenueFen, wasteKg });

beforeAll(async () => {
  api = await startTestApi();
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
  await api.call('PUT', '/api/v1/crops/kiwi', { token: api.opsToken, body: { name: { zh: '猕猴桃', en: 'Kiwi' }, recipes: [] } });
  const store = async (storeId: string, city: string) =>
    (await api.call('POST', '/api/v1/stores', { token: api.opsToken, body: { storeId, name: { zh: '店', en: 'Store' }, city } })).body
      .webhookSecret as string;
  secret = await store('st-sales', 'Hangzhou');
  other = await store('st-other', 'Ningbo');
});
afterAll(async () => {
  client?.destroy();
  await api?.stop();
});

describe('a daily summary', () => {
  it('is stored in grams and fen with the store’s city, and answered 200', async () => {
    const date = chinaDay(-1);
    const body = salesBody({ date, lines: [line('strawberry', 120.345, 456_700, 3.2), line('kiwi', 80, 120_000)] });
    const reply = await postSales(api, 'st-sales', secret, body, { id: 'msg_day_1' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ webhookId: 'msg_day_1', status: 'stored', date });
    expect(await day(date)).toMatchObject({
      city: 'Hangzhou',
      webhookId: 'msg_day_1',
      lines: [
        { crop: 'strawberry', soldGrams: 120_345, revenueFen: 456_700, wasteGrams: 3_200 },
        { crop: 'kiwi', soldGrams: 80_000, revenueFen: 120_000, wasteGrams: 0 },
      ],
    });
  });

  it('is stored once for 30 concurrent copies of one webhook id, each answered the same', async () => {
    const date = chinaDay(-2);
    const body = salesBody({ date, lines: [line('kiwi', 5, 900)] });
    const id = `msg_${randomUUID()}`;
    const replies = await Promise.all(Array.from({ length: 30 }, () => postSales(api, 'st-sales', secret, body, { id })));
    expect(new Set(replies.map((r) => `${r.status} ${JSON.stringify(r.body)}`))).toEqual(
      new Set([`200 ${JSON.stringify({ webhookId: id, status: 'stored', date })}`]),
    );
    expect(await repos.sales.getDelivery('st-sales', id)).toMatchObject({ status: 'stored', httpStatus: 200 });
  });

  it('refuses the same webhook id with another body with 409, writing nothing', async () => {
    const date = chinaDay(-3);
    const id = `msg_${randomUUID()}`;
    expect((await postSales(api, 'st-sales', secret, salesBody({ date, lines: [line('kiwi', 1, 100)] }), { id })).status).toBe(200);
    const before = await api.snapshot();
    const reply = await postSales(api, 'st-sales', secret, salesBody({ date, lines: [line('kiwi', 2, 200)] }), { id });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('webhook_id_reused');
    expect(await api.snapshot()).toBe(before);
  });
});

describe('corrections', () => {
  it('replaces a day with a later summary, and keeps the later one when an earlier summary arrives after it', async () => {
    const date = chinaDay(-4);
    const first = salesBody({ date, lines: [line('strawberry', 10, 1_000)] }, '2026-01-01T20:00:00+08:00');
    const correction = salesBody({ date, lines: [line('strawberry', 12, 1_200), line('kiwi', 1, 50)] }, '2026-01-02T09:00:00+08:00');
    expect((await postSales(api, 'st-sales', secret, first, { id: 'msg_first' })).status).toBe(200);
    expect((await postSales(api, 'st-sales', secret, correction, { id: 'msg_fix' })).body.status).toBe('stored');
    expect((await day(date))?.lines.map((l) => [l.crop, l.soldGrams])).toEqual([
      ['strawberry', 12_000],
      ['kiwi', 1_000],
    ]);

    // An older summary (a late retry, or another delivery of it) is kept but does not undo the correction.
    const late = salesBody({ date, lines: [line('strawberry', 9, 900)] }, '2026-01-01T21:00:00+08:00');
    const reply = await postSales(api, 'st-sales', secret, late, { id: 'msg_late' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ webhookId: 'msg_late', status: 'superseded', date });
    expect((await day(date))?.webhookId).toBe('msg_fix');
    // Its retry is told the same.
    expect((await postSales(api, 'st-sales', secret, late, { id: 'msg_late' })).body.status).toBe('superseded');
  });

  it('keeps each store’s days apart', async () => {
    const date = chinaDay(-4);
    expect((await postSales(api, 'st-other', other, salesBody({ date, lines: [line('kiwi', 3, 30)] }))).status).toBe(200);
    expect((await repos.sales.getDay('st-other', date))?.city).toBe('Ningbo');
    expect((await day(date))?.webhookId).toBe('msg_fix');
  });
});

describe('unknown crops', () => {
  it('stores the known lines, keeps the unknown ones for ops and answers 202', async () => {
    const date = chinaDay(-5);
    const body = salesBody({ date, lines: [line('kiwi', 7, 700), line('durian', 2.5, 9_900, 0.5)] });
    const reply = await postSales(api, 'st-sales', secret, body, { id: 'msg_durian' });
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ webhookId: 'msg_durian', status: 'exception', date, reason: 'unknown_crop', crops: ['durian'] });
    expect((await day(date))?.lines.map((l) => l.crop)).toEqual(['kiwi']);

    const listed = await api.call('GET', '/api/v1/sales/exceptions', { token: api.opsToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((e: { webhookId: string }) => e.webhookId === 'msg_durian')).toMatchObject({
      storeId: 'st-sales',
      date,
      reason: 'unknown_crop',
      lines: [{ crop: 'durian', soldKg: 2.5, revenueFen: 9_900, wasteKg: 0.5 }],
    });
    const staff = await api.call('GET', '/api/v1/sales/exceptions', { token: await api.villageToken('vil_0000000000000000') });
    expect(staff.status).toBe(403);
  });

  it('keeps a summary of unknown crops alone without touching the day', async () => {
    const date = chinaDay(-5);
    const reply = await postSales(api, 'st-sales', secret, salesBody({ date, lines: [line('mangosteen', 1, 10)] }));
    expect(reply.status).toBe(202);
    expect((await day(date))?.webhookId).toBe('msg_durian');
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, and writes nothing, for future days, days over 3 years old, negative kg and a bad body', async () => {
    const before = await api.snapshot();
    const cases: [string, string, string][] = [
      ['tomorrow', salesBody({ date: chinaDay(1), lines: [line('kiwi', 1, 1)] }), 'data.date'],
      ['over 3 years ago', salesBody({ date: chinaDay(-3 * 366), lines: [line('kiwi', 1, 1)] }), 'data.date'],
      ['negative kg', salesBody({ date: chinaDay(-1), lines: [line('kiwi', -1, 1)] }), 'data.lines.0.soldKg'],
      ['negative waste', salesBody({ date: chinaDay(-1), lines: [line('kiwi', 1, 1, -0.5)] }), 'data.lines.0.wasteKg'],
      ['fractional fen', salesBody({ date: chinaDay(-1), lines: [line('kiwi', 1, 1.5)] }), 'data.lines.0.revenueFen'],
      ['a crop twice', salesBody({ date: chinaDay(-1), lines: [line('kiwi', 1, 1), line('kiwi', 2, 2)] }), 'data.lines'],
      ['no lines', salesBody({ date: chinaDay(-1), lines: [] }), 'data.lines'],
      ['another type', JSON.stringify({ type: 'sales.weekly', timestamp: new Date().toISOString(), data: {} }), 'type'],
      ['not JSON', '{"type":', '(body)'],
    ];
    for (const [name, body, path] of cases) {
      const reply = await postSales(api, 'st-sales', secret, body);
      expect({ name, status: reply.status }).toEqual({ name, status: 400 });
      expect(
        reply.body.error.details.map((d: { path: string }) => d.path),
        name,
      ).toContain(path);
    }
    expect(await api.snapshot()).toBe(before);
  });

  it('takes a day exactly 3 years back', async () => {
    const today = chinaDay(0);
    const sameDay = `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`;
    // 29 February three years back is 1 March when that year has none.
    const threeYearsAgo = sameDay.endsWith('-02-29') ? sameDay.replace('-02-29', '-03-01') : sameDay;
    expect((await postSales(api, 'st-sales', secret, salesBody({ date: threeYearsAgo, lines: [line('kiwi', 1, 1)] }))).status).toBe(200);
  });

  it('answers 401 and writes nothing when unsigned, signed with another store’s secret, stale, or for an unknown store', async () => {
    const body = salesBody({ date: chinaDay(-1), lines: [line('kiwi', 1, 1)] });
    const before = await api.snapshot();
    const attempts: [string, () => Promise<{ status: number }>][] = [
      [
        'no headers',
        () => api.call('POST', '/api/v1/stores/st-sales/sales', { raw: body, headers: { 'content-type': 'application/json' } }),
      ],
      ['other store’s secret', () => postSales(api, 'st-sales', other, body)],
      ['310 s old', () => postSales(api, 'st-sales', secret, body, { at: new Date(Date.now() - 310_000) })],
      ['unknown store', () => postSales(api, 'no-such-store', secret, body)],
      ['tampered body', () => postSales(api, 'st-sales', secret, body, { sentBody: body.replace('"kiwi"', '"kiwi" ') })],
    ];
    for (const [name, attempt] of attempts) expect({ name, status: (await attempt()).status }).toEqual({ name, status: 401 });
    expect(await api.snapshot()).toBe(before);
  });
});
