// The console's sign-in as deployed (Cognito's managed login, code flow with PKCE), in real Chromium
// against a stand-in for the managed login on another local origin: sign in, renew the ID token with the
// refresh token when it is about to expire, sign out through the managed login's logout.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';
import { type FakeManagedLogin, startFakeManagedLogin } from '../support/fake-managed-login';
import { launchBrowser, type TestBrowser } from './browser';
import { expectAxeClean, SMALL_PHONE, shot } from './console-support';

let api: TestApi;
let login: FakeManagedLogin;
let browser: TestBrowser;

beforeAll(async () => {
  api = await startTestApi();
  login = await startFakeManagedLogin(() => api.system.devToken('ops'));
  // The deployed console's CSP names the real sign-in domain; the stand-in runs on another port.
  browser = await launchBrowser(api.system.url, SMALL_PHONE, { bypassCSP: true, blockServiceWorkers: true });
  await browser.context.route('**/console/config.json', (route) =>
    route.fulfill({
      json: { mode: 'cognito', signInUrl: login.url, clientId: login.clientId, redirectUri: `${api.system.url}/console/` },
    }),
  );
});
afterAll(async () => {
  await browser?.close();
  await login?.stop();
  await api?.stop();
});

const storedSession = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('console.session') ?? 'null'));

describe('signing in to the console through the managed login', () => {
  it('signs in with the code flow and PKCE, renews the token before it expires, and signs out', async () => {
    const page = await browser.open();
    await page.goto('/console/');
    await page.getByRole('button', { name: 'English' }).click();
    const signIn = page.getByRole('button', { name: 'Sign in' });
    await signIn.waitFor();
    await expectAxeClean(page);
    await shot(page, 'sign-in-managed');

    await signIn.click();
    await page.getByRole('heading', { name: 'Villages' }).waitFor();
    // Back on the console without the code in its address, holding the ID token and a refresh token.
    expect(new URL(page.url()).search).toBe('');
    expect(login.calls).toEqual(['authorize', 'token:authorization_code']);
    const first = await storedSession(page);
    expect(first).toMatchObject({ role: 'ops', refreshToken: expect.any(String) });

    // A token a minute from expiry is renewed before the next API call, which then succeeds.
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('console.session')!);
      localStorage.setItem('console.session', JSON.stringify({ ...session, expiresAt: Date.now() + 30_000 }));
    });
    await page.reload();
    await page.getByRole('link', { name: 'Crops' }).click();
    await page.getByRole('heading', { name: 'Crops' }).waitFor();
    await expect.poll(() => login.calls).toContain('token:refresh_token');
    await expect.poll(async () => (await storedSession(page)).expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn.waitFor();
    expect(login.calls.at(-1)).toBe('logout');
    expect(await storedSession(page)).toBeNull();
  });

  it('ignores a code that comes back with another state than the console sent', async () => {
    const before = login.calls.length;
    const page = await browser.open();
    await page.goto('/console/?code=stolen&state=forged');
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(login.calls.slice(before)).toEqual([]);
    expect(await storedSession(page)).toBeNull();
  });
});
