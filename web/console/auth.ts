// Who is signed in, and how. In AWS: Cognito's managed login with the authorization code flow and PKCE
// (the console is a public client, so the verifier proves the code is ours); the ID token is what the
// API's authorizer accepts, and the refresh token renews it. Locally: the local server's dev tokens.
// The session is kept on the device (village staff must be able to record lots offline and reload).
import { authorizeUrl, claimsOf, logoutUrl, newChallenge, redeemCode, type SignInClient, tokenRequest } from './oauth';
import { signal } from './state';

export type AuthConfig = { readonly mode: 'local' } | ({ readonly mode: 'cognito' } & SignInClient);

export interface Session {
  readonly idToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly role: 'ops' | 'village';
  readonly villageId?: string;
  readonly name: string;
}

const SESSION = 'console.session';
const PKCE = 'console.pkce';

export const session = signal<Session | undefined>(load());
/** Set when the API refused the token: the UI asks for a new sign-in, queued lots stay queued. */
export const expired = signal(false);
let config: AuthConfig = { mode: 'local' };

function load(): Session | undefined {
  try {
    return JSON.parse(localStorage.getItem(SESSION) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

function store(next: Session | undefined): void {
  if (next) localStorage.setItem(SESSION, JSON.stringify(next));
  else localStorage.removeItem(SESSION);
  expired.set(false);
  session.set(next);
}

function sessionOf(idToken: string, refreshToken?: string): Session {
  const claims = claimsOf(idToken);
  const groups = claims['cognito:groups'];
  const list = Array.isArray(groups)
    ? groups.map(String)
    : String(groups ?? '')
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/);
  const villageId = typeof claims['custom:villageId'] === 'string' ? (claims['custom:villageId'] as string) : undefined;
  return {
    idToken,
    refreshToken,
    expiresAt: Number(claims.exp ?? 0) * 1000,
    role: list.includes('ops') ? 'ops' : 'village',
    villageId,
    name: String(claims.email ?? claims['cognito:username'] ?? claims.sub ?? ''),
  };
}

export function sessionExpired(): void {
  expired.set(true);
}

/** The ID token to send, renewed first when it is about to expire and a refresh token is at hand. */
export async function currentToken(): Promise<string | undefined> {
  const current = session.get();
  if (!current) return undefined;
  if (current.expiresAt - Date.now() > 60_000 || config.mode !== 'cognito' || !current.refreshToken) return current.idToken;
  try {
    const tokens = await tokenRequest(config, { grant_type: 'refresh_token', refresh_token: current.refreshToken });
    store(sessionOf(tokens.id_token, current.refreshToken));
  } catch {
    // Offline, or the refresh token lapsed: the API will say so, and the UI asks for a sign-in.
  }
  return session.get()?.idToken;
}

/** Reads the configuration, and finishes a sign-in the page was redirected back from. */
export async function startAuth(): Promise<AuthConfig> {
  config = await fetch('config.json').then(
    (r) => (r.ok ? r.json() : { mode: 'local' }),
    () => ({ mode: 'local' }),
  );
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  const saved = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null') as { verifier: string; state: string } | null;
  if (config.mode === 'cognito' && code && saved && url.searchParams.get('state') === saved.state) {
    sessionStorage.removeItem(PKCE);
    const tokens = await redeemCode(config, code, saved.verifier);
    store(sessionOf(tokens.id_token, tokens.refresh_token));
    history.replaceState(null, '', url.pathname + url.hash);
  }
  const devRole = url.searchParams.get('devRole');
  if (config.mode === 'local' && (devRole === 'ops' || devRole === 'village')) {
    await devSignIn(devRole, url.searchParams.get('villageId') ?? undefined);
    history.replaceState(null, '', url.pathname + url.hash);
  }
  return config;
}

/** Cognito's managed login, with a PKCE challenge for this browser. */
export async function signIn(): Promise<void> {
  if (config.mode !== 'cognito') return;
  const { verifier, challenge, state } = await newChallenge();
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  location.assign(authorizeUrl(config, challenge, state));
}

/** Local server only: a dev token with the same claims Cognito's ID tokens carry. */
export async function devSignIn(role: 'ops' | 'village', villageId?: string): Promise<void> {
  const response = await fetch('/api/v1/local/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role === 'village' ? { role, villageId } : { role }),
  });
  const reply = await response.json();
  if (!response.ok) throw new Error(reply?.error?.details?.[0]?.message ?? reply?.error?.message ?? 'sign-in failed');
  store(sessionOf(reply.token));
}

export function signOut(): void {
  store(undefined);
  if (config.mode === 'cognito') location.assign(logoutUrl(config));
}
