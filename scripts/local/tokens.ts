// The local stand-in for the Cognito user pool: it signs dev tokens with the same claims Cognito's
// ID tokens carry, and verifies them the way API Gateway's JWT authorizer would.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey, type JWK } from 'jose';
import * as z from 'zod';
import { CLAIM, GROUP } from '../../shared/auth';
import { BadRequest, issuesOf } from '../../shared/errors';
import { VillageId } from '../../shared/fields';

const ALG = 'ES256';
const AUDIENCE = 'village-direct-local';
const TTL_SECONDS = 12 * 3600;

export interface LocalIssuer {
  issue(role: 'ops' | 'village', villageId?: string, subject?: string): Promise<{ token: string; expiresAt: string }>;
  /** The claims as API Gateway hands them to Lambda: strings, with arrays flattened to "[a b]". */
  verify(token: string): Promise<Record<string, string>>;
}

/** A key kept in `keyFile` (when given) so tokens survive restarts of a persistent local stack. */
export async function createLocalIssuer(issuer: string, keyFile?: string): Promise<LocalIssuer> {
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  if (keyFile && existsSync(keyFile)) {
    const jwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
    const { d: _private, ...publicJwk } = jwk;
    publicKey = (await importJWK(publicJwk, ALG)) as CryptoKey;
  } else {
    ({ privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true }));
    if (keyFile) writeFileSync(keyFile, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  }

  return {
    async issue(role, villageId, subject = `local-${role}${villageId ? `-${villageId}` : ''}`) {
      const expires = Math.floor(Date.now() / 1000) + TTL_SECONDS;
      const token = await new SignJWT({
        token_use: 'id',
        [CLAIM.groups]: [role === 'ops' ? GROUP.ops : GROUP.village],
        ...(villageId ? { [CLAIM.villageId]: villageId } : {}),
      })
        .setProtectedHeader({ alg: ALG })
        .setSubject(subject)
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expires)
        .sign(privateKey);
      return { token, expiresAt: new Date(expires * 1000).toISOString() };
    },

    async verify(token) {
      const { payload } = await jwtVerify(token, publicKey, { issuer, audience: AUDIENCE, algorithms: [ALG] });
      return Object.fromEntries(
        Object.entries(payload).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
      );
    },
  };
}

/** The body of the local-only `POST /api/v1/local/dev-token`. */
export const DevTokenRequest = z.strictObject({
  role: z.enum(['ops', 'village']),
  villageId: VillageId.optional(),
});

/** The dev-token route's answer to a request body: a token, or the 400 the API would give. */
export async function devToken(issuer: LocalIssuer, body: string): Promise<{ status: number; body: unknown }> {
  let input: unknown;
  try {
    input = JSON.parse(body || '{}');
  } catch {
    return refusal(new BadRequest('The body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }], 'invalid_json'));
  }
  const parsed = DevTokenRequest.safeParse(input);
  if (!parsed.success) return refusal(BadRequest.invalid(issuesOf(parsed.error)));
  if ((parsed.data.role === 'village') !== (parsed.data.villageId !== undefined)) {
    return refusal(BadRequest.invalid([{ path: 'villageId', message: 'required for role village, and only for it' }]));
  }
  return { status: 200, body: await issuer.issue(parsed.data.role, parsed.data.villageId) };
}

const refusal = (error: BadRequest) => ({
  status: error.status,
  body: { error: { code: error.code, message: error.message, details: error.details } },
});
