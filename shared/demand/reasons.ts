// The plain reasons of a recommendation, in Chinese and English, built from its own figures so that the text
// and the numbers cannot disagree. Never a revenue figure: village staff read them.
import type { CropProspect, Recommendation, VillageProfile } from './recommend';

type Figures = Omit<Recommendation, 'reasons'>;

/** The rules a suggestion was made by: the village's share of the gap, and its capacity as a multiple of its largest volume. */
export interface SuggestionRules {
  readonly share: number;
  readonly capacityMultiple: number;
}

/** A weight for reading: tonnes with at most one decimal from a tonne up, whole kg below. */
export function weightText(grams: number): { zh: string; en: string } {
  if (grams >= 1_000_000) {
    const tonnes = Math.round(grams / 100_000) / 10;
    return { zh: `${tonnes}吨`, en: `${tonnes} t` };
  }
  const kg = Math.round(grams / 1000);
  return { zh: `${kg}公斤`, en: `${kg} kg` };
}

const weekNumber = (week: string) => Number(week.slice(6));
const weekYear = (week: string) => week.slice(0, 4);

/** "weeks 10–20 of 2026", or across a new year "week 50 of 2026 to week 8 of 2027". */
export function weeksText(from: string, to: string): { zh: string; en: string } {
  if (weekYear(from) === weekYear(to)) {
    const span = from === to ? `${weekNumber(from)}` : `${weekNumber(from)}–${weekNumber(to)}`;
    return { zh: `${weekYear(from)}年第${span}周`, en: `week${from === to ? '' : 's'} ${span} of ${weekYear(from)}` };
  }
  return {
    zh: `${weekYear(from)}年第${weekNumber(from)}周至${weekYear(to)}年第${weekNumber(to)}周`,
    en: `week ${weekNumber(from)} of ${weekYear(from)} to week ${weekNumber(to)} of ${weekYear(to)}`,
  };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

function confidenceText(figures: Figures, prospect: CropProspect): { zh: string; en: string } {
  const level = { high: { zh: '高', en: 'high' }, medium: { zh: '中', en: 'medium' }, low: { zh: '低', en: 'low' } }[figures.confidence];
  const weeks = prospect.historyWeeks;
  if (prospect.method === 'holt-winters') {
    const error = prospect.backtest
      ? {
          zh: `，上一季回测误差${prospect.backtest.mape}%`,
          en: `; the last season was forecast within ${prospect.backtest.mape}% on average`,
        }
      : { zh: '，无法回测', en: '; it could not be backtested' };
    return {
      zh: `可信度${level.zh}：霍尔特-温特斯模型基于${weeks}周销售数据${error.zh}。`,
      en: `Confidence ${level.en}: Holt-Winters on ${weeks} weeks of sales${error.en}.`,
    };
  }
  if (prospect.backtest) {
    return {
      zh: `可信度${level.zh}：基于${weeks}周销售数据按去年同期预测，上一季回测误差${prospect.backtest.mape}%，优于霍尔特-温特斯模型。`,
      en: `Confidence ${level.en}: ${weeks} weeks of sales, forecast as the same weeks last year, which forecast the last season within ${prospect.backtest.mape}% on average, better than Holt-Winters.`,
    };
  }
  return {
    zh: `可信度${level.zh}：仅有${weeks}周销售数据，按去年同期预测，未作回测。`,
    en: `Confidence ${level.en}: only ${weeks} weeks of sales, forecast as the same weeks last year, not backtested.`,
  };
}

export function reasonsOf(
  figures: Figures,
  prospect: CropProspect,
  village: VillageProfile,
  rules: SuggestionRules,
): { zh: string; en: string } {
  const when = weeksText(figures.weeks.from, figures.weeks.to);
  const [forecast, contracted, open, suggested] = [
    figures.forecastGrams,
    figures.contractedGrams,
    figures.gapGrams,
    figures.suggestedGrams,
  ].map(weightText) as [
    ReturnType<typeof weightText>,
    ReturnType<typeof weightText>,
    ReturnType<typeof weightText>,
    ReturnType<typeof weightText>,
  ];
  const share = Math.round(rules.share * 100);
  const zh = [`${when.zh}需求预测${forecast.zh}，已签约${contracted.zh}，缺口${open.zh}。`];
  const en = [`Demand forecast ${forecast.en} for ${when.en}, ${contracted.en} contracted, ${open.en} open.`];
  if (figures.specialty) {
    zh.push('本村特产。');
    en.push('A specialty of this village.');
  }
  if (figures.capped && village.largestCommittedGrams !== undefined) {
    const largest = weightText(village.largestCommittedGrams);
    zh.push(`建议种植${suggested.zh}：缺口的${share}%，以本村以往最大签约量（${largest.zh}）的${rules.capacityMultiple}倍为限。`);
    en.push(
      `Suggested ${suggested.en}: ${share}% of the open demand, at most ${rules.capacityMultiple} times the largest volume the village has committed to (${largest.en}).`,
    );
  } else {
    zh.push(`建议种植${suggested.zh}：缺口的${share}%。`);
    en.push(`Suggested ${suggested.en}: ${share}% of the open demand.`);
  }
  if (figures.indicativeFenPerKg !== undefined) {
    zh.push(`近期协议最高等级收购价中位数为每公斤${yuan(figures.indicativeFenPerKg)}元。`);
    en.push(`Recent agreements paid a median of ${yuan(figures.indicativeFenPerKg)} yuan per kg for the top grade.`);
  }
  const confidence = confidenceText(figures, prospect);
  zh.push(confidence.zh);
  en.push(confidence.en);
  return { zh: zh.join(''), en: en.join(' ') };
}
