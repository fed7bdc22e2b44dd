// The console in real Chromium, on a 360 px phone, through whole flows: ops register a crop, a village, a
// store and an agreement; village staff record a lot online and one offline (kept through a reload, sent
// when the connection returns), see a refusal with its reason, and print labels; ops see the settlement
// and start a recall. Every screen is axe clean and photographed to artifacts/.
import { readFileSync } from 'node:fs';
import { csvHeader } from '../../shared/exports/fsma204';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, startTestApi, type TestApi } from '../support/api';
import { launchBrowser, type TestBrowser } from './browser';
import { expectAxeClean, SMALL_PHONE, shot, shotInBoth } from './console-support';

let api: TestApi;
let browser: TestBrowser;
let villageId: string;
let agreementId: string;

async function asEnglish(page: Page) {
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
}

beforeAll(async () => {
  api = await startTestApi();
  browser = await launchBrowser(api.system.url, SMALL_PHONE);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('the ops console', () => {
  it('registers a crop, a village, a store (its secret shown once) and an agreement, with the API’s field errors beside the fields', async () => {
    const page = await browser.open();
    await page.goto('/console/?devRole=ops');
    await asEnglish(page);
    await page.getByRole('link', { name: 'Crops' }).click();
    await page.getByLabel('Crop id').fill('strawberry');
    await page.getByLabel('Name (Chinese)').fill('草莓');
    await page.getByLabel('Name (English)').fill('Strawberry');
    await page.getByRole('button', { name: 'Add a recipe' }).click();
    await page.getByLabel('Title (Chinese)').fill('草莓酱');
    await page.getByLabel('Title (English)').fill('Strawberry jam');
    await page.getByLabel('Ingredients (Chinese, one a line)').fill('草莓\n糖');
    await page.getByLabel('Ingredients (English, one a line)').fill('strawberries\nsugar');
    await page.getByLabel('Steps (Chinese, one a line)').fill('煮。');
    await page.getByLabel('Steps (English, one a line)').fill('Boil.');
    await page.getByRole('form', { name: 'Save · Crops' }).getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('table').textContent()).toContain('strawberry');
    await expectAxeClean(page);
    await shot(page, 'ops-crops');

    await page.getByRole('link', { name: 'Stores' }).click();
    await page.getByLabel('Store id').fill('Not A Slug');
    await page.getByLabel('Name (Chinese)').fill('虹桥店');
    await page.getByLabel('Name (English)').fill('Hongqiao');
    await page.getByLabel('City').fill('Shanghai');
    await page.getByRole('button', { name: 'Create' }).click();
    const storeField = page.getByLabel('Store id');
    await expect.poll(() => storeField.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field.invalid .error').textContent()).toMatch(/slug/);
    await storeField.fill('sh-hongqiao-001');
    await page.getByRole('button', { name: 'Create' }).click();
    const secret = page.locator('.secret-value');
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_/);
    await expectAxeClean(page);
    await shot(page, 'ops-stores');
    await page.reload();
    expect(await page.locator('.secret-value').count()).toBe(0);

    await page.getByRole('link', { name: 'Villages' }).click();
    await page.getByLabel('Name (Chinese)').fill('龙鹄村');
    await page.getByLabel('Name (English)').fill('Longhu Village');
    await page.getByLabel('Province').fill('Sichuan');
    await page.getByLabel('County').fill('Danling');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/villages\/vil_/);
    villageId = (await page.evaluate(() => location.hash)).split('/')[2] as string;
    await page.getByLabel('Crop', { exact: true }).selectOption('strawberry');
    await page.getByLabel('Committed (kg)').fill('100');
    await page.getByLabel('Grade').fill('A');
    await page.getByLabel('Prices (fen per kg)').fill('1200');
    await page.getByLabel('Delivery from').fill(chinaDay(-30));
    await page.getByLabel('Delivery to').fill(chinaDay(30));
    await expectAxeClean(page);
    await shot(page, 'ops-village');
    await page.getByRole('form', { name: 'Create · Agreements' }).getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/agreements\/agr_/);
    agreementId = (await page.evaluate(() => location.hash)).split('/')[2] as string;
    await expect.poll(() => page.locator('.facts').textContent()).toContain('100');
    await page.close();
  });
});

