// The command-line sign-in against a stand-in for Cognito's managed login: a browser is simulated by
// following the authorize redirect to the loopback listener, as a real one would.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signInThroughBrowser } from '../../scripts/sign-in/loopback';
import { claimsOf } from '../../web/console/oauth';
import { type FakeManagedLogin, startFakeManagedLogin } from '../support/fake-managed-login';

let login: FakeManagedLogin;
let minted = 0;
const unsignedToken = (claims: Record<string, unknown>) =>
  ['{"alg":"none"}', JSON.stringify(claims), ''].map((part) => Buffer.from(part).toString('base64url')).join('.');

beforeEach(async () => {
  login = await startFakeManagedLogin(async () => unsignedToken({ sub: `person-${++minted}`, exp: 2_000_000_000 }), 'cli-client');
});
afterEach(() => login.stop());

/** What the person's browser does: show the sign-in page, which redirects back to the listener. */
async function browser(url: string): Promise<Response> {
  const signInPage = await fetch(url, { redirect: 'manual' });
  expect(signInPage.status).toBe(302);
  return fetch(signInPage.headers.get('location')!);
}

const options = (open: (url: string) => Promise<unknown>) => ({
  signInUrl: login.url,
  clientId: 'cli-client',
  port: 0,
  timeoutMs: 5_000,
  open: async (url: string) => void open(url),
});

describe('npm run sign-in', () => {
  it('signs in through the browser with PKCE and a loopback redirect, and returns the ID token', async () => {
    let page: Promise<Response> | undefined;
    const tokens = await signInThroughBrowser(options((url) => (page = browser(url))));
    expect(claimsOf(tokens.id_token).sub).toBe(`person-${minted}`);
    expect(tokens.refresh_token).toBeTruthy();
    // The code was redeemed once, with the verifier the stand-in checked against the challenge.
    expect(login.calls).toEqual(['authorize', 'token:authorization_code']);
    const done = await page!;
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Signed in');
  });

  it('asks for the redirect the app client registers: localhost, the chosen port, /callback', async () => {
    let asked: URL | undefined;
    await signInThroughBrowser(
      options(async (url) => {
        asked = new URL(url);
        return browser(url);
      }),
    );
    expect(asked!.origin).toBe(login.url);
    expect(asked!.pathname).toBe('/oauth2/authorize');
    expect(asked!.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/callback$/);
    expect(asked!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked!.searchParams.get('client_id')).toBe('cli-client');
  });

  it('refuses a redirect with another state than it sent, and redeems nothing', async () => {
    const attempt = signInThroughBrowser(
      options(async (url) => {
        const redirectUri = new URL(url).searchParams.get('redirect_uri')!;
        return fetch(`${redirectUri}?code=stolen&state=forged`);
      }),
    );
    await expect(attempt).rejects.toThrow(/another state/);
    expect(login.calls).toEqual([]);
  });

  it('says so when the person cancels on the sign-in page', async () => {
    login.refuseWith = 'access_denied';
    await expect(signInThroughBrowser(options(browser))).rejects.toThrow(/refused: access_denied/);
    expect(login.calls).toEqual(['authorize']);
  });

  it('gives up when nobody signs in in time', async () => {
    await expect(signInThroughBrowser({ ...options(async () => undefined), timeoutMs: 200 })).rejects.toThrow(/no sign-in within 0.2 s/);
  });
});
