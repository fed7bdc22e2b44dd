// The command-line sign-in, as `aws sso login` does it: the person signs in on Cognito's managed login in
// their browser, which redirects to a one-shot HTTP listener on the loopback interface; the listener takes
// the code, checks the state, and the code is redeemed with the PKCE verifier only this process knows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizeUrl, newChallenge, redeemCode, type Tokens } from '../../web/console/oauth';

export interface LoopbackSignIn {
  /** The sign-in domain's origin, e.g. `https://village-direct-prod-….auth.ap-east-1.amazoncognito.com`. */
  readonly signInUrl: string;
  readonly clientId: string;
  /** The loopback port registered in the app client's callback URL; 0 picks a free one (tests). */
  readonly port: number;
  /** Shows the sign-in page to the person: opens a browser, or prints the URL. */
  readonly open: (url: string) => void | Promise<void>;
  /** How long to wait for the person before giving up. */
  readonly timeoutMs: number;
}

const PAGE = (text: string) =>
  `<!doctype html><html lang="en"><meta charset="utf-8"><title>Village Direct sign-in</title><p>${text}</p></html>`;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Runs the flow to its end: the tokens, or an error that says what went wrong. */
export async function signInThroughBrowser(options: LoopbackSignIn): Promise<Tokens> {
  const { verifier, challenge, state } = await newChallenge();
  let settle!: { resolve: (code: string) => void; reject: (error: Error) => void };
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/callback') {
      response.writeHead(404).end();
      return;
    }
    const query = url.searchParams;
    const failure =
      query.get('state') !== state
        ? 'the sign-in came back with another state than this command sent; start again'
        : query.get('error')
          ? `the sign-in was refused: ${query.get('error')}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}`
          : query.get('code')
            ? undefined
            : 'the sign-in came back without a code';
    response.writeHead(failure ? 400 : 200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(PAGE(failure ? `Sign-in failed: ${failure}.` : 'Signed in. You can close this tab and go back to the terminal.'));
    if (failure) settle.reject(new Error(failure));
    else settle.resolve(query.get('code') as string);
  };

  // Browsers may reach "localhost" on either loopback address: listen on both when there is IPv6.
  const servers = [createServer(answer), createServer(answer)];
  const port = await listen(servers[0]!, options.port, '127.0.0.1');
  await listen(servers[1]!, port, '::1').catch(() => servers.pop()?.close());
  const client = { signInUrl: options.signInUrl, clientId: options.clientId, redirectUri: `http://localhost:${port}/callback` };
  const timer = setTimeout(() => settle.reject(new Error(`no sign-in within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  try {
    await options.open(authorizeUrl(client, challenge, state));
    return await redeemCode(client, await code, verifier);
  } finally {
    clearTimeout(timer);
    for (const server of servers) server.close();
  }
}
