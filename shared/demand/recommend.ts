// Crop recommendations for a village, pure: for each crop, the stretch of the coming seasons where forecast
// demand most exceeds the supply already contracted, ranked by that open gap (a village's specialties
// count double), with a suggested volume, an indicative price and how far the forecast can be trusted.
import type { ForecastMethod } from './forecast';
import type { OutlookWeek } from './outlook';
import { reasonsOf } from './reasons';
import { weekEnd, weekStart } from './weeks';

/** Weeks between an offer and the first delivery week: time to plant, at the least. */
export const PLANTING_LEAD_WEEKS = 8;
/** The longest delivery window recommended: half a season. */
export const MAX_WINDOW_WEEKS = 26;
/** The share of a crop's open gap one village is asked to grow; the program has many villages. */
export const VILLAGE_SHARE = 0.2;
/** A village is asked for at most this many times the largest volume it has committed to before. */
export const CAPACITY_MULTIPLE = 2;
/** A specialty's open gap counts this many times in the ranking. */
export const SPECIALTY_WEIGHT = 2;
const RULES = { share: VILLAGE_SHARE, capacityMultiple: CAPACITY_MULTIPLE };
/** Suggested volumes are whole multiples of this many grams (10 kg); less is not recommended. */
const VOLUME_STEP_GRAMS = 10_000;

export type Confidence = 'low' | 'medium' | 'high';

/** What the ranking knows of one crop. */
export interface CropProspect {
  readonly crop: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The weeks ahead, in order, from next week. */
  readonly weeks: readonly OutlookWeek[];
  readonly method: ForecastMethod;
  readonly historyWeeks: number;
  readonly backtest?: { readonly mape: number };
  /** The top grade's fen per kg of each of the crop's recent agreements. */
  readonly recentPrices: readonly number[];
  /** Stores' revenue per kg sold over the last season; for ops only. */
  readonly retailFenPerKg?: number;
}

/** What the ranking knows of the village. */
export interface VillageProfile {
  readonly specialties: readonly string[];
  /** The largest volume it has committed to in any agreement; undefined for a village new to the program. */
  readonly largestCommittedGrams?: number;
}

export interface Recommendation {
  readonly crop: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The ISO weeks of the window, and its first and last calendar days. */
  readonly weeks: { readonly from: string; readonly to: string };
  readonly window: { readonly from: string; readonly to: string };
  readonly forecastGrams: number;
  readonly contractedGrams: number;
  readonly gapGrams: number;
  readonly suggestedGrams: number;
  /** Whether the suggestion was cut to the village's capacity. */
  readonly capped: boolean;
  readonly indicativeFenPerKg?: number;
  readonly confidence: Confidence;
  readonly specialty: boolean;
  /** The open gap, weighted for specialties: what the list is ordered by. */
  readonly score: number;
  readonly retailFenPerKg?: number;
  readonly reasons: { readonly zh: string; readonly en: string };
}

/**
 * The run of consecutive weeks, from PLANTING_LEAD_WEEKS ahead and at most MAX_WINDOW_WEEKS long, in which
 * every week's forecast exceeds its contracted supply and the gap adds up to the most; undefined when
 * no week has a gap.
 */
export function bestWindow(weeks: readonly OutlookWeek[]): { start: number; end: number; gapGrams: number } | undefined {
  const gaps = weeks.map((w, i) =>
    i + 1 < PLANTING_LEAD_WEEKS || w.forecastGrams === undefined ? 0 : w.forecastGrams - w.contractedGrams,
  );
  let best: { start: number; end: number; gapGrams: number } | undefined;
  for (let start = 0; start < gaps.length; start++) {
    let sum = 0;
    for (let end = start; end < gaps.length && end - start < MAX_WINDOW_WEEKS && (gaps[end] as number) > 0; end++) {
      sum += gaps[end] as number;
      if (!best || sum > best.gapGrams) best = { start, end, gapGrams: sum };
    }
  }
  return best;
}

/** How far the forecast can be trusted: by its method and how well it forecast the last season. */
export function confidenceOf(method: ForecastMethod, backtest?: { mape: number }): Confidence {
  // Either method counts once it has forecast a held-out season; without that, the figure is a guess.
  if (method === 'insufficient-history' || backtest === undefined) return 'low';
  if (backtest.mape <= 20) return 'high';
  return backtest.mape <= 40 ? 'medium' : 'low';
}

/** The median of the prices, rounded to whole fen; undefined without any. */
export function medianPrice(prices: readonly number[]): number | undefined {
  if (prices.length === 0) return undefined;
  const sorted = [...prices].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
}

/** A village's share of the gap, cut to its capacity, in whole steps of 10 kg. */
function suggestion(gapGrams: number, village: VillageProfile): { grams: number; capped: boolean } {
  const share = gapGrams * VILLAGE_SHARE;
  const capacity =
    village.largestCommittedGrams === undefined ? Number.POSITIVE_INFINITY : village.largestCommittedGrams * CAPACITY_MULTIPLE;
  const grams = Math.floor(Math.min(share, capacity) / VOLUME_STEP_GRAMS) * VOLUME_STEP_GRAMS;
  return { grams, capped: capacity < share };
}

/** The crops worth recommending to the village, best first (ties by crop id), at most `limit`. */
export function recommend(prospects: readonly CropProspect[], village: VillageProfile, limit: number): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const prospect of prospects) {
    const window = bestWindow(prospect.weeks);
    if (!window) continue;
    const { grams: suggestedGrams, capped } = suggestion(window.gapGrams, village);
    if (suggestedGrams === 0) continue;
    const inWindow = prospect.weeks.slice(window.start, window.end + 1);
    const first = inWindow[0] as OutlookWeek;
    const last = inWindow.at(-1) as OutlookWeek;
    const specialty = village.specialties.includes(prospect.crop);
    const recommendation = {
      crop: prospect.crop,
      name: prospect.name,
      weeks: { from: first.week, to: last.week },
      window: { from: weekStart(first.week), to: weekEnd(last.week) },
      forecastGrams: inWindow.reduce((sum, w) => sum + (w.forecastGrams ?? 0), 0),
      contractedGrams: inWindow.reduce((sum, w) => sum + w.contractedGrams, 0),
      gapGrams: window.gapGrams,
      suggestedGrams,
      capped,
      indicativeFenPerKg: medianPrice(prospect.recentPrices),
      confidence: confidenceOf(prospect.method, prospect.backtest),
      specialty,
      score: window.gapGrams * (specialty ? SPECIALTY_WEIGHT : 1),
      retailFenPerKg: prospect.retailFenPerKg,
    };
    recommendations.push({ ...recommendation, reasons: reasonsOf(recommendation, prospect, village, RULES) });
  }
  return recommendations.sort((a, b) => b.score - a.score || (a.crop < b.crop ? -1 : 1)).slice(0, limit);
}
