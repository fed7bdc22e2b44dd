// What the demand bench measures with: stores and lots made through the use cases, store days written
// through the sales repository, a CDN log file of shoppers, robots and page assets in CloudFront's format,
// and weekly series of the demo sales model.
import type { Principal } from '../../shared/auth';
import { createAgreement } from '../../shared/agreements/use-cases';
import { newLotCode } from '../../shared/codes';
import { putCrop } from '../../shared/crops/use-cases';
import { addDays, addWeeks, weekStart } from '../../shared/demand/weeks';
import type { Deps } from '../../shared/deps';
import { recordLot } from '../../shared/lots/record-lot';
import { createStore } from '../../shared/stores/use-cases';
import { createVillage } from '../../shared/villages/use-cases';
import { type LogEntry, w3cLog } from '../local/cdn-logs';
import { type CropSeason, daySales } from '../local/sales-history';

const OPS: Principal = { role: 'ops', subject: 'bench' };
const CITIES = ['Shanghai', 'Hangzhou', 'Chengdu', 'Beijing', 'Shenzhen', 'Wuhan', 'Nanjing', 'Xiamen'];

/** A small program: two crops, `stores` stores in as many cities, and `lots` lots headed for them. */
export async function benchProgram(deps: Deps, stores: number, lots: number) {
  const cityOf = (i: number) => CITIES[i % CITIES.length] as string;
  const recipe = {
    title: { zh: '菜', en: 'Dish' },
    minutes: 5,
    ingredients: { zh: ['一'], en: ['one'] },
    steps: { zh: ['做'], en: ['Do'] },
  };
  for (const crop of ['dekopon', 'strawberry']) await putCrop(deps, crop, { name: { zh: crop, en: crop }, recipes: [recipe] });
  const storeIds = Array.from({ length: stores }, (_, i) => `bench-${String(i + 1).padStart(2, '0')}`);
  for (const [i, storeId] of storeIds.entries()) await createStore(deps, { storeId, name: { zh: '店', en: 'Store' }, city: cityOf(i) });
  const village = await createVillage(deps, { name: { zh: '村', en: 'Village' }, province: 'Sichuan', county: 'Danling' });
  const today = new Date().toISOString().slice(0, 10);
  const agreement = await createAgreement(deps, OPS, {
    villageId: village.villageId,
    crop: 'dekopon',
    committedKg: 1_000_000,
    tolerancePct: 0,
    prices: [{ grade: 'A', fenPerKg: 1_000 }],
    deliveryWindow: { from: addDays(today, -30), to: addDays(today, 30) },
  });
  const lotCodes: string[] = [];
  for (let i = 0; i < lots; i++) {
    const { lot } = await recordLot(deps, OPS, agreement.agreementId, {
      clientLotId: `bench-${i}`,
      grade: 'A',
      quantityKg: 10,
      harvestedOn: today,
      destinationStoreId: storeIds[i % storeIds.length],
    });
    lotCodes.push(lot.lotCode);
  }
  return { stores: storeIds.map((storeId, i) => ({ storeId, city: cityOf(i) })), lotCodes };
}

/** A deterministic draw in [0, 1). */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Writes `days` days for each store (two crops a day), many at once; the days written. */
export async function writeStoreDays(deps: Deps, stores: readonly { storeId: string; city: string }[], days: number): Promise<number> {
  const random = generator(7);
  const today = new Date().toISOString().slice(0, 10);
  const recordedAt = new Date().toISOString();
  const jobs: (() => Promise<unknown>)[] = [];
  for (const { storeId, city } of stores) {
    for (let d = 1; d <= days; d++) {
      const date = addDays(today, -d);
      const lines = ['dekopon', 'strawberry'].map((crop) => {
        const soldGrams = Math.round(20_000 + random() * 80_000);
        return { crop, soldGrams, revenueFen: Math.round(soldGrams * 3), wasteGrams: Math.round(soldGrams * 0.03) };
      });
      const webhookId = `bench_${date}`;
      const asOf = `${date}T12:00:00.000Z`;
      jobs.push(() =>
        deps.sales.store(
          { storeId, webhookId, bodySha256: '0', date, asOf, signedAt: asOf, recordedAt, status: 'stored', httpStatus: 200 },
          { storeId, city, date, lines, asOf, webhookId, recordedAt },
        ),
      );
    }
  }
  for (let at = 0; at < jobs.length; at += 32) await Promise.all(jobs.slice(at, at + 32).map((job) => job()));
  return jobs.length;
}

const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/**
 * A log file of `lines` requests over the past day: page hits and their lookups, assets, outside lookups,
 * robots, unknown lots and revalidations, as the CDN logs a day of shoppers.
 */
export function shopperLog(lotCodes: readonly string[], lines: number): string {
  const random = generator(11);
  const host = 'd111111abcdef8.cloudfront.net';
  const now = Date.now();
  const entries: LogEntry[] = [];
  for (let i = 0; i < lines; i++) {
    const at = new Date(now - Math.floor(random() * 86_400_000)).toISOString();
    // A few lots are scanned most: the square skews the draw towards the first codes.
    const lot = lotCodes[Math.floor(random() ** 2 * lotCodes.length)] as string;
    const kind = random();
    const base = { date: at.slice(0, 10), time: at.slice(11, 19), 'cs-method': 'GET', 'cs(Host)': host, 'c-ip': '198.51.100.7' };
    const page = { ...base, 'cs-uri-stem': `/l/${lot}`, 'sc-status': 200, 'cs(User-Agent)': PHONE, 'sc-content-type': 'text/html' };
    const lookup = { ...base, 'cs-uri-stem': `/api/v1/scan/${lot}`, 'sc-status': 200, 'cs(User-Agent)': PHONE };
    if (kind < 0.3) entries.push(page);
    else if (kind < 0.6) entries.push({ ...lookup, 'cs(Referer)': `https://${host}/l/${lot}` });
    else if (kind < 0.8) entries.push({ ...page, 'cs-uri-stem': '/assets/main.js', 'sc-content-type': 'text/javascript' });
    else if (kind < 0.85) entries.push(lookup);
    else if (kind < 0.9) entries.push({ ...page, 'cs(User-Agent)': BOT });
    else if (kind < 0.95) entries.push({ ...lookup, 'cs-uri-stem': `/api/v1/scan/${newLotCode()}`, 'sc-status': 404 });
    else entries.push({ ...page, 'sc-status': 304, 'sc-content-type': undefined });
  }
  return w3cLog(entries);
}

/** What the demo model sells of a crop in all its stores, week by week: `count` weeks from `first`. */
export function modelWeeks(season: CropSeason, first: string, count: number): number[] {
  const stores = Object.keys(season.peakKgPerDay);
  return Array.from({ length: count }, (_, i) => {
    const monday = weekStart(addWeeks(first, i));
    let grams = 0;
    for (let d = 0; d < 7; d++) for (const store of stores) grams += daySales(season, store, addDays(monday, d))?.soldGrams ?? 0;
    return grams;
  });
}
