// The demand forecast and weekly figures through the API on DynamoDB Local: the method a crop's history
// gets, the supply its active agreements contract week by week, the gap, and refusals that read nothing
// they need not and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { Forecast } from '../../shared/demand/demand';
import { WeeklyDemand } from '../../shared/demand/figures';
import { SEASON } from '../../shared/demand/forecast';
import { addWeeks, weekEnd, weekStart } from '../../shared/demand/weeks';
import type { Repositories } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';
import { peakedSeason, repeatSeason, thisWeek, writeWeeklySales } from '../support/demand';

let api: TestApi;
let repos: Repositories;
let client: ReturnType<typeof localClient>;
let villageId: string;
const season = peakedSeason(2_000);

const crop = (id: string) => api.call('PUT', `/api/v1/crops/${id}`, { token: api.opsToken, body: { ...sampleCrop, recipes: [] } });
const forecast = (query: string, token = api.opsToken) => api.call('GET', `/api/v1/demand/forecast?${query}`, { token });
const agree = async (cropId: string, committedKg: number, from: string, to: string) =>
  (
    await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: {
        villageId,
        crop: cropId,
        committedKg,
        tolerancePct: 0,
        prices: [{ grade: 'A', fenPerKg: 900 }],
        deliveryWindow: { from, to },
      },
    })
  ).body.agreementId as string;

beforeAll(async () => {
  api = await startTestApi();
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  for (const id of ['strawberry', 'kiwi', 'loquat', 'yangmei']) await crop(id);
  villageId = (await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: sampleVillage() })).body.villageId;
  await writeWeeklySales(repos.demand, 'strawberry', repeatSeason(season, 3));
  await writeWeeklySales(repos.demand, 'kiwi', repeatSeason(season, 1));
  await writeWeeklySales(repos.demand, 'loquat', [5_000, 0, 7_000]);
});
afterAll(async () => {
  client?.destroy();
  await api?.stop();
});

describe('GET /api/v1/demand/forecast', () => {
  it('forecasts three years of seasonal sales with Holt-Winters from next week, against the active agreements, with the gap', async () => {
    const now = thisWeek();
    const next = addWeeks(now, 1);
    await agree('strawberry', 400, weekStart(next), weekEnd(addWeeks(now, 4)));
    const cancelled = await agree('strawberry', 9_000, weekStart(next), weekEnd(addWeeks(now, 4)));
    await api.call('POST', `/api/v1/agreements/${cancelled}/cancel`, { token: api.opsToken, body: {} });
    await agree('strawberry', 5_000, weekStart(addWeeks(now, -6)), weekEnd(now));
    await agree('kiwi', 7_000, weekStart(next), weekEnd(next));

    const reply = await forecast('crop=strawberry&weeks=8');
    expect(reply.status).toBe(200);
    const body = Forecast.parse(reply.body);
    expect(body).toMatchObject({
      crop: 'strawberry',
      method: 'holt-winters',
      backtest: { mape: 0 },
      history: { weeks: 3 * SEASON, from: addWeeks(now, -3 * SEASON), to: addWeeks(now, -1) },
    });
    // The history ends last week at index 3 × 52 − 1: next week is index 1 of a season.
    const expected = season.slice(1, 9).map((grams) => grams / 1000);
    expect(body.weeks.map((w) => w.week)).toEqual(Array.from({ length: 8 }, (_, i) => addWeeks(now, i + 1)));
    expect(body.weeks.map((w) => w.forecastKg)).toEqual(expected);
    expect(body.weeks.map((w) => w.contractedKg)).toEqual([100, 100, 100, 100, 0, 0, 0, 0]);
    expect(body.weeks.map((w) => w.gapKg)).toEqual(expected.map((kg, i) => Math.round((kg - (i < 4 ? 100 : 0)) * 1000) / 1000));
    const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 1000) / 1000;
    expect(body.totals).toEqual({ forecastKg: sum(expected), contractedKg: 400, gapKg: Math.round((sum(expected) - 400) * 1000) / 1000 });
  });

  it('uses seasonal naive for one year of history and defaults to 26 weeks', async () => {
    const body = Forecast.parse((await forecast('crop=kiwi')).body);
    expect(body.method).toBe('seasonal-naive');
    expect(body.backtest).toBeNull();
    expect(body.weeks).toHaveLength(26);
    expect(body.weeks[0]).toMatchObject({ forecastKg: (season[1] as number) / 1000, contractedKg: 7_000 });
  });

  it('makes no forecast below a year of history, or with none, and still shows the contracted supply', async () => {
    const short = Forecast.parse((await forecast('crop=loquat&weeks=3')).body);
    expect(short).toMatchObject({ method: 'insufficient-history', history: { weeks: 3 }, backtest: null });
    expect(short.weeks.every((w) => w.forecastKg === null && w.gapKg === null)).toBe(true);
    const none = Forecast.parse((await forecast('crop=yangmei&weeks=1')).body);
    expect(none).toMatchObject({ method: 'insufficient-history', history: { weeks: 0 }, totals: { forecastKg: null } });
  });

  it('answers 404 for a crop the catalogue does not know, 400 naming bad fields, 403 to village staff and 401 without a token, writing nothing', async () => {
    const before = await api.snapshot();
    const unknown = await forecast('crop=durian');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    for (const [query, field] of [
      ['weeks=4', 'crop'],
      ['crop=Not_A_Slug', 'crop'],
      ['crop=kiwi&weeks=0', 'weeks'],
      ['crop=kiwi&weeks=53', 'weeks'],
      ['crop=kiwi&weeks=2.5', 'weeks'],
      ['crop=kiwi&city=x', 'city'],
    ] as const) {
      const reply = await forecast(query);
      expect({ query, status: reply.status, path: reply.body.error?.details?.[0]?.path }).toEqual({
        query,
        status: 400,
        path: `query.${field}`,
      });
    }
    expect((await forecast('crop=kiwi', await api.villageToken(villageId))).status).toBe(403);
    expect((await api.call('GET', '/api/v1/demand/forecast?crop=kiwi')).status).toBe(401);
    expect(await api.snapshot()).toBe(before);
  });

  it('answers a crop with three years of history quickly (figures for the closing note)', async () => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      expect((await forecast('crop=strawberry&weeks=26')).status).toBe(200);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    console.log(
      `forecast latency on DynamoDB Local, 3 years of history, 26 weeks: median ${median.toFixed(1)} ms, max ${times.at(-1)?.toFixed(1)} ms`,
    );
    expect(median).toBeLessThan(1_000);
  });
});

