// Crop recommendations: the window of a crop's largest open gap after the planting lead time, the ranking
// by that gap with specialties favoured, the suggested volume and its cap, the indicative price, the
// confidence and the reasons that state the same figures.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutlookWeek } from '../../../shared/demand/outlook';
import { weeksText, weightText } from '../../../shared/demand/reasons';
import {
  bestWindow,
  type CropProspect,
  confidenceOf,
  MAX_WINDOW_WEEKS,
  medianPrice,
  PLANTING_LEAD_WEEKS,
  recommend,
  SPECIALTY_WEIGHT,
  VILLAGE_SHARE,
} from '../../../shared/demand/recommend';
import { addWeeks } from '../../../shared/demand/weeks';

const NEXT_WEEK = '2026-W03';
/** Weeks from next week with the given forecast and contracted tonnes. */
const weeks = (forecastT: readonly number[], contractedT: readonly number[] = []): OutlookWeek[] =>
  forecastT.map((t, i) => ({
    week: addWeeks(NEXT_WEEK, i),
    forecastGrams: Math.round(t * 1_000_000),
    contractedGrams: Math.round((contractedT[i] ?? 0) * 1_000_000),
  }));
/** Nothing open for the lead weeks, then the given weeks. */
const afterLead = (forecastT: readonly number[], contractedT: readonly number[] = []) =>
  weeks([...Array(PLANTING_LEAD_WEEKS - 1).fill(0), ...forecastT], [...Array(PLANTING_LEAD_WEEKS - 1).fill(0), ...contractedT]);

const prospect = (crop: string, forecastT: readonly number[], extra: Partial<CropProspect> = {}): CropProspect => ({
  crop,
  name: { zh: crop, en: crop },
  weeks: afterLead(forecastT),
  method: 'holt-winters',
  historyWeeks: 156,
  backtest: { mape: 12 },
  recentPrices: [],
  ...extra,
});

describe('bestWindow', () => {
  it('takes the run of weeks with a gap that adds up to most, from the planting lead time on', () => {
    // An open week before the lead time is too soon to plant for.
    const outlook = weeks([50, 0, 0, 0, 0, 0, 0, 1, 1, 0, 3, 3, 3, -1, 9]);
    // Two runs add up to 9 t: the first is kept.
    expect(bestWindow(outlook)).toEqual({ start: 10, end: 12, gapGrams: 9_000_000 });
    expect(bestWindow(weeks([5, 5, 5]))).toBeUndefined();
  });

  it('counts contracted supply against the forecast, and weeks without a forecast as no gap', () => {
    expect(bestWindow(afterLead([4, 4, 4], [4, 1, 4]))).toEqual({ start: 8, end: 8, gapGrams: 3_000_000 });
    expect(bestWindow(afterLead([4]).map((w) => ({ ...w, forecastGrams: undefined })))).toBeUndefined();
  });

  it('is at most half a season long', () => {
    const window = bestWindow(afterLead(Array(40).fill(1))) as { start: number; end: number };
    expect(window.end - window.start + 1).toBe(MAX_WINDOW_WEEKS);
  });
});

describe('confidenceOf', () => {
  it('trusts only Holt-Winters with a good backtest', () => {
    expect(confidenceOf('holt-winters', { mape: 20 })).toBe('high');
    expect(confidenceOf('holt-winters', { mape: 40 })).toBe('medium');
    expect(confidenceOf('holt-winters', { mape: 40.1 })).toBe('low');
    expect(confidenceOf('holt-winters')).toBe('low');
    expect(confidenceOf('seasonal-naive')).toBe('low');
    // Seasonal naive chosen over Holt-Winters by the backtest is trusted by that backtest.
    expect(confidenceOf('seasonal-naive', { mape: 15 })).toBe('high');
    expect(confidenceOf('insufficient-history', { mape: 0 })).toBe('low');
  });
});

describe('medianPrice', () => {
  it('is the middle price, or the rounded mean of the two middle ones', () => {
    expect(medianPrice([900, 700, 1200])).toBe(900);
    expect(medianPrice([901, 700, 1200, 800])).toBe(851);
    expect(medianPrice([])).toBeUndefined();
  });
});

