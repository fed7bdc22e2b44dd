// `npm run sign-in -- --domain <sign-in domain> --client-id <id> [--save <file>] [--no-browser]`: signs in
// through the stage's managed login (the stack outputs SignInDomain and CommandLineClientId) and prints an
// ID token for the API, e.g. TOKEN=$(npm run -s sign-in -- …); curl -H "authorization: Bearer $TOKEN" ….
// Everything but the token goes to stderr.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { claimsOf } from '../web/console/oauth';
import { signInThroughBrowser } from './sign-in/loopback';

/** The loopback port of the command line's app client (CLI_REDIRECT in the infrastructure). */
const PORT = 8976;

function openBrowser(url: string): void {
  const [command, ...args] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '', url] : ['xdg-open', url];
  spawn(command!, args, { stdio: 'ignore', detached: true })
    .on('error', () => {})
    .unref();
}

const { values } = parseArgs({
  options: {
    domain: { type: 'string' },
    'client-id': { type: 'string' },
    save: { type: 'string' },
    'no-browser': { type: 'boolean', default: false },
  },
});
if (!values.domain || !values['client-id']) {
  console.error(
    'usage: npm run sign-in -- --domain <SignInDomain output> --client-id <CommandLineClientId output> [--save <file>] [--no-browser]',
  );
  process.exit(2);
}
const signInUrl = /^https?:\/\//.test(values.domain) ? values.domain.replace(/\/+$/, '') : `https://${values.domain}`;

try {
  const tokens = await signInThroughBrowser({
    signInUrl,
    clientId: values['client-id'],
    port: PORT,
    timeoutMs: 5 * 60_000,
    open: (url) => {
      console.error(`Sign in in your browser. If it did not open, go to:\n\n  ${url}\n`);
      if (!values['no-browser']) openBrowser(url);
    },
  });
  const expiresAt = new Date(Number(claimsOf(tokens.id_token).exp) * 1000).toISOString();
  if (values.save) {
    writeFileSync(
      values.save,
      `${JSON.stringify({ idToken: tokens.id_token, refreshToken: tokens.refresh_token, expiresAt }, null, 2)}\n`,
      {
        mode: 0o600,
      },
    );
    console.error(`Signed in; the tokens are in ${values.save} (ID token valid until ${expiresAt}).`);
  } else {
    console.error(`Signed in; the ID token below is valid until ${expiresAt}.`);
  }
  process.stdout.write(`${tokens.id_token}\n`);
} catch (error) {
  console.error(`Sign-in failed: ${(error as Error).message}`);
  process.exit(1);
}
