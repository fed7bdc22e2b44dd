// Tells requests that came through the CDN from those sent to the HTTP API's own URL, which would
// step around the WAF and the cache: CloudFront adds the origin secret to every request it forwards.
// Small and free of dependencies, so the scan function carries it too.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ORIGIN_HEADER } from '../../shared/config';

/** What a request that did not come through the CDN is told (403). */
export const NOT_FROM_CDN = 'Call the API through its public URL';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A check of a request's headers against the accepted secrets. Without any (the local server,
 * tests) every request passes; in Lambda the configuration reader has already refused to start
 * without them. Digests of equal length are compared in constant time, every accepted one each
 * time, so neither the value sent nor which secret it matches shows in the timing.
 */
export function originGuard(secrets: readonly string[] | undefined): (headers: Record<string, string | undefined> | undefined) => boolean {
  if (!secrets) return () => true;
  const accepted = secrets.map(digest);
  return (headers) => {
    const sent = digest(headers?.[ORIGIN_HEADER] ?? '');
    let matched = false;
    for (const secret of accepted) matched = timingSafeEqual(sent, secret) || matched;
    return matched;
  };
}
