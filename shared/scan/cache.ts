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