describe('village staff on a phone', () => {
  it('records a lot online, keeps one recorded offline through a reload, and sends it when the connection returns', async () => {
    const page = await browser.open();
    await page.goto(`/console/?devRole=village&villageId=${villageId}`);
    await asEnglish(page);
    await expect.poll(() => page.locator('.cards').textContent()).toContain('Remaining: 105 kg');
    await expectAxeClean(page);
    await expect.poll(() => page.locator('.cards').textContent()).toContain('Active');
    expect(await page.locator('.cards h2').first().textContent()).toBe('Strawberry');
    await shotInBoth(page, 'staff-home', async () => {
      await expect.poll(() => page.locator('.cards').textContent()).toContain('剩余可交: 105 kg');
      expect(await page.locator('.cards').textContent()).toContain('生效中');
      expect(await page.locator('.cards h2').first().textContent()).toBe('草莓');
    });
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await page.getByRole('link', { name: 'Record harvest' }).first().click();
    const record = async (kg: string) => {
      await page.getByLabel('Agreement').selectOption(agreementId);
      await page.getByLabel('Grade').selectOption('A');
      await page.getByLabel('Quantity (kg)').fill(kg);
      await page.getByLabel('Harvest date').fill(chinaDay(-1));
      await page.getByLabel('Field').fill('north slope');
      await page.getByRole('button', { name: 'Record lot' }).click();
    };
    await record('12.5');
    await expect.poll(() => page.locator('.entry').first().textContent()).toMatch(/Synced · [0-9A-Z]{18}/);

    await browser.context.setOffline(true);
    await record('7');
    await expect.poll(() => page.locator('.entry').first().textContent()).toContain('Waiting to sync');
    await expectAxeClean(page);
    await shotInBoth(page, 'staff-intake-offline');
    await page.reload();
    await expect.poll(() => page.locator('.entry').first().textContent()).toContain('Waiting to sync');
    await browser.context.setOffline(false);
    await expect.poll(() => page.locator('.entry').first().textContent(), { timeout: 15_000 }).toMatch(/Synced · [0-9A-Z]{18}/);
    await shotInBoth(page, 'staff-intake-synced');

    const settlement = await api.call('GET', `/api/v1/agreements/${agreementId}/settlement`, { token: api.opsToken });
    expect(settlement.body.lots.map((l: { quantityKg: number }) => l.quantityKg).sort()).toEqual([12.5, 7]);
    await page.close();
  });

  it('shows a refused lot with the API’s reason instead of dropping it', async () => {
    const page = await browser.open();
    await page.goto(`/console/?devRole=village&villageId=${villageId}#/intake`);
    await asEnglish(page);
    await page.getByLabel('Agreement').selectOption(agreementId);
    await page.getByLabel('Grade').selectOption('A');
    await page.getByLabel('Quantity (kg)').fill('500');
    await page.getByLabel('Harvest date').fill(chinaDay(-1));
    await page.getByRole('button', { name: 'Record lot' }).click();
    const refusal = () => page.locator('.entry.refused').first().textContent();
    await expect.poll(refusal).toContain('Refused: This lot would exceed the committed volume plus tolerance (over_commitment)');
    // The API's messages are English; staff reading Chinese get the reason in Chinese, with the same code.
    await shotInBoth(page, 'staff-intake-refused', async () => {
      await expect.poll(refusal).toContain('未被接受: 超出协议约定数量（含允许的浮动） (over_commitment)');
    });
    await page.close();
  });

  it('prints a sheet of QR labels of the chosen lots', async () => {
    const page = await browser.open();
    await page.goto(`/console/?devRole=village&villageId=${villageId}#/labels`);
    await asEnglish(page);
    await page.getByLabel('Agreement').selectOption(agreementId);
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Print labels \(2\)$/ }).click();
    await expect.poll(() => page.locator('img.label').count()).toBe(2);
    await expect
      .poll(() =>
        page
          .locator('img.label')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await expectAxeClean(page);
    await shotInBoth(page, 'staff-labels');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.sheet').evaluate((el) => getComputedStyle(el).display)).toBe('grid');
    expect(
      await page
        .locator('.no-print')
        .first()
        .evaluate((el) => getComputedStyle(el).display),
    ).toBe('none');
    await page.close();
  });
});

describe('ops after the harvest', () => {
  it('shows the settlement line by line and downloads it as CSV', async () => {
    const page = await browser.open();
    await page.goto(`/console/?devRole=ops#/agreements/${agreementId}`);
    await asEnglish(page);
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    await expectAxeClean(page);
    await shot(page, 'ops-settlement');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      let text = '';
      download.createReadStream().then((stream) => {
        stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(csv).toContain('"12.5"');
    await page.close();
  });

  it('starts a recall of the village and shows its progress until every lot is recalled', async () => {
    const page = await browser.open();
    await page.goto('/console/?devRole=ops#/recalls');
    await asEnglish(page);
    await page.getByLabel('Village id').fill(villageId);
    await page.getByLabel('Reason (Chinese)').fill('农残复检');
    await page.getByLabel('Reason (English)').fill('Pesticide re-test');
    await expectAxeClean(page);
    await shot(page, 'ops-recalls');
    await page.getByRole('button', { name: 'Start the recall' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toContain('Completed · 2 / 2');
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
    await shot(page, 'ops-recall-done');
    await page.close();
  });

  it('exports the village’s FSMA 204 records and downloads the file through a link minted at the click', async () => {
    const page = await browser.open();
    await page.goto('/console/?devRole=ops#/exports');
    await asEnglish(page);
    await page.getByLabel('Village id').fill(villageId);
    await expectAxeClean(page);
    await page.getByRole('button', { name: 'New export' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Ready · 2 lots/);
    await expectAxeClean(page);
    await shot(page, 'ops-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    expect(csv.split('\r\n')[0]).toBe(csvHeader().trimEnd());
    await page.goto('/console/?devRole=ops#/exports');
    await expect.poll(() => page.locator('table tbody tr').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('remembers the language across visits', async () => {
    const page = await browser.open();
    await page.goto('/console/?devRole=ops');
    await page.getByRole('button', { name: 'English' }).click();
    await page.reload();
    expect(await page.getByRole('link', { name: 'Villages' }).count()).toBe(1);
    await page.getByRole('button', { name: '中文' }).click();
    expect(await page.getByRole('link', { name: '村庄' }).count()).toBe(1);
    await page.close();
  });
});
