// The shopper page's budgets: weight, third-party requests, accessibility (axe) and a phone-size
// screenshot in artifacts/ for people to look at.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webDist } from '../../web/build';
import { BUDGET } from '../../scripts/bench/budgets';
import type { DemoManifest } from '../../scripts/local/seed';
import { startTestApi, type TestApi } from '../support/api';
import { axeViolations, demoLot, launchBrowser, pathOf, seedDemoData, type TestBrowser } from './browser';

let api: TestApi;
let browser: TestBrowser;
let demo: DemoManifest;

beforeAll(async () => {
  api = await startTestApi(); // builds web/dist when its sources changed
  demo = await seedDemoData(api);
  browser = await launchBrowser(api.system.url);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** Dekopon harvested 2 days ago and shipped: the fullest page (GS1 path, journey, two recipes). */
const dekopon = () => demoLot(demo, (lot) => lot.crop === 'dekopon' && lot.shippedTo === 'cd-jinjiang-002');

/** The dekopon lot shipped to Shanghai, recalled here (repeating a recall is harmless). */
async function recalledLot() {
  const lot = demoLot(demo, (l) => l.crop === 'dekopon' && l.shippedTo === 'sh-hongqiao-001');
  const recalled = await api.call('POST', `/api/v1/lots/${lot.lotCode}/recall`, {
    token: api.opsToken,
    body: { reason: { zh: '包装破损，可能受污染', en: 'Damaged packaging; may be contaminated' } },
  });
  expect(recalled.status).toBe(200);
  return lot;
}

it('weighs at most 25 KB gzipped on first load (HTML + JS + CSS)', () => {
  const files = readdirSync(webDist).filter((name) => /\.(html|js|css)$/.test(name));
  expect(files).toContain('index.html');
  const gzipped = files.map((name) => gzipSync(readFileSync(join(webDist, name))).byteLength);
  const total = gzipped.reduce((sum, bytes) => sum + bytes, 0);
  expect(total).toBeGreaterThan(1024); // the page really is in there, script and style inlined
  expect(total).toBeLessThanOrEqual(BUDGET.pageGzipBytes);
});

it('loads with no request to any origin but its own, and one API lookup', async () => {
  const page = await browser.open({ languages: ['en'] });
  const requests: string[] = [];
  const errors: string[] = []; // a request the page's CSP blocked shows up here, not as a request
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(pathOf(dekopon().qrUrl), { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: '中文' }).click();
  await page.locator('.recipe summary').nth(1).click();
  await page.waitForLoadState('networkidle');

  const origin = new URL(api.system.url).origin;
  const http = requests.filter((url) => !url.startsWith('data:'));
  expect(http.filter((url) => new URL(url).origin !== origin)).toEqual([]);
  expect(http.map((url) => new URL(url).pathname)).toEqual([pathOf(dekopon().qrUrl), `/api/v1/scan/${dekopon().lotCode}`]);
  expect(errors).toEqual([]);
  await page.close();
});

it('has no serious or critical axe violations in any state, in either language', async () => {
  const { qrUrl } = await recalledLot();
  const states = [
    { name: 'recalled lot, zh', path: pathOf(qrUrl), languages: ['zh-CN'] },
    { name: 'lot, en', path: pathOf(dekopon().qrUrl), languages: ['en'] },
    { name: 'not found, zh', path: '/l/NOT-A-LOT-CODE', languages: ['zh-CN'] },
  ];
  const found: Record<string, unknown[]> = {};
  for (const state of states) {
    const page = await browser.open({ languages: state.languages });
    await page.goto(state.path, { waitUntil: 'networkidle' });
    await page.locator('h1').waitFor();
    const violations = await axeViolations(page);
    found[state.name] = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await page.close();
  }
  const page = await browser.open({ languages: ['en'] });
  await page.route('**/api/v1/scan/*', (route) => route.abort('internetdisconnected'));
  await page.goto(pathOf(dekopon().qrUrl));
  await page.getByRole('button', { name: 'Try again' }).waitFor();
  found['network error, en'] = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  await page.close();

  expect(found).toEqual({ 'recalled lot, zh': [], 'lot, en': [], 'not found, zh': [], 'network error, en': [] });
});

it('writes phone-size (390×844) screenshots to artifacts/', async () => {
  const dir = join(process.cwd(), 'artifacts');
  mkdirSync(dir, { recursive: true });
  const page = await browser.open();
  await page.goto(pathOf(dekopon().qrUrl), { waitUntil: 'networkidle' });
  await page.locator('h1').waitFor();
  expect(page.viewportSize()).toEqual({ width: 390, height: 844 });

  const shot = await page.screenshot({ path: join(dir, 'shopper-page-390x844.png') });
  await page.screenshot({ path: join(dir, 'shopper-page-full.png'), fullPage: true });
  // PNG signature, and the width in its header: 390 CSS pixels at device scale 2.
  expect(shot.subarray(1, 4).toString()).toBe('PNG');
  expect(shot.readUInt32BE(16)).toBe(780);
  await page.close();

  const english = await browser.open({ languages: ['en'] });
  await english.goto(pathOf((await recalledLot()).qrUrl), { waitUntil: 'networkidle' });
  await english.getByRole('alert').waitFor();
  await english.screenshot({ path: join(dir, 'shopper-page-recalled-en-390x844.png') });
  await english.close();
});
