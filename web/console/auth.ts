// Who is signed in, and how. In AWS: Cognito's managed login with the authorization code flow and PKCE
// (the console is a public client, so the verifier proves the code is ours); the ID token is what the
// API's authorizer accepts, and the refresh token renews it. Locally: the local server's dev tokens.
// The session is kept on the device (village staff must be able to record lots offline and reload).
import { signal } from './state';

export type AuthConfig =
  | { readonly mode: 'local' }
  | { readonly mode: 'cognito'; readonly domain: string; readonly clientId: string; readonly redirectUri: string };

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

/** The claims of a JWT, unverified: the API verifies it; the console only reads the role from it. */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
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
    const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken });
    store(sessionOf(tokens.id_token, current.refreshToken));
  } catch {
    // Offline, or the refresh token lapsed: the API will say so, and the UI asks for a sign-in.
  }
  return session.get()?.idToken;
}

async function tokenRequest(form: Record<string, string>): Promise<{ id_token: string; refresh_token?: string }> {
  if (config.mode !== 'cognito') throw new Error('no token endpoint');
  const response = await fetch(`https://${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: config.clientId, ...form }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return response.json();
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

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
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      code_verifier: saved.verifier,
      redirect_uri: config.redirectUri,
    });
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
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  location.assign(`https://${config.domain}/oauth2/authorize?${query}`);
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
  if (config.mode === 'cognito') {
    const query = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri });
    location.assign(`https://${config.domain}/logout?${query}`);
  }
}
