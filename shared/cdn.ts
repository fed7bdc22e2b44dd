// Removes paths from the CDN's caches, so a recall reaches shoppers within a minute instead of
// waiting out the scan response's s-maxage.
import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';

export type Invalidate = (paths: readonly string[]) => Promise<void>;

export function cloudFrontInvalidator(distributionId: string, client = new CloudFrontClient({})): Invalidate {
  return async (paths) => {
    await client.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: { CallerReference: randomUUID(), Paths: { Quantity: paths.length, Items: [...paths] } },
      }),
    );
  };
}

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
