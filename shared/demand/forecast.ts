// Weekly demand forecasts from a crop's history of sold grams, with a method that can be explained in a
// sentence: below a year of history none is made; with one year, each week repeats the same week a year
// before (seasonal naive); with two years or more, additive Holt-Winters with a 52-week season, its
// smoothing parameters chosen by the smallest one-step-ahead squared error over the history
// (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §8.3,
// https://otexts.com/fpp3/holt-winters.html).
//
// Additive, not multiplicative: fresh produce is out of season for weeks at a time, and those weeks
// sell nothing. The multiplicative method divides by the level and by the seasonal index, which a run of
// zero weeks makes zero or meaningless; the additive one takes zeros as they are. Its forecasts can
// dip below zero in the off-season, so they are cut at zero.

/** Weeks in a season: a year of ISO weeks (a 53-week year shifts the season by one week). */
export const SEASON = 52;
/** The most history a forecast reads: three seasons. */
export const MAX_HISTORY = 3 * SEASON;

export type ForecastMethod = 'seasonal-naive' | 'holt-winters' | 'insufficient-history';

export interface SmoothingParameters {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

export interface SeriesForecast {
  readonly method: ForecastMethod;
  /** Whole grams, one per week ahead; undefined when the history is too short to forecast. */
  readonly values?: readonly number[];
  /** Holt-Winters' parameters, as chosen. */
  readonly parameters?: SmoothingParameters;
  /** The mean absolute percentage error of forecasting the last season from the ones before it. */
  readonly backtest?: { readonly mape: number };
  /** With two seasons or more: Holt-Winters' backtest error, when seasonal naive forecast the last season better and was chosen. */
  readonly outdone?: { readonly method: 'holt-winters'; readonly mape: number };
}

/** The method a history of `weeks` weeks gets. */
export function methodFor(weeks: number): ForecastMethod {
  if (weeks >= 2 * SEASON) return 'holt-winters';
  return weeks >= SEASON ? 'seasonal-naive' : 'insufficient-history';
}

const whole = (value: number) => Math.max(0, Math.round(value));

/** Each week ahead is the same week of the last season. */
export function seasonalNaive(history: readonly number[], horizon: number): number[] {
  const last = history.slice(-SEASON);
  return Array.from({ length: horizon }, (_, h) => whole(last[h % SEASON] as number));
}

interface State {
  level: number;
  trend: number;
  /** The seasonal component of the last SEASON weeks, oldest first. */
  seasonal: number[];
}

/**
 * The state after the first season: the level its mean, the seasonal indices each week's difference from
 * it, and the trend the change between the first two seasons' means (none with one season).
 */
function initialState(history: readonly number[]): State {
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const first = mean(history.slice(0, SEASON));
  const trend = history.length >= 2 * SEASON ? (mean(history.slice(SEASON, 2 * SEASON)) - first) / SEASON : 0;
  // The first season's mean sits at its middle week; the level is carried to its last week.
  const middle = (SEASON - 1) / 2;
  const seasonal = history.slice(0, SEASON).map((y, i) => y - (first + trend * (i - middle)));
  return { level: first + trend * middle, trend, seasonal };
}

/** Runs the smoothing equations over the history after its first season; the sum of squared one-step errors. */
function smooth(history: readonly number[], { alpha, beta, gamma }: SmoothingParameters): { state: State; sse: number } {
  const state = initialState(history);
  let sse = 0;
  for (let t = SEASON; t < history.length; t++) {
    const y = history[t] as number;
    const season = state.seasonal[t % SEASON] as number;
    const error = y - (state.level + state.trend + season);
    sse += error * error;
    const level = alpha * (y - season) + (1 - alpha) * (state.level + state.trend);
    state.seasonal[t % SEASON] = gamma * (y - state.level - state.trend) + (1 - gamma) * season;
    state.trend = beta * (level - state.level) + (1 - beta) * state.trend;
    state.level = level;
  }
  return { state, sse };
}

const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
const BETAS = [0, 0.01, 0.05, 0.1, 0.2];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];
/** What a history of exactly one season, which leaves no error to choose by, is smoothed with. */
export const DEFAULT_PARAMETERS: SmoothingParameters = { alpha: 0.2, beta: 0.05, gamma: 0.2 };

/** The parameters of the grid whose one-step-ahead forecasts erred least over the history. */
export function chooseParameters(history: readonly number[]): SmoothingParameters {
  if (history.length <= SEASON) return DEFAULT_PARAMETERS;
  let best = { parameters: DEFAULT_PARAMETERS, sse: smooth(history, DEFAULT_PARAMETERS).sse };
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const { sse } = smooth(history, { alpha, beta, gamma });
        if (sse < best.sse) best = { parameters: { alpha, beta, gamma }, sse };
      }
    }
  }
  return best.parameters;
}

/** Additive Holt-Winters forecasts of the weeks after the history (at least one season of it). */
export function holtWinters(
  history: readonly number[],
  horizon: number,
  parameters = chooseParameters(history),
): { values: number[]; parameters: SmoothingParameters } {
  const { state } = smooth(history, parameters);
  const n = history.length;
  const values = Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    // The seasonal index of the same week in the last season smoothed.
    return whole(state.level + h * state.trend + (state.seasonal[(n + i) % SEASON] as number));
  });
  return { values, parameters };
}

/**
 * The mean absolute percentage error, in percent with one decimal, over the weeks that sold something
 * (a week that sold nothing has no percentage error); undefined when none did.
 */
export function mape(actual: readonly number[], forecast: readonly number[]): number | undefined {
  const errors = actual.flatMap((a, i) => (a > 0 ? [Math.abs(a - (forecast[i] as number)) / a] : []));
  if (errors.length === 0) return undefined;
  return Math.round((errors.reduce((sum, e) => sum + e, 0) / errors.length) * 1000) / 10;
}

/** The forecast of a weekly history (grams, oldest first, at most MAX_HISTORY weeks used) for `horizon` weeks. */
export function forecastSeries(fullHistory: readonly number[], horizon: number): SeriesForecast {
  const history = fullHistory.slice(-MAX_HISTORY);
  const method = methodFor(history.length);
  if (method === 'insufficient-history') return { method };
  if (method === 'seasonal-naive') return { method, values: seasonalNaive(history, horizon) };
  // The backtest refits on all but the last season and forecasts it, by each method. Holt-Winters stands
  // unless repeating the season before forecast the last one strictly better: on short, spiky seasons the
  // simpler method can win, and a forecast must not be worse than last year's figures.
  const training = history.slice(0, -SEASON);
  const lastSeason = history.slice(-SEASON);
  const error = mape(lastSeason, holtWinters(training, SEASON).values);
  const naiveError = mape(lastSeason, seasonalNaive(training, SEASON));
  if (error !== undefined && naiveError !== undefined && naiveError < error) {
    return {
      method: 'seasonal-naive',
      values: seasonalNaive(history, horizon),
      backtest: { mape: naiveError },
      outdone: { method: 'holt-winters', mape: error },
    };
  }
  const { values, parameters } = holtWinters(history, horizon);
  return { method, values, parameters, ...(error === undefined ? {} : { backtest: { mape: error } }) };
}
