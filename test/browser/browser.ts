// Page-test support: Debian's Chromium driven by playwright-core (no browser download), one per test file,
// in a fresh profile; plus seeding the demo data and a ScanView fixture for states the demo cannot show.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { localClient } from '../../scripts/local/dynamodb-local';
import { seedDemo, type DemoManifest } from '../../scripts/local/seed';
import { newLotCode } from '../../shared/codes';
import { ScanView } from '../../shared/scan/schema';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import type { ScanView as ScanViewData } from '../../web/views';
import { chinaDay, type TestApi } from '../support/api';

export const PHONE = { width: 390, height: 844 };

export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab with an empty localStorage, preferring these languages (default: the context's zh-CN). */
  open(options?: { languages?: string[] }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * `bypassCSP`: for a stand-in sign-in server on another local origin than the deployed CSP names;
 * `blockServiceWorkers`: so that routed requests are not answered by a service worker first.
 */
export async function launchBrowser(
  baseUrl: string,
  viewport = PHONE,
  options: { bypassCSP?: boolean; blockServiceWorkers?: boolean } = {},
): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'shopper-page-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    baseURL: baseUrl,
    bypassCSP: options.bypassCSP ?? false,
    serviceWorkers: options.blockServiceWorkers ? 'block' : 'allow',
  });
  return {
    context,
    async open(options = {}) {
      const page = await context.newPage();
      // Tabs share the profile's storage: forget a language choice an earlier test made, once per tab (the
      // tab's own sessionStorage remembers), so that a reload within a test still sees its choice.
      await page.addInitScript(() => {
        if (sessionStorage.getItem('test-tab')) return;
        sessionStorage.setItem('test-tab', '1');
        localStorage.clear();
      });
      if (options.languages) {
        await page.addInitScript((languages) => {
          Object.defineProperty(Navigator.prototype, 'languages', { get: () => languages });
          Object.defineProperty(Navigator.prototype, 'language', { get: () => languages[0] });
        }, options.languages);
      }
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Seeds the `npm start` demo data into the test API's table. */
export async function seedDemoData(api: TestApi): Promise<DemoManifest> {
  const client = localClient(api.system.dynamoEndpoint);
  try {
    return await seedDemo({
      ...dynamoDbRepositories(client, api.system.tableName),
      now: () => new Date(),
      publicBaseUrl: api.system.url,
    });
  } finally {
    client.destroy();
  }
}

type DemoLot = DemoManifest['lots'][number];

/** The demo lot that matches, by what the tests need of it rather than by its place in the seed list. */
export function demoLot(demo: DemoManifest, matches: (lot: DemoLot) => boolean): DemoLot {
  const lot = demo.lots.find(matches);
  if (!lot) throw new Error('the demo data has no such lot');
  return lot;
}

/** The path part of a lot's QR URL. */
export const pathOf = (qrUrl: string) => new URL(qrUrl).pathname;

/** A scan response for states the demo data does not reach (received at a store, no story, no recipes). */
export function scanFixture(overrides: Partial<ScanViewData> = {}): ScanViewData {
  return ScanView.parse({
    lotCode: newLotCode(),
    product: { crop: 'kiwi', name: { zh: '猕猴桃', en: 'Kiwifruit' }, variety: 'Hayward' },
    village: { name: { zh: '周至村', en: 'Zhouzhi Village' }, province: 'Shaanxi 陕西', county: 'Zhouzhi 周至' },
    harvestedOn: chinaDay(-3),
    journey: [
      { step: 'harvested', at: chinaDay(-3) },
      { step: 'shipped', at: '2026-01-02T01:30:00.000Z', store: { name: { zh: '盒马虹桥店', en: 'Hongqiao store' }, city: 'Shanghai' } },
      { step: 'received', at: '2026-01-02T09:15:00.000Z', store: { name: { zh: '盒马虹桥店', en: 'Hongqiao store' }, city: 'Shanghai' } },
    ],
    recipes: [],
    updatedAt: '2026-01-02T09:15:00.000Z',
    ...overrides,
  });
}

/** Answers the page's scan lookup with a fixture instead of the API. */
export async function serveScan(page: Page, view: ScanViewData): Promise<void> {
  await page.route('**/api/v1/scan/*', (route) => route.fulfill({ status: 200, json: view }));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (evaluated over the DevTools protocol, which the page's CSP does not block). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return result.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
}
