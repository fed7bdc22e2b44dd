// A stand-in for Cognito's managed login on 127.0.0.1, enough to prove the clients' side of the code flow:
// /oauth2/authorize signs the person in at once and redirects back with a code and the client's state;
// /oauth2/token redeems a code only with the verifier whose S256 digest the authorize request carried, for
// the same client and redirect URI, once; it renews ID tokens for its refresh tokens; /logout redirects
// to the logout URI. Tokens come from `mint` (the local issuer, so the local API accepts them).
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeManagedLogin {
  readonly url: string;
  readonly clientId: string;
  /** What each endpoint was asked, in order: `authorize`, `token:authorization_code`, `token:refresh_token`, `logout`. */
  readonly calls: string[];
  /** When set, /oauth2/authorize answers with this error instead of a code (a person who cancelled). */
  refuseWith?: string;
  stop(): Promise<void>;
}

interface Pending {
  readonly challenge: string;
  readonly redirectUri: string;
}

const base64url = (bytes: Buffer) => bytes.toString('base64url');

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startFakeManagedLogin(mint: () => Promise<string>, clientId = 'console-client'): Promise<FakeManagedLogin> {
  const codes = new Map<string, Pending>();
  const refreshTokens = new Set<string>();
  const calls: string[] = [];

  const json = (response: ServerResponse, status: number, body: unknown) => {
    // Cognito's token endpoint answers browsers of any origin.
    response.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    response.end(JSON.stringify(body));
  };
  const redirect = (response: ServerResponse, location: string) => {
    response.writeHead(302, { location });
    response.end();
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const query = url.searchParams;
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' });
      return response.end();
    }
    if (url.pathname === '/oauth2/authorize') {
      calls.push('authorize');
      const redirectUri = query.get('redirect_uri') ?? '';
      const back = new URL(redirectUri);
      if (query.get('client_id') !== clientId || query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256') {
        return json(response, 400, { error: 'invalid_request' });
      }
      if (fake.refuseWith) {
        back.searchParams.set('error', fake.refuseWith);
      } else {
        const code = randomUUID();
        codes.set(code, { challenge: query.get('code_challenge') ?? '', redirectUri });
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', query.get('state') ?? '');
      return redirect(response, back.toString());
    }
    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      const form = await formOf(request);
      const grant = form.get('grant_type');
      calls.push(`token:${grant}`);
      if (form.get('client_id') !== clientId) return json(response, 400, { error: 'invalid_client' });
      if (grant === 'authorization_code') {
        const pending = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const digest = base64url(
          createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest(),
        );
        if (!pending || pending.challenge !== digest || pending.redirectUri !== form.get('redirect_uri')) {
          return json(response, 400, { error: 'invalid_grant' });
        }
        const refreshToken = randomUUID();
        refreshTokens.add(refreshToken);
        return json(response, 200, { id_token: await mint(), access_token: 'unused', refresh_token: refreshToken, expires_in: 3600 });
      }
      if (grant === 'refresh_token' && refreshTokens.has(form.get('refresh_token') ?? '')) {
        return json(response, 200, { id_token: await mint(), access_token: 'unused', expires_in: 3600 });
      }
      return json(response, 400, { error: 'invalid_grant' });
    }
    if (url.pathname === '/logout') {
      calls.push('logout');
      return redirect(response, query.get('logout_uri') ?? '/');
    }
    json(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeManagedLogin = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    clientId,
    calls,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}
