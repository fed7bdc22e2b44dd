// The page's two languages: which one to show, its wording, and dates as a shopper in China reads them.

export type Lang = 'zh' | 'en';

/** A stored choice wins; otherwise the first of Chinese or English in the browser's list; English if neither. */
export function preferredLang(stored: string | null, languages: readonly string[]): Lang {
  if (stored === 'zh' || stored === 'en') return stored;
  for (const language of languages) {
    if (/^zh\b/i.test(language)) return 'zh';
    if (/^en\b/i.test(language)) return 'en';
  }
  return 'en';
}

const DAY_MS = 86_400_000;

/** Whole days from a harvest date to today in China (UTC+8), where harvest dates are recorded. */
export function daysSince(isoDate: string, now: Date = new Date()): number {
  const today = Date.parse(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
  return Math.max(0, Math.round((today - Date.parse(isoDate)) / DAY_MS));
}

const HAN = /[\u3400-\u9fff]/;

/**
 * Place names are free text and often bilingual ("Sichuan 四川"): keep the words in the reader's script when
 * both scripts are present, and the text as it is otherwise.
 */
export function inScript(text: string, lang: Lang): string {
  const words = text.trim().split(/\s+/);
  const han = words.filter((word) => HAN.test(word));
  if (han.length === 0 || han.length === words.length) return text;
  return lang === 'zh' ? han.join('') : words.filter((word) => !HAN.test(word)).join(' ');
}

const LOCALES: Record<Lang, string> = { zh: 'zh-CN', en: 'en-GB' };
export const htmlLang = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en');

/** A date (YYYY-MM-DD) as that calendar day, or a timestamp as date and time in China. */
export function formatDate(value: string, lang: Lang): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Intl.DateTimeFormat(
    LOCALES[lang],
    dateOnly ? { dateStyle: 'medium', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' },
  ).format(at);
}

export interface Messages {
  brand: string;
  switchTo: string;
  switchLang: Lang;
  loading: string;
  notFoundTitle: string;
  notFoundBody: string;
  enterCode: string;
  lookUp: string;
  errorTitle: string;
  errorBody: string;
  retry: string;
  recallTitle: string;
  recallAdvice: string;
  recalledAt: (date: string) => string;
  variety: string;
  sinceHarvest: (days: number) => string;
  harvestedOn: string;
  lotCode: string;
  villageHeading: string;
  journeyHeading: string;
  steps: Record<'harvested' | 'shipped' | 'received', string>;
  notYet: string;
  recipesHeading: string;
  minutes: (n: number) => string;
  ingredients: string;
  method: string;
  updatedAt: (date: string) => string;
  privacy: string;
  placeSeparator: string;
}

export const messages: Record<Lang, Messages> = {
  zh: {
    brand: '产地直采',
    switchTo: 'English',
    switchLang: 'en',
    loading: '正在查询产地信息…',
    notFoundTitle: '没有找到这个批次',
    notFoundBody: '请核对标签上的批次码后重新输入，或再扫一次二维码。',
    enterCode: '标签上的批次码',
    lookUp: '查询',
    errorTitle: '网络不太顺畅',
    errorBody: '暂时无法加载产地信息，请检查网络后重试。',
    retry: '重试',
    recallTitle: '此批次已召回',
    recallAdvice: '请勿食用，并联系购买门店。',
    recalledAt: (date) => `召回时间：${date}`,
    variety: '品种',
    sinceHarvest: (days) => (days === 0 ? '今天刚采摘' : `采摘至今 ${days} 天`),
    harvestedOn: '采摘日期',
    lotCode: '批次码',
    villageHeading: '村庄故事',
    journeyHeading: '从田间到门店',
    steps: { harvested: '村里采摘', shipped: '发往门店', received: '门店收货' },
    notYet: '尚未更新',
    recipesHeading: '推荐食谱',
    minutes: (n) => `${n} 分钟`,
    ingredients: '食材',
    method: '做法',
    updatedAt: (date) => `信息更新于 ${date}`,
    privacy: '本页面不使用 Cookie，也不追踪访问。',
    placeSeparator: ' · ',
  },
  en: {
    brand: 'Village Direct',
    switchTo: '中文',
    switchLang: 'zh',
    loading: 'Looking up where this came from…',
    notFoundTitle: 'We could not find this lot',
    notFoundBody: 'Check the lot code on the label and enter it again, or scan the QR code once more.',
    enterCode: 'Lot code from the label',
    lookUp: 'Look up',
    errorTitle: 'Connection problem',
    errorBody: 'We could not load the origin details. Check your connection and try again.',
    retry: 'Try again',
    recallTitle: 'This lot has been recalled',
    recallAdvice: 'Do not eat it. Please contact the store where you bought it.',
    recalledAt: (date) => `Recalled ${date}`,
    variety: 'Variety',
    sinceHarvest: (days) => (days === 0 ? 'Harvested today' : `${days} ${days === 1 ? 'day' : 'days'} since harvest`),
    harvestedOn: 'Harvested',
    lotCode: 'Lot code',
    villageHeading: 'The village',
    journeyHeading: 'From field to store',
    steps: { harvested: 'Harvested in the village', shipped: 'Shipped to the store', received: 'Received at the store' },
    notYet: 'Not yet',
    recipesHeading: 'Recipes',
    minutes: (n) => `${n} min`,
    ingredients: 'Ingredients',
    method: 'Method',
    updatedAt: (date) => `Updated ${date}`,
    privacy: 'This page sets no cookies and does no tracking.',
    placeSeparator: ', ',
  },
};
