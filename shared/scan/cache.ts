// What the CDN caches of a lot, and the port through which a recall makes it forget.

/** Removes paths from the CDN's caches. */
export type Invalidate = (paths: readonly string[]) => Promise<void>;

/** Nothing to invalidate where nothing caches (the local server). */
export const noInvalidation: Invalidate = async () => undefined;

/**
 * The cached paths that show a lot. Only the scan lookup holds lot data: the page routes (`/l/…`,
 * `/01/…/10/…`) are rewritten to the one static `/index.html` before the cache lookup, so they share
 * a cache entry that says nothing about any lot and invalidating them would change nothing.
 */
export function lotPaths(lot: { lotCode: string }): string[] {
  return [`/api/v1/scan/${lot.lotCode}`];
}

/**
 * The most scan paths one recall invalidates one by one. CloudFront allows 3,000 path invalidations in
 * progress per distribution (and 15 wildcard ones) and charges each path past the first 1,000 a month,
 * so a larger recall invalidates the whole scan prefix at once: one wildcard path, and every lot's next
 * scan goes to the origin once (Origin Shield collapses them to one request per lot).
 */
export const MAX_RECALL_PATHS = 1000;

/** The paths that forget the recalled lots' scans: each one's, or the scan prefix for a large recall. */
export function recallPaths(lotCodes: readonly string[]): string[] {
  return lotCodes.length <= MAX_RECALL_PATHS ? lotCodes.flatMap((lotCode) => lotPaths({ lotCode })) : ['/api/v1/scan/*'];
}
