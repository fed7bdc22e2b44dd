// The shopper page in real Chromium against the local system (same gateway, handlers and rewrite as
// `npm start`) with the demo data: languages, journey, recall, not-found, network errors and both QR routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from '../../scripts/local/seed';
import { newLotCode } from '../../shared/codes';
import { startTestApi, type TestApi } from '../support/api';
import { demoLot, launchBrowser, pathOf, scanFixture, seedDemoData, serveScan, type TestBrowser } from './browser';

let api: TestApi;
let browser: TestBrowser;
let demo: DemoManifest;

beforeAll(async () => {
  api = await startTestApi();
  demo = await seedDemoData(api);
  browser = await launchBrowser(api.system.url);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** Strawberry (no GTIN, so a short QR path), harvested yesterday and shipped to Shanghai. */
const strawberry = () => demoLot(demo, (lot) => lot.crop === 'strawberry' && lot.status === 'shipped');
/** Dekopon (GTIN, so a GS1 Digital Link QR path), harvested 2 days ago and shipped to Chengdu. */
const shippedDekopon = () => demoLot(demo, (lot) => lot.crop === 'dekopon' && lot.shippedTo === 'cd-jinjiang-002');
/** Dekopon harvested today, not shipped. */
const freshDekopon = () => demoLot(demo, (lot) => lot.crop === 'dekopon' && lot.status === 'harvested');

describe('a demo lot', () => {
  it('shows product, village, story, freshness and a recipe in Chinese when the browser prefers Chinese', async () => {
    const page = await browser.open();
    await page.goto(pathOf(strawberry().qrUrl));

    await expect.poll(() => page.locator('h1').textContent()).toBe('草莓');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const main = page.locator('main');
    expect(await page.locator('.origin').textContent()).toBe('上海 · 崇明 · 港沿村');
    expect(await main.textContent()).toContain('港沿村的草莓大棚紧邻长江口');
    expect(await page.locator('.fresh').textContent()).toBe('采摘至今 1 天');
    expect(await page.locator('.recipe summary').first().textContent()).toContain('草莓大福');
    expect(await page.locator('.recipe').first().textContent()).toContain('糯米粉 100 克');
    expect(await page.locator('.code').textContent()).toBe(strawberry().lotCode);
    await page.close();
  });

  it('shows the lot in English when the browser prefers English, and remembers a switch to Chinese', async () => {
    const page = await browser.open({ languages: ['en-US', 'en', 'zh-CN'] });
    await page.goto(pathOf(strawberry().qrUrl));

    await expect.poll(() => page.locator('h1').textContent()).toBe('Strawberry');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.origin').textContent()).toBe('Gangyan Village, Chongming, Shanghai');
    expect(await page.locator('.fresh').textContent()).toBe('1 day since harvest');
    expect(await page.locator('.recipe summary').first().textContent()).toContain('Strawberry daifuku');

    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.locator('h1').textContent()).toBe('草莓');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('草莓');
    expect(await page.getByRole('button', { name: 'English' }).isVisible()).toBe(true);
    await page.close();
  });

  it('shows the journey from the village to the store it was shipped to, with receipt still to come', async () => {
    const page = await browser.open();
    await page.goto(pathOf(shippedDekopon().qrUrl));

    await expect.poll(() => page.locator('.timeline li').count()).toBe(3);
    const steps = page.locator('.timeline li');
    expect(await steps.nth(0).getAttribute('class')).toBe('done');
    expect(await steps.nth(0).textContent()).toContain('村里采摘');
    expect(await steps.nth(1).getAttribute('class')).toBe('done');
    expect(await steps.nth(1).textContent()).toContain('盒马锦江店');
    expect(await steps.nth(2).getAttribute('class')).toBe('todo');
    expect(await steps.nth(2).textContent()).toContain('尚未更新');
    expect(await page.locator('.fresh').textContent()).toBe('采摘至今 2 天');
    await page.close();
  });

  it('renders from its GS1 Digital Link path exactly as from its short path', async () => {
    const { qrUrl, lotCode } = shippedDekopon();
    expect(pathOf(qrUrl)).toBe(`/01/06931234567899/10/${lotCode}`);
    const page = await browser.open();

    await page.goto(pathOf(qrUrl));
    await expect.poll(() => page.locator('h1').textContent()).toBe('不知火柑');
    const viaGs1 = await page.locator('main').textContent();
    await page.goto(`/l/${lotCode}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('不知火柑');
    expect(await page.locator('main').textContent()).toBe(viaGs1);
    expect(viaGs1).toContain(lotCode);
    expect(viaGs1).toContain('龙鹄村');
    await page.close();
  });
});

it('puts a recall banner first on a recalled lot, in both languages', async () => {
  const { lotCode, qrUrl } = freshDekopon();
  const recalled = await api.call('POST', `/api/v1/lots/${lotCode}/recall`, {
    token: api.opsToken,
    body: { reason: { zh: '检出农残超标，请勿食用', en: 'Pesticide residue above the limit' } },
  });
  expect(recalled.status).toBe(200);
  const page = await browser.open();
  await page.goto(pathOf(qrUrl));

  const banner = page.getByRole('alert');
  await expect.poll(() => banner.textContent()).toContain('此批次已召回');
  expect(await banner.textContent()).toContain('检出农残超标，请勿食用');
  expect(await page.locator('main > :first-child').getAttribute('class')).toBe('recall');
  expect(await page.locator('#recipes-heading').count()).toBe(0); // no cooking suggestions for a recalled lot
  await page.getByRole('button', { name: 'English' }).click();
  expect(await banner.textContent()).toContain('This lot has been recalled');
  expect(await banner.textContent()).toContain('Pesticide residue above the limit');
  await page.close();
});

it('shows not-found for an unknown or impossible code, and looks up a code typed into it', async () => {
  const page = await browser.open();
  const unknown = newLotCode();
  const scans: number[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/v1/scan/')) scans.push(response.status());
  });

  await page.goto(`/l/${unknown}`);
  await expect.poll(() => page.locator('h1').textContent()).toBe('没有找到这个批次');
  expect(await page.getByLabel('标签上的批次码').inputValue()).toBe(unknown);
  await page.goto('/l/NOT-A-LOT-CODE');
  await expect.poll(() => page.locator('h1').textContent()).toBe('没有找到这个批次');
  expect(scans).toEqual([404, 400]);

  await page.getByLabel('标签上的批次码').fill(strawberry().lotCode.toLowerCase());
  await page.getByRole('button', { name: '查询' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('草莓');
  expect(new URL(page.url()).pathname).toBe(`/l/${strawberry().lotCode}`);
  await page.close();
});

it('shows a network error when the lookup fails, and recovers when the shopper retries', async () => {
  const page = await browser.open();
  await page.route('**/api/v1/scan/*', (route) => route.abort('internetdisconnected'), { times: 1 });
  await page.goto(pathOf(strawberry().qrUrl));

  const alert = page.getByRole('alert');
  await expect.poll(() => alert.textContent()).toContain('网络不太顺畅');
  expect(await page.locator('h1').textContent()).toBe('网络不太顺畅');
  await page.getByRole('button', { name: '重试' }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('草莓');
  expect(await alert.count()).toBe(0);
  await page.close();
});

it('treats a server failure as an error to retry, not as an unknown lot', async () => {
  const page = await browser.open({ languages: ['en'] });
  await page.route('**/api/v1/scan/*', (route) => route.fulfill({ status: 503, json: { error: { code: 'unavailable', message: 'x' } } }));
  await page.goto(pathOf(strawberry().qrUrl));

  await expect.poll(() => page.locator('h1').textContent()).toBe('Connection problem');
  expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
  await page.close();
});

it('shows a loading state while the lookup is in flight', async () => {
  const page = await browser.open();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/scan/*', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(pathOf(strawberry().qrUrl));

  expect(await page.getByRole('status').textContent()).toBe('正在查询产地信息…');
  expect(await page.locator('main').getAttribute('aria-busy')).toBe('true');
  release();
  await expect.poll(() => page.locator('h1').textContent()).toBe('草莓');
  expect(await page.locator('main').getAttribute('aria-busy')).toBe('false');
  await page.close();
});

it('renders a lot received at its store, without story or recipes (contract fixture)', async () => {
  const page = await browser.open({ languages: ['en-GB'] });
  const view = scanFixture();
  await serveScan(page, view);
  await page.goto(`/l/${view.lotCode}`);

  await expect.poll(() => page.locator('h1').textContent()).toBe('Kiwifruit');
  expect(await page.locator('.fresh').textContent()).toBe('3 days since harvest');
  expect(await page.locator('.origin').textContent()).toBe('Zhouzhi Village, Zhouzhi, Shaanxi');
  expect(await page.locator('.variety').textContent()).toBe('Variety Hayward');
  expect(await page.locator('.timeline .done').count()).toBe(3);
  expect(await page.locator('.timeline li').nth(2).textContent()).toContain('2 Jan 2026, 17:15');
  expect(await page.locator('.story').count()).toBe(0);
  expect(await page.locator('#recipes-heading').count()).toBe(0);
  expect(await page.title()).toBe('Kiwifruit · Zhouzhi Village');
  await page.close();
});
