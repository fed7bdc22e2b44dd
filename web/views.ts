// The page's states as DOM. Data only ever reaches the page as text nodes and attribute values, never as HTML.
import type { ScanViewData } from '../shared/scan/schema';
import { daysSince, formatDate, inScript, messages, type Lang } from './i18n';

export type ScanView = ScanViewData;

type Child = Node | string | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const name in attrs) element.setAttribute(name, attrs[name] as string);
  for (const child of children) if (child) element.append(child);
  return element;
}

// Static markup only (no data), so innerHTML is safe here.
const ICONS = {
  pin: '<path d="M12 21s7-6.2 7-11.5a7 7 0 0 0-14 0C5 14.8 12 21 12 21Z"/><circle cx="12" cy="9.5" r="2.5"/>',
  alert: '<path d="M12 3 2 20.5h20L12 3Z"/><path d="M12 10v4.5M12 17.5v.01"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
  leaf: '<path d="M4.5 19.5C4 10 9.5 4.5 20 4c.3 10-5.5 16-15.5 15.5Z"/><path d="M4.5 19.5 13 11"/>',
};

export function icon(name: keyof typeof ICONS): HTMLElement {
  const wrapper = h('span', { class: 'icon', 'aria-hidden': 'true' });
  wrapper.innerHTML = `<svg viewBox="0 0 24 24" focusable="false">${ICONS[name]}</svg>`;
  return wrapper;
}

const STEPS = ['harvested', 'shipped', 'received'] as const;

/** Largest to smallest in Chinese (四川 · 丹棱 · 龙鹄村), the other way round in English. */
function place(view: ScanView, lang: Lang, withVillage = false): string {
  const parts = [inScript(view.village.province, lang), inScript(view.village.county, lang)];
  if (withVillage) parts.push(view.village.name[lang]);
  return (lang === 'zh' ? parts : parts.reverse()).join(messages[lang].placeSeparator);
}

function footer(lang: Lang, updatedAt?: string): HTMLElement {
  const m = messages[lang];
  return h('footer', { class: 'foot' }, updatedAt && h('p', null, m.updatedAt(formatDate(updatedAt, lang))), h('p', null, m.privacy));
}

export function loadingView(lang: Lang): Node[] {
  return [
    h(
      'div',
      { class: 'skeleton', 'aria-hidden': 'true' },
      h('div', { class: 'bone title' }),
      h('div', { class: 'bone short' }),
      h('div', { class: 'bone' }),
      h('div', { class: 'bone block' }),
    ),
    h('p', { class: 'loading', role: 'status' }, messages[lang].loading),
  ];
}

export function notFoundView(lang: Lang, code: string | undefined, onLookUp: (code: string) => void): Node[] {
  const m = messages[lang];
  const input = h('input', {
    id: 'code',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: '20',
    required: '',
  });
  input.value = code ?? '';
  const form = h(
    'form',
    { class: 'lookup' },
    h('label', { for: 'code' }, m.enterCode),
    h('div', { class: 'row' }, input, h('button', { type: 'submit', class: 'primary' }, m.lookUp)),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entered = input.value.trim();
    if (entered) onLookUp(entered);
  });
  return [h('section', { class: 'card state' }, h('h1', null, m.notFoundTitle), h('p', null, m.notFoundBody), form), footer(lang)];
}

export function errorView(lang: Lang, onRetry: () => void): Node[] {
  const m = messages[lang];
  const retry = h('button', { type: 'button', class: 'primary' }, m.retry);
  retry.addEventListener('click', onRetry);
  return [
    h('section', { class: 'card state', role: 'alert' }, h('h1', null, m.errorTitle), h('p', null, m.errorBody), retry),
    footer(lang),
  ];
}

export function lotView(view: ScanView, lang: Lang, now: Date = new Date()): Node[] {
  const m = messages[lang];
  const { product, village, recall } = view;

  const recallBanner =
    recall &&
    h(
      'section',
      { class: 'recall', role: 'alert' },
      icon('alert'),
      h(
        'div',
        null,
        h('h2', null, m.recallTitle),
        h('p', { class: 'reason' }, recall.reason[lang]),
        h('p', null, m.recallAdvice),
        h('p', { class: 'when' }, m.recalledAt(formatDate(recall.recalledAt, lang))),
      ),
    );

  const hero = h(
    'section',
    { class: 'card hero' },
    h('h1', null, product.name[lang]),
    product.variety && h('p', { class: 'variety' }, `${m.variety} ${product.variety}`),
    h('p', { class: 'origin' }, icon('pin'), place(view, lang, true)),
    h('p', { class: 'fresh' }, icon('leaf'), m.sinceHarvest(daysSince(view.harvestedOn, now))),
    h(
      'dl',
      { class: 'facts' },
      h('div', null, h('dt', null, m.harvestedOn), h('dd', null, formatDate(view.harvestedOn, lang))),
      h('div', null, h('dt', null, m.lotCode), h('dd', { class: 'code' }, view.lotCode)),
    ),
  );

  const story = h(
    'section',
    { class: 'card', 'aria-labelledby': 'village-heading' },
    h('h2', { id: 'village-heading' }, m.villageHeading),
    h('h3', null, village.name[lang]),
    h('p', { class: 'muted' }, place(view, lang)),
    village.story && h('p', { class: 'story' }, village.story[lang]),
  );

  const done = new Map(view.journey.map((step) => [step.step, step]));
  const journey = h(
    'section',
    { class: 'card', 'aria-labelledby': 'journey-heading' },
    h('h2', { id: 'journey-heading' }, m.journeyHeading),
    h(
      'ol',
      { class: 'timeline' },
      ...STEPS.map((name) => {
        const step = done.get(name);
        const where = step?.store && `${step.store.name[lang]}${m.placeSeparator}${inScript(step.store.city, lang)}`;
        return h(
          'li',
          { class: step ? 'done' : 'todo' },
          h('p', { class: 'step' }, m.steps[name]),
          h('p', { class: 'muted' }, step ? formatDate(step.at, lang) : m.notYet),
          where && h('p', { class: 'muted' }, where),
        );
      }),
    ),
  );

  // No cooking suggestions for food nobody should eat.
  const recipes =
    !recall &&
    view.recipes.length > 0 &&
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'recipes-heading' },
      h('h2', { id: 'recipes-heading' }, m.recipesHeading),
      ...view.recipes.map((recipe, index) =>
        h(
          'details',
          index === 0 ? { class: 'recipe', open: '' } : { class: 'recipe' },
          h(
            'summary',
            null,
            h('span', { class: 'recipe-title' }, recipe.title[lang]),
            h('span', { class: 'recipe-time' }, icon('clock'), m.minutes(recipe.minutes)),
          ),
          h('p', { class: 'label' }, m.ingredients),
          h('ul', { class: 'ingredients' }, ...recipe.ingredients[lang].map((item) => h('li', null, item))),
          h('p', { class: 'label' }, m.method),
          h('ol', { class: 'steps' }, ...recipe.steps[lang].map((item) => h('li', null, item))),
        ),
      ),
    );

  return [recallBanner, hero, story, journey, recipes, footer(lang, view.updatedAt)].filter((node): node is HTMLElement => !!node);
}
