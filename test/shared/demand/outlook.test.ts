// A crop's outlook: the history a forecast reads (weeks without figures sold nothing, this week is not
// complete), the weeks ahead from the next one, and the supply contracted for each, as ops see it.
import { describe, expect, it } from 'vitest';
import { explanationOf, forecastView } from '../../../shared/demand/demand';
import { MAX_HISTORY, SEASON } from '../../../shared/demand/forecast';
import { historyOf, outlookOf } from '../../../shared/demand/outlook';
import { addWeeks, weekRange, weekStart, weekEnd } from '../../../shared/demand/weeks';

const THIS_WEEK = '2026-W10';
const LAST_WEEK = '2026-W09';
/** A weekly figure of `grams` sold, `ago` weeks before this week. */
const sold = (ago: number, grams: number) => ({ week: addWeeks(THIS_WEEK, -ago), soldGrams: grams });
/** A season of sales that peaks in its middle: whole kg, none in its first and last weeks. */
const season = Array.from({ length: SEASON }, (_, i) => Math.max(0, 20 - Math.abs(i - 26)) * 10_000);
/** `seasons` seasons of the pattern, ending last week. */
const seasonal = (seasons: number) =>
  Array.from({ length: seasons * SEASON }, (_, i) => sold(seasons * SEASON - i, season[i % SEASON] as number));

describe('historyOf', () => {
  it('starts at the first week with figures, fills the weeks without any with zeros and ends last week', () => {
    const history = historyOf([sold(5, 700), sold(2, 300), sold(0, 999)], THIS_WEEK);
    expect(history).toEqual({ grams: [700, 0, 0, 300, 0], from: addWeeks(THIS_WEEK, -5), to: LAST_WEEK });
  });

  it('reads at most three seasons back, and nothing without figures', () => {
    const history = historyOf(
      Array.from({ length: 200 }, (_, i) => sold(200 - i, i)),
      THIS_WEEK,
    );
    expect(history.grams).toHaveLength(MAX_HISTORY);
    expect(history.grams.at(-1)).toBe(199);
    expect(historyOf([], THIS_WEEK)).toEqual({ grams: [] });
  });
});

describe('outlookOf', () => {
  it('forecasts the weeks from next week with Holt-Winters, exactly for a perfectly seasonal history', () => {
    const outlook = outlookOf(seasonal(3), [], THIS_WEEK, 10);
    expect(outlook.method).toBe('holt-winters');
    expect(outlook.backtest).toEqual({ mape: 0 });
    expect(outlook.weeks.map((w) => w.week)).toEqual(weekRange(addWeeks(THIS_WEEK, 1), addWeeks(THIS_WEEK, 10)));
    // The history's last week is index 3 × 52 − 1, so this week is index 0 of a season and next week index 1.
    expect(outlook.weeks.map((w) => w.forecastGrams)).toEqual(season.slice(1, 11));
  });

  it('spreads each active agreement over the weeks of its window and leaves cancelled ones out', () => {
    const window = { from: weekStart(addWeeks(THIS_WEEK, 2)), to: weekEnd(addWeeks(THIS_WEEK, 3)) };
    const outlook = outlookOf(
      seasonal(1),
      [
        { committedGrams: 1_001, deliveryWindow: window, status: 'active' },
        { committedGrams: 5_000, deliveryWindow: window, status: 'cancelled' },
      ],
      THIS_WEEK,
      4,
    );
    expect(outlook.method).toBe('seasonal-naive');
    expect(outlook.weeks.map((w) => w.contractedGrams)).toEqual([0, 501, 500, 0]);
  });

  it('makes no forecast below a season of history but still shows what is contracted', () => {
    const window = { from: weekStart(addWeeks(THIS_WEEK, 1)), to: weekEnd(addWeeks(THIS_WEEK, 1)) };
    const outlook = outlookOf([sold(3, 10)], [{ committedGrams: 7, deliveryWindow: window, status: 'active' }], THIS_WEEK, 2);
    expect(outlook.method).toBe('insufficient-history');
    expect(outlook.weeks).toEqual([
      { week: addWeeks(THIS_WEEK, 1), forecastGrams: undefined, contractedGrams: 7 },
      { week: addWeeks(THIS_WEEK, 2), forecastGrams: undefined, contractedGrams: 0 },
    ]);
  });
});

describe('forecastView', () => {
  it('shows kg, the gap of each week and the totals, which add up', () => {
    const window = { from: weekStart(addWeeks(THIS_WEEK, 1)), to: weekEnd(addWeeks(THIS_WEEK, 2)) };
    const view = forecastView(
      'kiwi',
      outlookOf(seasonal(2), [{ committedGrams: 500_000, deliveryWindow: window, status: 'active' }], THIS_WEEK, 3),
    );
    expect(view.weeks).toEqual([
      { week: addWeeks(THIS_WEEK, 1), forecastKg: 0, contractedKg: 250, gapKg: -250 },
      { week: addWeeks(THIS_WEEK, 2), forecastKg: 0, contractedKg: 250, gapKg: -250 },
      { week: addWeeks(THIS_WEEK, 3), forecastKg: 0, contractedKg: 0, gapKg: 0 },
    ]);
    expect(view.totals).toEqual({ forecastKg: 0, contractedKg: 500, gapKg: -500 });
    expect(view.history).toEqual({ weeks: 2 * SEASON, from: addWeeks(THIS_WEEK, -2 * SEASON), to: LAST_WEEK });
    expect(view.backtest).toEqual({ mape: 0 });
  });

  it('answers null forecasts and gaps, and no backtest, when the history is too short', () => {
    const view = forecastView('kiwi', outlookOf([sold(1, 10)], [], THIS_WEEK, 1));
    expect(view).toMatchObject({
      method: 'insufficient-history',
      backtest: null,
      totals: { forecastKg: null, contractedKg: 0, gapKg: null },
    });
    expect(view.weeks[0]).toMatchObject({ forecastKg: null, gapKg: null });
  });
});

describe('explanationOf', () => {
  it('names the method, the weeks of history and the backtest error in both languages', () => {
    const hw = explanationOf(outlookOf(seasonal(3), [], THIS_WEEK, 1));
    expect(hw.en).toMatch(/^Additive Holt-Winters with a 52-week season on 156 weeks of sales; .* 0% on average\.$/);
    expect(hw.zh).toContain('加法霍尔特-温特斯');
    expect(explanationOf(outlookOf(seasonal(1), [], THIS_WEEK, 1)).en).toContain('seasonal naive');
    expect(explanationOf(outlookOf([], [], THIS_WEEK, 1)).en).toBe('Only 0 weeks of sales, less than a year: no forecast is made.');
  });
});
