// Weekly sales histories written straight into the weekly figures, as the stream aggregator keeps them,
// so a test can give a crop years of history without sending years of store webhooks.
import { chinaDate } from '../../shared/dates';
import { SEASON } from '../../shared/demand/forecast';
import type { Contribution, DemandRepository } from '../../shared/demand/figures';
import { addWeeks, isoWeekOf } from '../../shared/demand/weeks';

/** The ISO week it is now in China, as the demand routes count weeks. */
export const thisWeek = () => isoWeekOf(chinaDate(new Date()));

/**
 * A season of grams that peaks in its middle at `peakKg` and sells a tenth of that out of season, so that
 * its first week has figures (a crop's history starts with its first sale).
 */
export const peakedSeason = (peakKg: number) =>
  Array.from({ length: SEASON }, (_, i) => Math.round(((2 + Math.max(0, 18 - Math.abs(i - 26))) / 20) * peakKg * 1000));

/**
 * Adds `grams[i]` sold (and `revenueFenPerKg` per kg of revenue) to the week `grams.length − i` weeks
 * before this one, in `city`: the history ends last week.
 */
export async function writeWeeklySales(
  demand: Pick<DemandRepository, 'apply'>,
  crop: string,
  grams: readonly number[],
  options: { city?: string; revenueFenPerKg?: number; source?: string } = {},
): Promise<void> {
  const now = thisWeek();
  const contributions: Contribution[] = grams.map((soldGrams, i) => ({
    crop,
    city: options.city ?? 'Hangzhou',
    week: addWeeks(now, i - grams.length),
    figures: { soldGrams, revenueFen: Math.round((soldGrams * (options.revenueFenPerKg ?? 1000)) / 1000) },
  }));
  await demand.apply(options.source ?? `test-history-${crop}-${Math.random()}`, contributions);
}

/** `seasons` seasons of a pattern, oldest first, whose index 0 falls `seasons × 52` weeks before this week. */
export const repeatSeason = (season: readonly number[], seasons: number) =>
  Array.from({ length: seasons * SEASON }, (_, i) => season[i % SEASON] as number);
