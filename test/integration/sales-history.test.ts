// The demo sales history on DynamoDB Local: two years of the demo stores' days stored once however often
// it runs, and weekly figures that are exactly what the stored days add up to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { DEMO_SEASONS, HISTORY_DAYS, daySales, seedSalesHistory } from '../../scripts/local/sales-history';
import { chinaDate } from '../../shared/dates';
import { addDays, isoWeekOf } from '../../shared/demand/weeks';
import type { Repositories } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let repos: Repositories;
let client: ReturnType<typeof localClient>;
const today = chinaDate(new Date());

beforeAll(async () => {
  api = await startTestApi({ streams: true });
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  for (const [storeId, city] of [
    ['sh-hongqiao-001', 'Shanghai'],
    ['cd-jinjiang-002', 'Chengdu'],
  ]) {
    await api.call('POST', '/api/v1/stores', { token: api.opsToken, body: { storeId, name: { zh: '店', en: 'Store' }, city } });
  }
});
afterAll(async () => {
  client?.destroy();
  await api?.stop();
});

describe('the demo sales history', () => {
  it('stores each day of two years once, however often it runs, and the weekly figures add the days up', async () => {
    const first = addDays(today, -HISTORY_DAYS);
    const dates = Array.from({ length: HISTORY_DAYS }, (_, i) => addDays(first, i));
    const stores = ['sh-hongqiao-001', 'cd-jinjiang-002'];
    const expected = stores.flatMap((store) => dates.filter((date) => DEMO_SEASONS.some((season) => daySales(season, store, date))));

    expect(await seedSalesHistory(repos, today)).toBe(expected.length);
    expect(await seedSalesHistory(repos, today)).toBe(0);
    const newest = expected.at(-1)!;
    expect(await repos.sales.getDay('cd-jinjiang-002', newest)).toMatchObject({ city: 'Chengdu', webhookId: `seed_${newest}` });

    await api.system.streams!.idle();
    const from = isoWeekOf(first);
    const to = isoWeekOf(addDays(today, -1));
    const weekly = await repos.demand.weekly('dekopon', { from, to });
    const sold = new Map<string, number>();
    for (const store of stores) {
      for (const date of dates) {
        const grams = daySales(DEMO_SEASONS[0]!, store, date)?.soldGrams ?? 0;
        if (grams) sold.set(isoWeekOf(date), (sold.get(isoWeekOf(date)) ?? 0) + grams);
      }
    }
    expect(new Map(weekly.map((w) => [w.week, w.soldGrams]))).toEqual(sold);
    // Two seasons of weeks: enough history for Holt-Winters.
    expect(weekly.at(-1)!.week > weekly[0]!.week).toBe(true);
    const chengdu = await repos.demand.weekly('dekopon', { from, to }, 'Chengdu');
    expect(chengdu.length).toBe(weekly.length);
  }, 180_000);

  it('writes nothing for a store that does not exist', async () => {
    const before = await api.snapshot();
    const missing = [{ ...DEMO_SEASONS[0]!, peakKgPerDay: { 'no-such-store': 100 } }];
    expect(await seedSalesHistory(repos, today, { seasons: missing })).toBe(0);
    expect(await api.snapshot()).toBe(before);
  });
});
