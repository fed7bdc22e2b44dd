// The console's words in Chinese (first) and English, and the language choice, remembered on the device.
import { signal } from './state';

export type Lang = 'zh' | 'en';
const KEY = 'console.lang';

const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
export const lang = signal<Lang>(stored === 'en' ? 'en' : 'zh');

export function setLang(next: Lang): void {
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  lang.set(next);
}

const words = {
  appName: ['产地直采管理台', 'Village Direct console'],
  switchLang: ['English', '中文'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出', 'Sign out'],
  signInHint: [
    '使用项目账号登录。首次登录时需设置新密码和身份验证器应用。',
    'Sign in with your program account. The first time, you set a new password and an authenticator app.',
  ],
  signInAs: ['以此身份登录', 'Sign in as'],
  devSignIn: ['本地开发登录', 'Local sign-in'],
  role: ['角色', 'Role'],
  roleOps: ['采购运营', 'Sourcing team (ops)'],
  roleVillage: ['村级人员', 'Village staff'],
  villageId: ['村庄编号', 'Village id'],
  villages: ['村庄', 'Villages'],
  crops: ['作物', 'Crops'],
  stores: ['门店', 'Stores'],
  agreements: ['协议', 'Agreements'],
  exceptions: ['异常收货', 'Receipt exceptions'],
  recalls: ['召回', 'Recalls'],
  trace: ['追溯', 'Trace'],
  create: ['新建', 'Create'],
  save: ['保存', 'Save'],
  cancel: ['取消', 'Cancel'],
  loadMore: ['加载更多', 'Load more'],
  loading: ['加载中…', 'Loading…'],
  nothing: ['暂无记录', 'Nothing yet'],
  previous: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  page: ['页', 'Page'],
  nameZh: ['中文名称', 'Name (Chinese)'],
  nameEn: ['英文名称', 'Name (English)'],
  province: ['省份', 'Province'],
  county: ['区县', 'County'],
  storyZh: ['村庄故事（中文）', 'Story (Chinese)'],
  storyEn: ['村庄故事（英文）', 'Story (English)'],
  city: ['城市', 'City'],
  storeId: ['门店编号', 'Store id'],
  cropId: ['作物编号', 'Crop id'],
  recipes: ['菜谱', 'Recipes'],
  addRecipe: ['添加菜谱', 'Add a recipe'],
  remove: ['删除', 'Remove'],
  titleZh: ['标题（中文）', 'Title (Chinese)'],
  titleEn: ['标题（英文）', 'Title (English)'],
  minutes: ['分钟', 'Minutes'],
  ingredientsZh: ['配料（中文，每行一项）', 'Ingredients (Chinese, one a line)'],
  ingredientsEn: ['配料（英文，每行一项）', 'Ingredients (English, one a line)'],
  stepsZh: ['步骤（中文，每行一步）', 'Steps (Chinese, one a line)'],
  stepsEn: ['步骤（英文，每行一步）', 'Steps (English, one a line)'],
  secretOnce: [
    '门店密钥只显示这一次，请立即复制并交给门店系统。',
    'The store’s webhook secret is shown this once: copy it to the store’s system now.',
  ],
  copy: ['复制', 'Copy'],
  copied: ['已复制', 'Copied'],
  rotate: ['更换密钥', 'Rotate secret'],
  crop: ['作物', 'Crop'],
  variety: ['品种', 'Variety'],
  committedKg: ['约定数量（公斤）', 'Committed (kg)'],
  tolerancePct: ['允许超出（%）', 'Tolerance (%)'],
  prices: ['收购价（分/公斤）', 'Prices (fen per kg)'],
  addPrice: ['添加等级', 'Add a grade'],
  windowFrom: ['交货开始', 'Delivery from'],
  windowTo: ['交货截止', 'Delivery to'],
  deliveryWindow: ['交货期', 'Delivery window'],
  expectedYuan: ['预计货款（元）', 'Expected (¥)'],
  acceptedKg: ['验收（公斤）', 'Accepted (kg)'],
  paidYuan: ['实付（元）', 'Paid (¥)'],
  status: ['状态', 'Status'],
  delivered: ['已交付', 'Delivered'],
  remaining: ['剩余可交', 'Remaining'],
  settlement: ['结算', 'Settlement'],
  downloadCsv: ['下载 CSV', 'Download CSV'],
  cancelAgreement: ['取消协议', 'Cancel agreement'],
  reason: ['原因', 'Reason'],
  reasonZh: ['原因（中文）', 'Reason (Chinese)'],
  reasonEn: ['原因（英文）', 'Reason (English)'],
  scope: ['范围', 'Scope'],
  lotCodes: ['批次码（每行一个）', 'Lot codes (one a line)'],
  harvestedFrom: ['采收起', 'Harvested from'],
  harvestedTo: ['采收止', 'Harvested to'],
  startRecall: ['发起召回', 'Start the recall'],
  progress: ['进度', 'Progress'],
  lots: ['批次', 'Lots'],
  // The intake form's names are fixed in English; tests and assistive technology find them by these.
  agreement: ['协议', 'Agreement'],
  grade: ['等级', 'Grade'],
  quantityKg: ['数量（公斤）', 'Quantity (kg)'],
  harvestedOn: ['采收日期', 'Harvest date'],
  field: ['地块', 'Field'],
  store: ['门店', 'Store'],
  recordLot: ['登记批次', 'Record lot'],
  intake: ['登记采收', 'Record harvest'],
  myLots: ['待同步与已登记', 'Waiting and recorded'],
  waiting: ['等待同步', 'Waiting to sync'],
  synced: ['已同步', 'Synced'],
  refused: ['未被接受', 'Refused'],
  offline: [
    '无网络：登记会保存在本机，恢复网络后自动发送。',
    'No connection: lots are kept on this phone and sent when the connection returns.',
  ],
  signInAgain: ['登录已过期，请重新登录后同步。', 'Your sign-in has expired: sign in again to sync.'],
  labels: ['打印标签', 'Print labels'],
  formatA4: ['A4 纸（每页 8 张）', 'A4 sheet (8 a page)'],
  formatStock: ['60×40 毫米标签纸', '60 × 40 mm label stock'],
  print: ['打印', 'Print'],
  dispatch: ['发货', 'Dispatch'],
  dispatchedAt: ['发货时间', 'Dispatched at'],
  lotCode: ['批次码', 'Lot code'],
  done: ['完成', 'Done'],
  selectAll: ['全选', 'Select all'],
  webhookId: ['消息编号', 'Webhook id'],
  recordedAt: ['记录时间', 'Recorded at'],
  created: ['已创建', 'Created'],
  exports: ['导出记录', 'Exports'],
  newExport: ['新建导出', 'New export'],
  format: ['格式', 'Format'],
  rows: ['行', 'rows'],
  download: ['下载', 'Download'],
  agreementId: ['协议编号', 'Agreement id'],
  recallId: ['召回编号', 'Recall id'],
  demand: ['需求', 'Demand'],
  program: ['项目进展', 'The program'],
  year: ['年份', 'Year'],
  villagesTakingPart: ['参与村庄', 'Villages taking part'],
  paidToFarmers: ['支付农户', 'Paid to farmers'],
  accepted: ['已接受', 'Accepted'],
  byProvince: ['按省份', 'By province'],
  forecast: ['需求预测', 'Forecast'],
  weeksAhead: ['预测周数', 'Weeks ahead'],
  contracted: ['已签约', 'Contracted'],
  open: ['待定', 'Open'],
  week: ['周', 'Week'],
  recommendations: ['种植建议', 'What to grow'],
  noRecommendations: [
    '暂无建议：未来几季的需求已被协议覆盖，或销售数据不足。',
    'No suggestions: coming demand is covered, or there is too little sales history.',
  ],
  specialty: ['特产', 'Specialty'],
  suggested: ['建议数量', 'Suggested'],
  indicativePrice: ['参考收购价', 'Indicative price'],
  confidence: ['可信度', 'Confidence'],
  retailPrice: ['门店售价', 'Retail'],
  low: ['低', 'low'],
  medium: ['中', 'medium'],
  high: ['高', 'high'],
  makeOffer: ['发出要约', 'Make an offer'],
  fenPerKgA: ['A 级价格（分/公斤）', 'Grade A price (fen per kg)'],
  offerExpires: ['要约截止', 'Offer ends'],
  offers: ['要约', 'Offers'],
  answeredOffers: ['已答复的要约', 'Offers answered'],
  accept: ['接受', 'Accept'],
  decline: ['拒绝', 'Decline'],
  declined: ['已拒绝', 'Declined'],
  expired: ['已过期', 'Expired'],
} as const;

export type Word = keyof typeof words;

/** The word in the current language. Reading `lang` here makes a component re-render when it changes. */
export function t(word: Word): string {
  return words[word][lang.get() === 'zh' ? 0 : 1];
}

/** The text of a `{zh, en}` record in the current language. */
export const pick = (text: { zh: string; en: string } | undefined): string => (text ? text[lang.get()] : '');

/** The statuses the API answers, by value; one not listed shows as the API sent it. */
const statuses: Record<string, readonly [string, string]> = {
  active: ['生效中', 'Active'],
  cancelled: ['已取消', 'Cancelled'],
  harvested: ['已采收', 'Harvested'],
  shipped: ['已发货', 'Shipped'],
  received: ['已收货', 'Received'],
  running: ['进行中', 'Running'],
  ready: ['可下载', 'Ready'],
  failed: ['失败', 'Failed'],
  completed: ['已完成', 'Completed'],
  applied: ['已入账', 'Applied'],
  exception: ['异常', 'Exception'],
  open: words.open,
  accepted: words.accepted,
  declined: words.declined,
  expired: words.expired,
};

export function statusLabel(status: string): string {
  return statuses[status]?.[lang.get() === 'zh' ? 0 : 1] ?? status;
}

/**
 * The API's refusals that staff meet, in Chinese: its own messages are English. In English the API's message
 * stands, which can be more precise (the dates of a window); the code is always shown, for a call to ops.
 */
const reasons: Record<string, string> = {
  over_commitment: '超出协议约定数量（含允许的浮动）',
  outside_window: '采收日期不在协议交付期内',
  agreement_not_active: '协议已不再生效',
  unknown_grade: '协议没有这个等级的价格',
  client_lot_id_reused: '这个登记编号已用于另一批次',
  unknown_reference: '所选门店不存在',
  invalid_request: '填写的内容有误',
  not_found: '找不到这份协议',
};

export function reasonText(code: string, message: string): string {
  return `${(lang.get() === 'zh' && reasons[code]) || message} (${code})`;
}
