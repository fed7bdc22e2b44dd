// The OAuth 2.0 authorization code flow with PKCE (RFC 7636) against Cognito's managed login, shared by
// the console and the command-line sign-in: both are public clients, so a per-sign-in verifier, not a
// client secret, proves that whoever redeems the code is whoever asked for it. Web Crypto only, so it
// runs in browsers and in Node alike.

export interface Tokens {
  readonly id_token: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
}

/** Where a client signs in: the sign-in domain's origin, its app client and its registered redirect. */
export interface SignInClient {
  /** e.g. `https://village-direct-prod-111122223333.auth.ap-east-1.amazoncognito.com` */
  readonly signInUrl: string;
  readonly clientId: string;
  readonly redirectUri: string;
}

export const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

const random = (length: number) => base64url(crypto.getRandomValues(new Uint8Array(length)));

/** A fresh verifier (64 characters), its S256 challenge, and a state to match the redirect against. */
export async function newChallenge(): Promise<{ verifier: string; challenge: string; state: string }> {
  const verifier = random(48);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)), state: random(16) };
}

export function authorizeUrl(client: SignInClient, challenge: string, state: string): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${client.signInUrl}/oauth2/authorize?${query}`;
}

export function logoutUrl(client: SignInClient): string {
  return `${client.signInUrl}/logout?${new URLSearchParams({ client_id: client.clientId, logout_uri: client.redirectUri })}`;
}

/** Redeems a code (with its verifier) or a refresh token at the token endpoint. */
export async function tokenRequest(client: SignInClient, form: Record<string, string>): Promise<Tokens> {
  const response = await fetch(`${client.signInUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: client.clientId, ...form }),
  });
  const body = (await response.json().catch(() => ({}))) as Partial<Tokens> & { error?: string };
  if (!response.ok || typeof body.id_token !== 'string') {
    throw new Error(`the token endpoint answered ${response.status}${body.error ? ` (${body.error})` : ''}`);
  }
  return body as Tokens;
}

export const redeemCode = (client: SignInClient, code: string, verifier: string) =>
  tokenRequest(client, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: client.redirectUri });

/** The claims of a JWT, unverified: the API verifies tokens; clients only read who they belong to. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}
