// What the console's browser tests share: the 360 px phone they run on, its screenshots in
// artifacts/console/, and the accessibility check every screen must pass.
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
