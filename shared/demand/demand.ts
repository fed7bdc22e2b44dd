// What ops ask of demand: a crop's forecast for the weeks ahead against the supply already contracted,
// and its weekly figures as kept. Kg and fen out; the outlook itself is computed in grams (outlook.ts).
import * as z from 'zod';
import { CropId, IsoDate, text, VillageId } from '../fields';
import { gramsToKg } from '../money';
import { MAX_HISTORY, SEASON } from './forecast';
import type { Outlook } from './outlook';
import type { Recommendation as RecommendationRecord } from './recommend';
import { ISO_WEEK_PATTERN, isIsoWeek, weeksBetween } from './weeks';

export const MAX_FORECAST_WEEKS = SEASON;
export const DEFAULT_FORECAST_WEEKS = 26;

export const ForecastQuery = z.strictObject({
  crop: CropId,
  weeks: z.coerce.number().int().min(1).max(MAX_FORECAST_WEEKS).optional(),
});

const IsoWeek = z.string().regex(ISO_WEEK_PATTERN, 'expected an ISO week such as 2026-W09').refine(isIsoWeek, 'this year has no week 53');

export const WeeklyQuery = z
  .strictObject({ crop: CropId, city: text(50).optional(), from: IsoWeek.optional(), to: IsoWeek.optional() })
  .superRefine(({ from, to }, context) => {
    if (from === undefined || to === undefined) return;
    if (to < from) context.addIssue({ code: 'custom', message: 'must not be before from', path: ['to'] });
    else if (weeksBetween(from, to) >= MAX_HISTORY) {
      context.addIssue({ code: 'custom', message: `at most ${MAX_HISTORY} weeks from from`, path: ['to'] });
    }
  });

const Method = z.enum(['seasonal-naive', 'holt-winters', 'insufficient-history']);

export const ForecastWeek = z.object({
  week: z.string(),
  /** null when the history is too short to forecast. */
  forecastKg: z.number().nullable(),
  contractedKg: z.number(),
  /** forecastKg − contractedKg: negative when more is contracted than forecast. */
  gapKg: z.number().nullable(),
});

export const Forecast = z.object({
  crop: CropId,
  history: z.object({ weeks: z.number().int(), from: z.string().optional(), to: z.string().optional() }),
  method: Method,
  /** Holt-Winters' smoothing parameters, as chosen by the least one-step-ahead error. */
  parameters: z.object({ alpha: z.number(), beta: z.number(), gamma: z.number() }).optional(),
  explanation: z.object({ zh: z.string(), en: z.string() }),
  backtest: z.object({ mape: z.number() }).nullable(),
  /** Holt-Winters' backtest error, when seasonal naive forecast the last season better and is used instead. */
  outdone: z.object({ method: z.literal('holt-winters'), mape: z.number() }).optional(),
  weeks: z.array(ForecastWeek),
  totals: ForecastWeek.omit({ week: true }),
});

/** One sentence, in each language, on how the forecast was made. */
export function explanationOf(outlook: Pick<Outlook, 'method' | 'history' | 'backtest' | 'outdone'>): { zh: string; en: string } {
  const weeks = outlook.history.grams.length;
  const backtest = outlook.backtest;
  switch (outlook.method) {
    case 'insufficient-history':
      return {
        zh: `仅有${weeks}周销售数据，不足一年，不作预测。`,
        en: `Only ${weeks} weeks of sales, less than a year: no forecast is made.`,
      };
    case 'seasonal-naive':
      if (backtest && outlook.outdone) {
        return {
          zh: `基于${weeks}周销售数据：每周取去年同周的销量（季节朴素法）。最近一季回测误差${backtest.mape}%，优于加法霍尔特-温特斯模型的${outlook.outdone.mape}%。`,
          en: `From ${weeks} weeks of sales: each week repeats the same week a year before (seasonal naive), which forecast the last season within ${backtest.mape}% on average, better than additive Holt-Winters (${outlook.outdone.mape}%).`,
        };
      }
      return {
        zh: `基于${weeks}周销售数据：每周取去年同周的销量（季节朴素法），未作回测。`,
        en: `From ${weeks} weeks of sales: each week repeats the same week a year before (seasonal naive); not backtested.`,
      };
    case 'holt-winters':
      return {
        zh: `基于${weeks}周销售数据的加法霍尔特-温特斯模型（52周季节）${backtest ? `，最近一季回测误差${backtest.mape}%` : ''}。`,
        en: `Additive Holt-Winters with a 52-week season on ${weeks} weeks of sales${
          backtest ? `; the last season, forecast from the ones before, was off by ${backtest.mape}% on average` : ''
        }.`,
      };
  }
}

