// Authenticating what a store posts: its Standard Webhooks signature, checked against the store's
// secrets before the body is parsed. Every store webhook goes through here.
import type { Clock } from '../deps';
import { Unauthorized } from '../errors';
import type { StoreRepository } from './store';
import { type SignedHeaders, signedHeaders, verifySignature } from './webhooks';

const SECRET_CACHE_MS = 60_000;

/**
 * Store secrets cached per container for a minute, so a delivery costs no secret read while the cache
 * is warm. `fresh` skips the cache: a signature that fails against cached secrets is checked once more
 * against fresh ones, so a just-rotated secret works at once.
 */
export function createSecretCache({ stores, now }: { stores: StoreRepository } & Clock, ttlMs = SECRET_CACHE_MS) {
  const cache = new Map<string, { secrets: string[]; until: number }>();
  return async (storeId: string, fresh = false): Promise<{ secrets: string[]; cached: boolean }> => {
    const hit = cache.get(storeId);
    if (!fresh && hit && hit.until > now().getTime()) return { secrets: hit.secrets, cached: true };
    const secrets = await stores.secretsOf(storeId, now());
    if (secrets.length > 0) cache.set(storeId, { secrets, until: now().getTime() + ttlMs });
    else cache.delete(storeId);
    return { secrets, cached: false };
  };
}

export type SecretSource = ReturnType<typeof createSecretCache>;

/** The delivery's signed headers once one of the store's secrets verifies it; 401 otherwise, before any write. */
export async function authenticateDelivery(
  secretsOf: SecretSource,
  now: () => Date,
  storeId: string,
  headers: Readonly<Record<string, string | undefined>>,
  body: string,
): Promise<SignedHeaders> {
  const signed = signedHeaders(headers);
  let { secrets, cached } = await secretsOf(storeId);
  let verdict = secrets.length ? verifySignature(secrets, signed, body, now()) : 'bad_signature';
  if (verdict === 'bad_signature' && cached) {
    ({ secrets } = await secretsOf(storeId, true));
    verdict = verifySignature(secrets, signed, body, now());
  }
  if (secrets.length === 0) throw new Unauthorized('No webhook secret is registered for this store');
  if (verdict === 'bad_timestamp') throw new Unauthorized('webhook-timestamp is more than 5 minutes from now');
  if (verdict === 'bad_signature') throw new Unauthorized('No signature matches this store’s secret');
  return signed;
}
