// The shopper page. It runs from the document head, so the lot's one API lookup starts before the body is
// even parsed; then it renders the loading, lot, not-found or network-error state in Chinese or English.
import { htmlLang, messages, preferredLang, type Lang } from './i18n';
import { lotCodeFromPath } from './route';
import { errorView, icon, loadingView, lotView, notFoundView, type ScanView } from './views';

type State = { kind: 'loading' } | { kind: 'not-found' } | { kind: 'error' } | { kind: 'lot'; view: ScanView };

const LANG_KEY = 'lang';
const TIMEOUT_MS = 15_000;

function storedLang(): string | null {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null; // storage can be disabled (private modes, in-app browsers); the browser's preference still applies
  }
}

async function lookUp(code: string): Promise<State> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(`/api/v1/scan/${encodeURIComponent(code)}`, {
      headers: { accept: 'application/json' },
      signal: abort.signal,
    });
    const body = await response.text(); // read even when unused, so the connection is free for the next request
    // 400 is a code that cannot exist (bad check character): for a shopper that is the same as unknown.
    if (response.status === 404 || response.status === 400) return { kind: 'not-found' };
    if (!response.ok) return { kind: 'error' };
    return { kind: 'lot', view: JSON.parse(body) as ScanView };
  } catch {
    return { kind: 'error' };
  } finally {
    clearTimeout(timer);
  }
}

const code = lotCodeFromPath(location.pathname);
const firstLookUp: Promise<State> = code ? lookUp(code) : Promise.resolve({ kind: 'not-found' });
let lang: Lang = preferredLang(storedLang(), navigator.languages ?? [navigator.language]);
let state: State = { kind: 'loading' };

/** `replaceChildren` without needing Chrome 86 (some in-app browsers are older). */
function fill(parent: HTMLElement, nodes: Node[]): void {
  parent.textContent = '';
  parent.append(...nodes);
}

function render(): void {
  const m = messages[lang];
  document.documentElement.lang = htmlLang(lang);
  const brand = document.getElementById('brand') as HTMLElement;
  fill(brand, [icon('leaf'), document.createTextNode(m.brand)]);
  const switcher = document.getElementById('lang') as HTMLButtonElement;
  switcher.textContent = m.switchTo;
  switcher.lang = htmlLang(m.switchLang);
  switcher.hidden = false;

  const main = document.getElementById('main') as HTMLElement;
  main.setAttribute('aria-busy', String(state.kind === 'loading'));
  if (state.kind === 'lot') {
    fill(main, lotView(state.view, lang));
    document.title = `${state.view.product.name[lang]} · ${state.view.village.name[lang]}`;
    return;
  }
  document.title = m.brand;
  if (state.kind === 'loading') fill(main, loadingView(lang));
  if (state.kind === 'error')
    fill(
      main,
      errorView(lang, () => void retry()),
    );
  if (state.kind === 'not-found') {
    fill(
      main,
      notFoundView(lang, code, (entered) => location.assign(`/l/${encodeURIComponent(entered.toUpperCase())}`)),
    );
  }
}

function show(next: State): void {
  state = next;
  render();
}

async function retry(): Promise<void> {
  if (!code) return;
  show({ kind: 'loading' });
  show(await lookUp(code));
  (document.getElementById('main') as HTMLElement).focus();
}

function start(): void {
  render();
  document.getElementById('lang')?.addEventListener('click', () => {
    lang = messages[lang].switchLang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // not remembered; the switch still applies to this page
    }
    render();
  });
  // A shopper in a basement or a cold store often loses signal: try again by itself once it returns.
  addEventListener('online', () => {
    if (state.kind === 'error') void retry();
  });
  void firstLookUp.then(show);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
