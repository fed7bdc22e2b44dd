// The forecast methods: which one a history gets, that a perfectly seasonal series is forecast exactly
// by both, that Holt-Winters follows a trend and a season, and the backtest's error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseParameters, forecastSeries, holtWinters, mape, methodFor, SEASON, seasonalNaive } from '../../../shared/demand/forecast';

const pattern = fc.array(fc.integer({ min: 0, max: 5_000_000_000 }), { minLength: SEASON, maxLength: SEASON });
const repeat = (season: readonly number[], length: number, phase = 0) =>
  Array.from({ length }, (_, t) => season[(t + phase) % SEASON] as number);

describe('methodFor', () => {
  it('forecasts nothing below a season, the same week of last season with one, Holt-Winters with two or more', () => {
    expect(methodFor(0)).toBe('insufficient-history');
    expect(methodFor(51)).toBe('insufficient-history');
    expect(methodFor(52)).toBe('seasonal-naive');
    expect(methodFor(103)).toBe('seasonal-naive');
    expect(methodFor(104)).toBe('holt-winters');
  });
});

describe('a perfectly seasonal series', () => {
  it('is forecast exactly by seasonal naive, whatever its length and phase', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.integer({ min: SEASON, max: 3 * SEASON }),
        fc.nat(SEASON - 1),
        fc.integer({ min: 1, max: 104 }),
        (season, n, phase, h) => {
          const history = repeat(season, n, phase);
          const expected = repeat(season, n + h, phase).slice(n);
          expect(seasonalNaive(history, h)).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is forecast exactly by Holt-Winters, whatever its length, phase and smoothing parameters', () => {
    const unit = fc.double({ min: 0.01, max: 0.99, noNaN: true });
    fc.assert(
      fc.property(
        pattern,
        fc.integer({ min: SEASON, max: 3 * SEASON }),
        fc.nat(SEASON - 1),
        fc.integer({ min: 1, max: 104 }),
        fc.record({ alpha: unit, beta: unit, gamma: unit }),
        (season, n, phase, h, parameters) => {
          const history = repeat(season, n, phase);
          const expected = repeat(season, n + h, phase).slice(n);
          expect(holtWinters(history, h, parameters).values).toEqual(expected);
          expect(holtWinters(history, h).values).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('backtests with no error on its last season', () => {
    fc.assert(
      fc.property(
        pattern.filter((s) => s.some((v) => v > 0)),
        fc.integer({ min: 2 * SEASON, max: 3 * SEASON }),
        (season, n) => {
          expect(forecastSeries(repeat(season, n), 8).backtest).toEqual({ mape: 0 });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('Holt-Winters', () => {
  it('follows a growing level under the season', () => {
    const season = Array.from({ length: SEASON }, (_, w) => 100_000 * Math.max(0, Math.sin((Math.PI * w) / SEASON)));
    const history = Array.from({ length: 3 * SEASON }, (_, t) => Math.round(season[t % SEASON]! + 2_000 * t));
    const { values } = holtWinters(history, SEASON);
    const truth = Array.from({ length: SEASON }, (_, h) => season[(3 * SEASON + h) % SEASON]! + 2_000 * (3 * SEASON + h));
    expect(mape(truth, values)!).toBeLessThan(2);
  });

  it('never forecasts below zero in the off-season', () => {
    const history = Array.from({ length: 2 * SEASON }, (_, t) => (t % SEASON < 10 ? 50_000 - 400 * t : 0));
    expect(Math.min(...holtWinters(history, SEASON).values)).toBeGreaterThanOrEqual(0);
  });

  it('forecasts the held-out season of a noisy seasonal series within 25 %', () => {
    let seed = 7;
    const noise = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647 - 0.5) * 20_000;
    };
    const history = Array.from({ length: 3 * SEASON }, (_, t) =>
      Math.max(0, Math.round(60_000 + 40_000 * Math.cos((2 * Math.PI * t) / SEASON) + noise())),
    );
    const training = history.slice(0, -SEASON);
    const held = history.slice(-SEASON);
    expect(mape(held, holtWinters(training, SEASON, chooseParameters(training)).values)!).toBeLessThan(25);
  });
});

describe('forecastSeries', () => {
  it('forecasts nothing below a season and backtests only with two', () => {
    expect(forecastSeries(Array(51).fill(1000), 4)).toEqual({ method: 'insufficient-history' });
    const naive = forecastSeries(Array(60).fill(1000), 4);
    expect(naive).toEqual({ method: 'seasonal-naive', values: [1000, 1000, 1000, 1000] });
    const hw = forecastSeries(Array(120).fill(1000), 4);
    expect(hw).toMatchObject({ method: 'holt-winters', values: [1000, 1000, 1000, 1000], backtest: { mape: 0 } });
    expect(hw.parameters).toBeDefined();
  });

  it('reads the last three seasons only', () => {
    const old = Array(SEASON).fill(9_999_999);
    const recent = Array(3 * SEASON).fill(1000);
    expect(forecastSeries([...old, ...recent], 3).values).toEqual([1000, 1000, 1000]);
  });
});

describe('mape', () => {
  it('averages the absolute percentage errors of the weeks that sold something', () => {
    expect(mape([100, 200, 0], [110, 150, 40])).toBe(17.5);
    expect(mape([0, 0], [1, 2])).toBeUndefined();
  });
});

describe('choosing between the methods by the backtest', () => {
  it('uses seasonal naive, saying by how much, when repeating the season before forecast the last one better', () => {
    // The last two seasons are the same and the first differs: repeating the second forecasts the third
    // exactly, while Holt-Winters, fitted on both earlier seasons, carries some of the first into it.
    const first = Array.from({ length: SEASON }, (_, i) => (i % 4 === 0 ? 9_000 : 1_000));
    const later = Array.from({ length: SEASON }, (_, i) => (i % 4 === 2 ? 9_000 : 1_000));
    const forecast = forecastSeries([...first, ...later, ...later], 4);
    expect(forecast.method).toBe('seasonal-naive');
    expect(forecast.values).toEqual(later.slice(0, 4));
    expect(forecast.backtest).toEqual({ mape: 0 });
    expect(forecast.outdone?.method).toBe('holt-winters');
    expect(forecast.outdone?.mape).toBeGreaterThan(0);
  });

  it('keeps Holt-Winters when the seasonal naive backtest is no better', () => {
    const season = Array.from({ length: SEASON }, (_, i) => 1_000 + 100 * (i % 13));
    const forecast = forecastSeries([...season, ...season, ...season], 4);
    expect(forecast.method).toBe('holt-winters');
    expect(forecast.outdone).toBeUndefined();
  });
});