describe('recommend', () => {
  it('ranks crops by their open gap, counting a specialty double, and states the figures in its reasons', () => {
    const ranked = recommend(
      [
        prospect('kiwi', [30, 30, 30, 30], { recentPrices: [1000, 1200, 1500] }),
        prospect('loquat', [20, 20, 20, 20]),
        prospect('yangmei', [50, 50, 50, 50]),
      ],
      { specialties: ['loquat'] },
      10,
    );
    expect(ranked.map((r) => [r.crop, r.score / 1_000_000])).toEqual([
      ['yangmei', 200],
      ['loquat', 80 * SPECIALTY_WEIGHT],
      ['kiwi', 120],
    ]);
    const kiwi = ranked[2]!;
    expect(kiwi).toMatchObject({
      weeks: { from: addWeeks(NEXT_WEEK, 7), to: addWeeks(NEXT_WEEK, 10) },
      window: { from: '2026-03-02', to: '2026-03-29' },
      gapGrams: 120_000_000,
      suggestedGrams: 24_000_000,
      indicativeFenPerKg: 1200,
      confidence: 'high',
      specialty: false,
    });
    expect(kiwi.reasons.en).toBe(
      'Demand forecast 120 t for weeks 10–13 of 2026, 0 kg contracted, 120 t open. Suggested 24 t: 20% of the open demand. ' +
        'Recent agreements paid a median of 12.00 yuan per kg for the top grade. ' +
        'Confidence high: Holt-Winters on 156 weeks of sales; the last season was forecast within 12% on average.',
    );
    expect(kiwi.reasons.zh).toBe(
      '2026年第10–13周需求预测120吨，已签约0公斤，缺口120吨。建议种植24吨：缺口的20%。近期协议最高等级收购价中位数为每公斤12.00元。' +
        '可信度高：霍尔特-温特斯模型基于156周销售数据，上一季回测误差12%。',
    );
    expect(ranked[1]?.reasons.en).toContain('A specialty of this village.');
  });

  it('cuts the suggestion to twice the largest volume the village has committed to, and says so', () => {
    const [only] = recommend([prospect('kiwi', [30, 30, 30, 30])], { specialties: [], largestCommittedGrams: 5_000_000 }, 5);
    expect(only).toMatchObject({ suggestedGrams: 10_000_000, capped: true });
    expect(only?.reasons.en).toContain(
      'Suggested 10 t: 20% of the open demand, at most 2 times the largest volume the village has committed to (5 t).',
    );
  });

  it('leaves out crops without an open gap after the lead time or whose share is under 10 kg, and keeps to the limit', () => {
    const ranked = recommend(
      [
        prospect('covered', [3, 3], { weeks: afterLead([3, 3], [3, 4]) }),
        prospect('tiny', [0.00004]),
        prospect('soon', [0], { weeks: weeks([90, 90]) }),
        prospect('a', [1]),
        prospect('b', [2]),
      ],
      { specialties: [] },
      1,
    );
    expect(ranked.map((r) => r.crop)).toEqual(['b']);
  });

  it('suggests at most the village share of the gap and its capacity, in steps of 10 kg, ordered by score (property)', () => {
    const tonnes = fc.array(
      fc.integer({ min: -5_000, max: 200_000 }).map((kg) => kg / 1000),
      { minLength: 1, maxLength: 52 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(tonnes, fc.boolean()), { minLength: 1, maxLength: 6 }),
        fc.option(fc.integer({ min: 1, max: 10_000_000_000 }), { nil: undefined }),
        (crops, largest) => {
          const prospects = crops.map(([forecast], i) => ({ ...prospect(`c${i}`, []), weeks: weeks(forecast) }));
          const specialties = crops.flatMap(([, special], i) => (special ? [`c${i}`] : []));
          const ranked = recommend(prospects, { specialties, largestCommittedGrams: largest }, 10);
          for (const r of ranked) {
            expect(r.suggestedGrams % 10_000).toBe(0);
            expect(r.suggestedGrams).toBeGreaterThan(0);
            expect(r.suggestedGrams).toBeLessThanOrEqual(r.gapGrams * VILLAGE_SHARE);
            if (largest !== undefined) expect(r.suggestedGrams).toBeLessThanOrEqual(largest * 2);
            expect(r.gapGrams).toBe(r.forecastGrams - r.contractedGrams);
            expect(r.weeks.from >= addWeeks(NEXT_WEEK, PLANTING_LEAD_WEEKS - 1)).toBe(true);
          }
          expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('reasons text', () => {
  it('writes weights in tonnes from a tonne up and weeks within or across a year', () => {
    expect(weightText(120_000_000)).toEqual({ zh: '120吨', en: '120 t' });
    expect(weightText(1_250_000)).toEqual({ zh: '1.3吨', en: '1.3 t' });
    expect(weightText(999_400)).toEqual({ zh: '999公斤', en: '999 kg' });
    expect(weeksText('2026-W10', '2026-W20')).toEqual({ zh: '2026年第10–20周', en: 'weeks 10–20 of 2026' });
    expect(weeksText('2026-W10', '2026-W10')).toEqual({ zh: '2026年第10周', en: 'week 10 of 2026' });
    expect(weeksText('2026-W50', '2027-W08')).toEqual({ zh: '2026年第50周至2027年第8周', en: 'week 50 of 2026 to week 8 of 2027' });
  });
});
