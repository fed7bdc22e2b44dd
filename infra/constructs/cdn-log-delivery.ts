// CloudFront's standard logs (v2), delivered to the log bucket in the stage's main region. Unlike the
// legacy logs, which CloudFront does not deliver to buckets in opt-in regions (ap-east-1 among them),
// v2 delivery goes to a bucket in any region. It is configured through CloudWatch Logs in us-east-1,
// whatever the bucket's region, so this construct lives in a us-east-1 stack.
import { Aws, Stack } from 'aws-cdk-lib';
import { CfnDelivery, CfnDeliveryDestination, CfnDeliverySource } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Where in the log bucket the CDN's access logs land: what an S3-event reader of them filters on. */
export const CDN_LOG_PREFIX = 'cloudfront';

export interface CdnLogDeliveryProps {
  /** Unique per stage in the account: names the delivery source and destination. */
  readonly name: string;
  /** The distribution whose access logs are delivered. */
  readonly distributionId: string;
  /** The ARN of the log bucket (in any region), whose policy lets log delivery write (see StaticSite). */
  readonly logBucketArn: string;
}

/** A delivery source (the distribution), a destination (the log bucket) and the delivery between them. */
export class CdnLogDelivery extends Construct {
  constructor(scope: Construct, id: string, props: CdnLogDeliveryProps) {
    super(scope, id);
    if (Stack.of(this).region !== 'us-east-1') {
      throw new Error(`CloudFront log delivery is configured in us-east-1, not in ${Stack.of(this).region}`);
    }
    const source = new CfnDeliverySource(this, 'Source', {
      name: `${props.name}-cdn`,
      logType: 'ACCESS_LOGS',
      resourceArn: `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${props.distributionId}`,
    });
    const destination = new CfnDeliveryDestination(this, 'Destination', {
      name: `${props.name}-log-bucket`,
      destinationResourceArn: props.logBucketArn,
      // One JSON object per request: its fields are named in every line, so a reader needs no header.
      outputFormat: 'json',
    });
    const delivery = new CfnDelivery(this, 'Delivery', {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.attrArn,
      s3SuffixPath: CDN_LOG_PREFIX,
    });
    // Named, not referenced: the source must exist before the delivery is created.
    delivery.node.addDependency(source);
  }
}
