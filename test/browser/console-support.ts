// What the console's browser tests share: the 360 px phone they run on, its screenshots in
// artifacts/console/ (the village staff's screens in Chinese too), and the accessibility check every
// screen must pass.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations } from './browser';

export const SMALL_PHONE = { width: 360, height: 780 };
const SHOTS = 'artifacts/console';

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** No serious or critical axe finding on the page as it stands. */
export async function expectAxeClean(page: Page): Promise<void> {
  const serious = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious).toEqual([]);
}

const langOf = (page: Page) => page.evaluate(() => document.documentElement.lang);

/**
 * A screen the village staff guide shows: photographed in English as `name`, then switched to Chinese, which
 * staff read first, checked (axe, and `inChinese`) and photographed as `{name}-zh`, and switched back. The
 * switch must keep what the screen holds.
 */
export async function shotInBoth(page: Page, name: string, inChinese?: () => Promise<void>): Promise<void> {
  await shot(page, name);
  await page.getByRole('button', { name: '中文' }).click();
  await expect.poll(() => langOf(page)).toBe('zh-CN');
  await inChinese?.();
  await expectAxeClean(page);
  await shot(page, `${name}-zh`);
  await page.getByRole('button', { name: 'English' }).click();
  await expect.poll(() => langOf(page)).toBe('en');
}
