// Crop recommendations through the API on DynamoDB Local: crops ranked by the open gap of the coming
// season with the village's specialties favoured, volumes cut to the village's capacity, an indicative
// price from recent agreements, and village staff who see their own village only and no revenue figure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { Recommendations } from '../../shared/demand/demand';
import { addWeeks } from '../../shared/demand/weeks';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { chinaDay, sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';
import { peakedSeason, repeatSeason, thisWeek, writeWeeklySales } from '../support/demand';

let api: TestApi;
let client: ReturnType<typeof localClient>;
let home: string;
let other: string;
/** Stores' revenue per kg of strawberries: a figure village staff must never see. */
const RETAIL_FEN_PER_KG = 7_777;

const agree = (villageId: string, crop: string, committedKg: number, prices: number[], from: number, to: number) =>
  api.call('POST', '/api/v1/agreements', {
    token: api.opsToken,
    body: {
      villageId,
      crop,
      committedKg,
      tolerancePct: 0,
      prices: prices.map((fenPerKg, i) => ({ grade: `G${i}`, fenPerKg })),
      deliveryWindow: { from: chinaDay(from), to: chinaDay(to) },
    },
  });
const recommendations = (villageId: string, token: string, query = '') =>
  api.call('GET', `/api/v1/villages/${villageId}/recommendations${query}`, { token });

beforeAll(async () => {
  api = await startTestApi();
  client = localClient(api.system.dynamoEndpoint);
  const { demand } = dynamoDbRepositories(client, api.system.tableName);
  for (const crop of ['strawberry', 'kiwi', 'loquat']) {
    await api.call('PUT', `/api/v1/crops/${crop}`, { token: api.opsToken, body: { ...sampleCrop, recipes: [] } });
  }
  const village = (specialties: string[]) =>
    api.call('POST', '/api/v1/villages', { token: api.opsToken, body: { ...sampleVillage(), specialties } });
  home = (await village(['kiwi'])).body.villageId;
  other = (await village([])).body.villageId;
  await writeWeeklySales(demand, 'strawberry', repeatSeason(peakedSeason(2_000), 3), { revenueFenPerKg: RETAIL_FEN_PER_KG });
  await writeWeeklySales(demand, 'kiwi', repeatSeason(peakedSeason(500), 1));
  // The home village once committed 1,000 kg (its capacity), at 15 yuan for the top grade; the other
  // village has strawberries contracted for the coming months at 13 and 17 yuan.
  await agree(home, 'strawberry', 1_000, [1_500, 900], -60, -30);
  await agree(other, 'strawberry', 3_000, [1_300], 14, 120);
  await agree(other, 'strawberry', 2_000, [1_000, 1_700], 30, 200);
});
afterAll(async () => {
  client?.destroy();
  await api?.stop();
});

describe('GET /api/v1/villages/{villageId}/recommendations', () => {
  it('ranks crops with an open gap, cuts the volume to the village’s capacity and prices it from recent agreements', async () => {
    const reply = await recommendations(home, api.opsToken);
    expect(reply.status).toBe(200);
    const { items } = Recommendations.parse(reply.body);
    expect(items.map((r) => [r.crop, r.specialty, r.confidence])).toEqual([
      ['strawberry', false, 'high'],
      ['kiwi', true, 'low'],
    ]);
    const [strawberry, kiwi] = items;
    expect(strawberry).toMatchObject({ suggestedKg: 2_000, indicativeFenPerKg: 1_500, retailFenPerKg: RETAIL_FEN_PER_KG });
    expect(strawberry!.gapKg).toBeCloseTo(strawberry!.forecastKg - strawberry!.contractedKg, 3);
    expect(strawberry!.contractedKg).toBeGreaterThan(0);
    expect(strawberry!.weeks.from >= addWeeks(thisWeek(), 8)).toBe(true);
    expect(strawberry!.reasons.en).toMatch(/^Demand forecast [\d.]+ t for weeks \d+–\d+ of \d{4}, [\d.]+ t contracted, [\d.]+ t open\. /);
    expect(strawberry!.reasons.en).toContain(
      'Suggested 2 t: 20% of the open demand, at most 2 times the largest volume the village has committed to (1 t).',
    );
    expect(strawberry!.reasons.en).toContain('a median of 15.00 yuan per kg');
    expect(strawberry!.reasons.zh).toContain('建议种植2吨');
    expect(kiwi!.reasons.en).toContain('A specialty of this village.');
    expect(kiwi!.suggestedKg).toBeLessThanOrEqual(2_000);
  });

  it('shows the village’s own staff the same recommendations without any revenue figure', async () => {
    const ops = await recommendations(home, api.opsToken);
    const staff = await recommendations(home, await api.villageToken(home));
    expect(staff.status).toBe(200);
    const text = JSON.stringify(staff.body);
    expect(text).not.toContain(String(RETAIL_FEN_PER_KG));
    expect(text).not.toMatch(/revenue|retail/i);
    const withoutRevenue = ops.body.items.map(({ retailFenPerKg, ...rest }: { retailFenPerKg?: number }) => rest);
    expect(staff.body.items).toEqual(withoutRevenue);
  });

  it('refuses another village’s staff with 403, an unknown village with 404 and a bad limit with 400, writing nothing', async () => {
    const before = await api.snapshot();
    expect((await recommendations(home, await api.villageToken(other))).status).toBe(403);
    expect((await recommendations('vil_0000000000000000', api.opsToken)).status).toBe(404);
    const limit = await recommendations(home, api.opsToken, '?limit=0');
    expect([limit.status, limit.body.error.details[0].path]).toEqual([400, 'query.limit']);
    expect((await recommendations('vil_nope', api.opsToken)).status).toBe(400);
    expect((await api.call('GET', `/api/v1/villages/${home}/recommendations`)).status).toBe(401);
    expect((await recommendations(home, api.opsToken, '?limit=1')).body.items).toHaveLength(1);
    expect(await api.snapshot()).toBe(before);
  });
});
