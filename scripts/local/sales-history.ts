// Two years of daily sales for the demo stores and crops, so the demand board has a history to show and
// forecast from. Each store's day is stored as a signed summary would be (a delivery and the store's day,
// through the sales repository), and the stream aggregator turns the days into weekly figures as it does
// for real ones. The numbers come from a deterministic model: each crop sells in its season only, most
// at its peak, more at weekends, a little more each year, with noise; the same date always sells the same.
import { createHash } from 'node:crypto';
import { addDays } from '../../shared/demand/weeks';
import type { SalesDayRecord, SalesDeliveryRecord, SalesLine, SalesRepository } from '../../shared/sales/sales';
import type { StoreRepository } from '../../shared/stores/store';

/** How a crop sells over a year in one store. */
export interface CropSeason {
  readonly crop: string;
  /** Day of the year (1–366) it sells most. */
  readonly peakDay: number;
  /** Days either side of the peak it sells at all. */
  readonly halfSeasonDays: number;
  /** Kilograms a day at the peak, per store. */
  readonly peakKgPerDay: Readonly<Record<string, number>>;
  /** Shelf price, fen per kg. */
  readonly fenPerKg: number;
}

/** The demo crops: dekopon from Sichuan (December to April), strawberries from Chongming (December to May). */
export const DEMO_SEASONS: readonly CropSeason[] = [
  {
    crop: 'dekopon',
    peakDay: 45,
    halfSeasonDays: 75,
    peakKgPerDay: { 'cd-jinjiang-002': 180, 'sh-hongqiao-001': 120 },
    fenPerKg: 2_600,
  },
  {
    crop: 'strawberry',
    peakDay: 30,
    halfSeasonDays: 85,
    peakKgPerDay: { 'sh-hongqiao-001': 95, 'cd-jinjiang-002': 55 },
    fenPerKg: 5_800,
  },
];

/** Sales grow this much a year. */
const YEARLY_GROWTH = 0.12;
/** The history starts this long before today: two seasons of every crop, for Holt-Winters. */
export const HISTORY_DAYS = 2 * 364;

/** A number in [0, 1) fixed by its key: the same day of the same store and crop always draws the same. */
function draw(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

const DAY_MS = 86_400_000;
const dayOfYear = (date: string) =>
  Math.floor((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / DAY_MS) + 1;

/** How far (in days, either way round the year) a date is from a season's peak. */
function daysFromPeak(date: string, peakDay: number): number {
  const distance = Math.abs(dayOfYear(date) - peakDay);
  return Math.min(distance, 365 - distance);
}

/** One store's sales of one crop on one date, in grams and fen (none out of season). */
export function daySales(season: CropSeason, storeId: string, date: string): SalesLine | undefined {
  const peak = season.peakKgPerDay[storeId] ?? 0;
  const distance = daysFromPeak(date, season.peakDay);
  if (peak === 0 || distance >= season.halfSeasonDays) return undefined;
  // A raised cosine: full at the peak, nothing at the season's edges.
  const shape = (1 + Math.cos((Math.PI * distance) / season.halfSeasonDays)) / 2;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? 1.25 : 1;
  const years = (Date.parse(`${date}T00:00:00Z`) - Date.parse('2024-01-01T00:00:00Z')) / (365.25 * DAY_MS);
  const growth = (1 + YEARLY_GROWTH) ** years;
  const noise = 0.85 + 0.3 * draw(`${season.crop}|${storeId}|${date}|kg`);
  const soldGrams = Math.round(peak * shape * weekend * growth * noise * 1000);
  if (soldGrams === 0) return undefined;
  // Prices move a little from day to day; waste is 2–4 % of what sold.
  const fenPerKg = Math.round(season.fenPerKg * (0.95 + 0.1 * draw(`${season.crop}|${storeId}|${date}|price`)));
  return {
    crop: season.crop,
    soldGrams,
    revenueFen: Math.round((soldGrams * fenPerKg) / 1000),
    wasteGrams: Math.round(soldGrams * (0.02 + 0.02 * draw(`${season.crop}|${storeId}|${date}|waste`))),
  };
}

/** What a seeded day is stored as: the summary a store would have sent at the start of that day. */
function seededDay(storeId: string, city: string, date: string, lines: SalesLine[], recordedAt: string) {
  const webhookId = `seed_${date}`;
  // Midnight in China: any real summary of the day is produced later, and stands over the seeded one.
  const asOf = new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
  const bodySha256 = createHash('sha256').update(JSON.stringify({ date, lines })).digest('hex');
  const delivery: SalesDeliveryRecord = {
    storeId,
    webhookId,
    bodySha256,
    date,
    asOf,
    signedAt: asOf,
    recordedAt,
    status: 'stored',
    httpStatus: 200,
  };
  const day: SalesDayRecord = { storeId, city, date, lines, asOf, webhookId, recordedAt };
  return { delivery, day };
}

/** Days written at once per store: a restart goes back this far from the newest seeded day. */
const CHUNK_DAYS = 32;

/**
 * Stores the history of every demo store that exists, from HISTORY_DAYS before `today` (China date) to the
 * day before it, until `signal` aborts, and answers how many days were stored. Idempotent: a day is kept once per store (its
 * delivery's webhook id), so a restart writes only the days since the last one (and the few before it a
 * stop part-way may have left out).
 */
export async function seedSalesHistory(
  deps: { sales: SalesRepository; stores: Pick<StoreRepository, 'get'> },
  today: string,
  options: { seasons?: readonly CropSeason[]; signal?: AbortSignal } = {},
): Promise<number> {
  const { seasons = DEMO_SEASONS, signal } = options;
  const recordedAt = new Date().toISOString();
  const storeIds = [...new Set(seasons.flatMap((s) => Object.keys(s.peakKgPerDay)))];
  const first = addDays(today, -HISTORY_DAYS);
  let stored = 0;
  await Promise.all(
    storeIds.map(async (storeId) => {
      const store = await deps.stores.get(storeId);
      if (!store) return;
      const linesOf = (date: string) => seasons.flatMap((season) => daySales(season, storeId, date) ?? []);
      // The newest day already seeded, looking back from yesterday over the days that sell anything (a few
      // reads after a restart the same week).
      let from = first;
      for (let date = addDays(today, -1); date >= first; date = addDays(date, -1)) {
        if (linesOf(date).length > 0 && (await deps.sales.getDelivery(storeId, `seed_${date}`))) {
          from = date > addDays(first, CHUNK_DAYS) ? addDays(date, -CHUNK_DAYS) : first;
          break;
        }
      }
      // Stopping leaves the rest for the next start.
      for (let start = from; start < today && !signal?.aborted; start = addDays(start, CHUNK_DAYS)) {
        const dates = Array.from({ length: CHUNK_DAYS }, (_, i) => addDays(start, i)).filter((d) => d < today);
        const outcomes = await Promise.all(
          dates.map((date) => {
            const lines = linesOf(date);
            if (lines.length === 0) return undefined;
            const { delivery, day } = seededDay(storeId, store.city, date, lines, recordedAt);
            return deps.sales.store(delivery, day);
          }),
        );
        stored += outcomes.filter((outcome) => outcome === 'stored').length;
      }
    }),
  );
  return stored;
}
