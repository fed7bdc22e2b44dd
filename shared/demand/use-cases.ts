// A crop's forecast against its contracted supply and its weekly figures, for ops; and the crops a village
// could grow, for ops and that village's staff.
import type { z } from 'zod';
import type { AgreementRepository } from '../agreements/agreement';
import { type Principal, assertVillageAccess } from '../auth';
import type { CropRecord, CropRepository } from '../crops/crop';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { NotFound } from '../errors';
import type { Page } from '../fields';
import type { VillageRepository } from '../villages/village';
import {
  DEFAULT_FORECAST_WEEKS,
  type ForecastQuery,
  forecastView,
  type RecommendationQuery,
  recommendationView,
  type WeeklyQuery,
} from './demand';
import { type DemandRepository, type WeeklyFigures, weekView } from './figures';
import { SEASON } from './forecast';
import { historyStart, outlookOf } from './outlook';
import { type CropProspect, recommend } from './recommend';
import { addDays, addWeeks, isoWeekOf, weekRange, weekStart } from './weeks';

/** Recommendations shown when the caller does not ask for a number. */
const DEFAULT_RECOMMENDATIONS = 5;

export type OutlookDeps = {
  demand: Pick<DemandRepository, 'weekly'>;
  agreements: Pick<AgreementRepository, 'listByCrop'>;
};

/** The week it is now, in China. */
export const currentWeek = ({ now }: Clock) => isoWeekOf(chinaDate(now()));

/**
 * A crop's outlook for the `horizon` weeks after `thisWeek`: one query of its weekly totals and one of its
 * agreements whose delivery has not ended before the first of those weeks.
 */
export async function loadOutlook(
  { demand, agreements }: OutlookDeps,
  crop: string,
  thisWeek: string,
  horizon: number,
  agreementsEndingFrom = weekStart(addWeeks(thisWeek, 1)),
) {
  const [figures, commitments] = await Promise.all([
    demand.weekly(crop, { from: historyStart(thisWeek), to: addWeeks(thisWeek, -1) }),
    agreements.listByCrop(crop, agreementsEndingFrom),
  ]);
  return { figures, commitments, outlook: outlookOf(figures, commitments, thisWeek, horizon) };
}

async function assertCropExists({ crops }: { crops: Pick<CropRepository, 'get'> }, crop: string) {
  if (!(await crops.get(crop))) throw new NotFound('Crop');
}

export async function forecastDemand(
  deps: OutlookDeps & { crops: Pick<CropRepository, 'get'> } & Clock,
  query: z.infer<typeof ForecastQuery>,
) {
  await assertCropExists(deps, query.crop);
  const { outlook } = await loadOutlook(deps, query.crop, currentWeek(deps), query.weeks ?? DEFAULT_FORECAST_WEEKS);
  return forecastView(query.crop, outlook);
}

/** Agreements whose delivery ended within this many days count towards a crop's recent prices. */
const RECENT_PRICE_DAYS = 365;
/** Crops whose outlook is read at once. */
const CONCURRENT_CROPS = 8;

/** Every item of a paged list. */
async function allPages<T>(list: (limit: number, cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(100, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Stores' revenue per kg sold over the weeks given, in whole fen; undefined when nothing sold. */
function retailFenPerKg(figures: readonly WeeklyFigures[]): number | undefined {
  const grams = figures.reduce((sum, w) => sum + w.soldGrams, 0);
  const fen = figures.reduce((sum, w) => sum + w.revenueFen, 0);
  return grams > 0 ? Math.round((fen * 1000) / grams) : undefined;
}

/** What one crop looks like for the coming season: its outlook, its recent agreement prices, its retail price. */
async function prospectOf(deps: OutlookDeps, crop: CropRecord, thisWeek: string, today: string): Promise<CropProspect> {
  const { figures, commitments, outlook } = await loadOutlook(deps, crop.crop, thisWeek, SEASON, addDays(today, -RECENT_PRICE_DAYS));
  const lastSeason = addWeeks(thisWeek, -SEASON);
  return {
    crop: crop.crop,
    name: crop.name,
    weeks: outlook.weeks,
    method: outlook.method,
    historyWeeks: outlook.history.grams.length,
    backtest: outlook.backtest,
    recentPrices: commitments.filter((a) => a.status === 'active').map((a) => Math.max(...a.prices.map((p) => p.fenPerKg))),
    retailFenPerKg: retailFenPerKg(figures.filter((w) => w.week >= lastSeason)),
  };
}

/**
 * The crops a village could grow for the coming season, best first: every crop of the catalogue is
 * forecast a season ahead (two queries each) and ranked by its open gap. Village staff see their own
 * village's, without revenue.
 */
export async function recommendCrops(
  deps: OutlookDeps & {
    villages: Pick<VillageRepository, 'get'>;
    crops: Pick<CropRepository, 'list'>;
    agreements: Pick<AgreementRepository, 'listByVillage'>;
  } & Clock,
  principal: Principal,
  villageId: string,
  query: z.infer<typeof RecommendationQuery>,
) {
  assertVillageAccess(principal, villageId);
  const village = await deps.villages.get(villageId);
  if (!village) throw new NotFound('Village');
  const [crops, agreements] = await Promise.all([
    allPages((limit, cursor) => deps.crops.list(limit, cursor)),
    allPages((limit, cursor) => deps.agreements.listByVillage(villageId, limit, cursor)),
  ]);
  const today = chinaDate(deps.now());
  const thisWeek = isoWeekOf(today);
  const prospects: CropProspect[] = [];
  for (let at = 0; at < crops.length; at += CONCURRENT_CROPS) {
    prospects.push(...(await Promise.all(crops.slice(at, at + CONCURRENT_CROPS).map((crop) => prospectOf(deps, crop, thisWeek, today)))));
  }
  const largest = agreements.filter((a) => a.status === 'active').map((a) => a.committedGrams);
  const profile = { specialties: village.specialties ?? [], largestCommittedGrams: largest.length ? Math.max(...largest) : undefined };
  const items = recommend(prospects, profile, query.limit ?? DEFAULT_RECOMMENDATIONS);
  return { villageId, items: items.map((r) => recommendationView(r, principal.role)) };
}

/** Every week of the range, those without figures as zeros; by default the last 52 weeks up to this one. */
export async function weeklyDemand(
  deps: { demand: Pick<DemandRepository, 'weekly'>; crops: Pick<CropRepository, 'get'> } & Clock,
  query: z.infer<typeof WeeklyQuery>,
) {
  await assertCropExists(deps, query.crop);
  const to = query.to ?? (query.from ? addWeeks(query.from, 51) : currentWeek(deps));
  const from = query.from ?? addWeeks(to, -51);
  const kept = new Map((await deps.demand.weekly(query.crop, { from, to }, query.city)).map((w) => [w.week, w]));
  return {
    crop: query.crop,
    city: query.city,
    items: weekRange(from, to).map((week) => weekView(kept.get(week) ?? { week })),
  };
}
