// Crop selection in the console, in real Chromium on a 360 px phone: ops read the program's year and a
// crop's forecast on the demand board, turn a village's recommendation into an offer, and village staff
// accept it, which signs the agreement they then see; staff never see a revenue figure.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { sampleCrop, sampleVillage, startTestApi, type TestApi } from '../support/api';
import { peakedSeason, repeatSeason, writeWeeklySales } from '../support/demand';
import { launchBrowser, type TestBrowser } from './browser';
import { expectAxeClean, SMALL_PHONE, shot, shotInBoth } from './console-support';

let api: TestApi;
let browser: TestBrowser;
let villageId: string;

async function open(path: string): Promise<Page> {
  const page = await browser.open();
  await page.goto(path);
  await page.getByRole('button', { name: 'English' }).click();
  return page;
}

beforeAll(async () => {
  api = await startTestApi();
  await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: { ...sampleCrop, recipes: [] } });
  villageId = (
    await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: { ...sampleVillage(), specialties: ['strawberry'] } })
  ).body.villageId;
  const { demand } = dynamoDbRepositories(localClient(api.system.dynamoEndpoint), api.system.tableName);
  // Three seasons of sales, at 77.77 yuan a kg in stores: a figure village staff must never see.
  await writeWeeklySales(demand, 'strawberry', repeatSeason(peakedSeason(2_000), 3), { revenueFenPerKg: 7_777 });
  browser = await launchBrowser(api.system.url, SMALL_PHONE);
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

describe('crop selection in the console', () => {
  it('shows ops the program’s year and a crop’s forecast against what is contracted', async () => {
    const page = await open('/console/?devRole=ops#/demand');
    await page.getByRole('heading', { name: 'Demand' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'The program' }).textContent()).toContain('/ 1000');
    // Holt-Winters on three seasons, with the last season's backtest error.
    await expect.poll(() => page.getByRole('region', { name: 'Forecast' }).getByRole('status').textContent()).toMatch(/MAPE \d/);
    expect(await page.getByRole('region', { name: 'Forecast' }).textContent()).toContain('Holt-Winters');
    expect(await page.getByRole('region', { name: 'Forecast' }).locator('tbody tr').count()).toBe(13);
    await expectAxeClean(page);
    await shot(page, 'ops-demand');
    await page.close();
  });

  it('turns a recommendation into an offer that village staff accept, signing the agreement once', async () => {
    const ops = await open(`/console/?devRole=ops#/villages/${villageId}`);
    const suggestion = ops.getByRole('region', { name: 'What to grow' });
    await expect.poll(() => suggestion.textContent()).toContain('Specialty');
    expect(await suggestion.textContent()).toContain('Retail ¥77.77/kg');
    await ops
      .getByRole('button', { name: /^Make an offer · / })
      .first()
      .click();
    await ops.getByLabel('Grade A price (fen per kg)').fill('1500');
    await expectAxeClean(ops);
    await shot(ops, 'ops-offer');
    await ops
      .getByRole('form', { name: /^Make an offer · / })
      .getByRole('button', { name: 'Make an offer' })
      .click();
    await ops.getByRole('heading', { name: 'Offers' }).waitFor();
    await expect.poll(() => ops.locator('table tbody tr').first().textContent()).toContain('Open');
    await ops.close();

    const staff = await open(`/console/?devRole=village&villageId=${villageId}#/offers`);
    await staff.getByRole('button', { name: 'Accept · Strawberry' }).waitFor();
    // Staff read the reasons and the indicative price, never what stores charge.
    await expect.poll(() => staff.getByRole('region', { name: 'What to grow' }).textContent()).toContain('Indicative price');
    expect(await staff.locator('main').textContent()).not.toContain('77.77');
    await expectAxeClean(staff);
    await shotInBoth(staff, 'staff-offers', async () => {
      await staff.getByRole('button', { name: '接受 · 草莓' }).waitFor();
      // None answered yet: the empty list still says which list it is.
      expect(await staff.locator('main').textContent()).toContain('已答复的要约: 暂无记录');
    });
    await staff.getByRole('button', { name: 'Accept · Strawberry' }).click();
    await expect.poll(() => staff.locator('table tbody tr').first().textContent()).toContain('Accepted');
    expect(await staff.getByRole('button', { name: 'Accept · Strawberry' }).count()).toBe(0);
    await staff.getByRole('link', { name: 'Agreements', exact: true }).click();
    await expect.poll(() => staff.locator('.cards li').count()).toBe(1);
    await staff.close();
    const agreements = await api.call('GET', `/api/v1/villages/${villageId}/agreements`, { token: api.opsToken });
    expect(agreements.body.items).toHaveLength(1);
    expect(agreements.body.items[0].prices).toEqual([{ grade: 'A', fenPerKg: 1500 }]);
  });
});