const kgOrNull = (grams: number | undefined) => (grams === undefined ? null : gramsToKg(grams));

export function forecastView(crop: string, outlook: Outlook): z.infer<typeof Forecast> {
  const { history } = outlook;
  const weeks = outlook.weeks.map((w) => ({
    week: w.week,
    forecastKg: kgOrNull(w.forecastGrams),
    contractedKg: gramsToKg(w.contractedGrams),
    gapKg: kgOrNull(w.forecastGrams === undefined ? undefined : w.forecastGrams - w.contractedGrams),
  }));
  const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);
  const forecastGrams = outlook.method === 'insufficient-history' ? undefined : sum(outlook.weeks.map((w) => w.forecastGrams ?? 0));
  const contractedGrams = sum(outlook.weeks.map((w) => w.contractedGrams));
  return {
    crop,
    history: { weeks: history.grams.length, from: history.from, to: history.to },
    method: outlook.method,
    parameters: outlook.parameters,
    explanation: explanationOf(outlook),
    backtest: outlook.backtest ?? null,
    ...(outlook.outdone && { outdone: outlook.outdone }),
    weeks,
    totals: {
      forecastKg: kgOrNull(forecastGrams),
      contractedKg: gramsToKg(contractedGrams),
      gapKg: kgOrNull(forecastGrams === undefined ? undefined : forecastGrams - contractedGrams),
    },
  };
}

export const RecommendationQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).optional() });

const Localized = z.object({ zh: z.string(), en: z.string() });

export const Recommendation = z.object({
  crop: CropId,
  name: Localized,
  /** The delivery window: the first and last day of its weeks. */
  window: z.object({ from: IsoDate, to: IsoDate }),
  weeks: z.object({ from: z.string(), to: z.string() }),
  forecastKg: z.number(),
  contractedKg: z.number(),
  gapKg: z.number(),
  suggestedKg: z.number(),
  indicativeFenPerKg: z.number().int().optional(),
  confidence: z.enum(['low', 'medium', 'high']),
  specialty: z.boolean(),
  reasons: Localized,
  /** Stores' revenue per kg sold over the last season. Ops only: village staff never see revenue. */
  retailFenPerKg: z.number().int().optional(),
});

export const Recommendations = z.object({ villageId: VillageId, items: z.array(Recommendation) });

/** What the caller may see of a recommendation: village staff get no revenue figure. */
export function recommendationView(r: RecommendationRecord, role: 'ops' | 'village'): z.infer<typeof Recommendation> {
  return {
    crop: r.crop,
    name: r.name,
    window: r.window,
    weeks: r.weeks,
    forecastKg: gramsToKg(r.forecastGrams),
    contractedKg: gramsToKg(r.contractedGrams),
    gapKg: gramsToKg(r.gapGrams),
    suggestedKg: gramsToKg(r.suggestedGrams),
    indicativeFenPerKg: r.indicativeFenPerKg,
    confidence: r.confidence,
    specialty: r.specialty,
    reasons: r.reasons,
    ...(role === 'ops' ? { retailFenPerKg: r.retailFenPerKg } : {}),
  };
}