describe('GET /api/v1/demand/weeks', () => {
  it('shows every week of the range, those without figures as zeros, in total or for one city', async () => {
    const now = thisWeek();
    await writeWeeklySales(repos.demand, 'yangmei', [2_000, 0, 3_500], { city: 'Ningbo', revenueFenPerKg: 3_000 });
    const from = addWeeks(now, -4);
    const reply = await api.call('GET', `/api/v1/demand/weeks?crop=yangmei&from=${from}&to=${now}`, { token: api.opsToken });
    expect(reply.status).toBe(200);
    const body = WeeklyDemand.parse(reply.body);
    expect(body.items.map((w) => [w.week, w.soldKg, w.revenueFen])).toEqual([
      [from, 0, 0],
      [addWeeks(now, -3), 2, 6_000],
      [addWeeks(now, -2), 0, 0],
      [addWeeks(now, -1), 3.5, 10_500],
      [now, 0, 0],
    ]);
    const city = await api.call('GET', `/api/v1/demand/weeks?crop=yangmei&city=Hangzhou`, { token: api.opsToken });
    expect(city.body.items).toHaveLength(52);
    expect(city.body.items.every((w: { soldKg: number }) => w.soldKg === 0)).toBe(true);
  });

  it('refuses reversed or over-long ranges and weeks that do not exist, naming the field', async () => {
    for (const [query, field] of [
      ['crop=kiwi&from=2026-W10&to=2026-W09', 'to'],
      ['crop=kiwi&from=2020-W01&to=2026-W01', 'to'],
      ['crop=kiwi&from=2025-W53', 'from'],
      ['crop=kiwi&to=2026-13', 'to'],
    ] as const) {
      const reply = await api.call('GET', `/api/v1/demand/weeks?${query}`, { token: api.opsToken });
      expect({ query, status: reply.status, path: reply.body.error?.details?.[0]?.path }).toEqual({
        query,
        status: 400,
        path: `query.${field}`,
      });
    }
    expect((await api.call('GET', '/api/v1/demand/weeks?crop=durian', { token: api.opsToken })).status).toBe(404);
  });
});
