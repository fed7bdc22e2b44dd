// A crop's demand outlook, pure: its weekly history of sold grams (the weeks it sold nothing filled in),
// the forecast of the weeks ahead, and the supply its active agreements already contract for each of them.
// The forecast endpoint shows it; the recommendations rank crops by its gaps.
import type { WeeklyFigures } from './figures';
import { type ForecastMethod, MAX_HISTORY, type SeriesForecast, type SmoothingParameters, forecastSeries } from './forecast';
import { type Commitment, contractedByWeek } from './supply';
import { addWeeks, weekRange } from './weeks';

/** The history a forecast reads: the last MAX_HISTORY complete weeks at most, from the first that has figures. */
export interface History {
  /** Sold grams per week, oldest first, with every week between `from` and `to`. */
  readonly grams: readonly number[];
  readonly from?: string;
  readonly to?: string;
}

export interface OutlookWeek {
  readonly week: string;
  /** Undefined when the history is too short to forecast. */
  readonly forecastGrams?: number;
  readonly contractedGrams: number;
}

export interface Outlook {
  readonly history: History;
  readonly method: ForecastMethod;
  readonly parameters?: SmoothingParameters;
  readonly backtest?: { readonly mape: number };
  /** Holt-Winters' backtest error, when seasonal naive did better and was chosen. */
  readonly outdone?: SeriesForecast['outdone'];
  /** The weeks ahead, from the week after `thisWeek`. */
  readonly weeks: readonly OutlookWeek[];
}

/** The first week whose figures a forecast made in `thisWeek` reads. */
export const historyStart = (thisWeek: string) => addWeeks(thisWeek, -MAX_HISTORY);

/**
 * The sold grams of the complete weeks before `thisWeek`, from the first week that has figures (a crop
 * sells from its first week on; the weeks after it without figures sold nothing).
 */
export function historyOf(figures: readonly Pick<WeeklyFigures, 'week' | 'soldGrams'>[], thisWeek: string): History {
  const last = addWeeks(thisWeek, -1);
  const sold = new Map(figures.filter((f) => f.week <= last).map((f) => [f.week, f.soldGrams]));
  const first = [...sold.keys()].sort()[0];
  if (first === undefined) return { grams: [] };
  const weeks = weekRange(first, last).slice(-MAX_HISTORY);
  return { grams: weeks.map((week) => sold.get(week) ?? 0), from: weeks[0], to: last };
}

/** The outlook of the `horizon` weeks after `thisWeek`, from a crop's weekly figures and its agreements. */
export function outlookOf(
  figures: readonly Pick<WeeklyFigures, 'week' | 'soldGrams'>[],
  commitments: readonly Commitment[],
  thisWeek: string,
  horizon: number,
): Outlook {
  const history = historyOf(figures, thisWeek);
  // The history ends before this week, so the forecast's first week is this one, which is not shown.
  const forecast: SeriesForecast = forecastSeries(history.grams, horizon + 1);
  const contracted = contractedByWeek(commitments);
  const weeks = weekRange(addWeeks(thisWeek, 1), addWeeks(thisWeek, horizon)).map((week, i) => ({
    week,
    forecastGrams: forecast.values?.[i + 1],
    contractedGrams: contracted.get(week) ?? 0,
  }));
  const { method, parameters, backtest, outdone } = forecast;
  return { history, method, parameters, backtest, ...(outdone && { outdone }), weeks };
}
