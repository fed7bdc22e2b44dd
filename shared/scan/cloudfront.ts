// The CloudFront adapter of `Invalidate`: a recall reaches shoppers within a minute instead of
// waiting out the scan response's s-maxage.
import { randomUUID } from 'node:crypto';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import type { Invalidate } from './cache';

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
