// CloudFront's standard logs (v2), delivered to the log bucket in the stage's main region. Unlike the
// legacy logs, which CloudFront does not deliver to buckets in opt-in regions (ap-east-1 among them),
// v2 delivery goes to a bucket in any region. It is configured through CloudWatch Logs in us-east-1,
// whatever the bucket's region, so this construct lives in a us-east-1 stack.
import { Aws, Stack } from 'aws-cdk-lib';
import { CfnDelivery, CfnDeliveryDestination, CfnDeliverySource } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CDN_LOG_PREFIX } from '../../shared/demand/cdn-logs';

export { CDN_LOG_PREFIX };

/** Under the prefix, a folder per distribution and hour (UTC), as CloudFront fills in the variables. */
export const CDN_LOG_PARTITIONS = '{DistributionId}/{yyyy}/{MM}/{dd}/{HH}';

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
    // W3C, the format of CloudFront's legacy logs, which the scan-log worker reads: a `#Fields:` header
    // names the tab-separated fields once per file. A destination's format cannot change once it exists,
    // so this one has a name of its own (the JSON destination before it was `…-log-bucket`): CloudFormation
    // creates it and its delivery before it removes the old pair.
    const destination = new CfnDeliveryDestination(this, 'W3cDestination', {
      name: `${props.name}-cdn-log-files`,
      // The prefix is part of the destination: with a bare bucket CloudFront would put AWSLogs/{account}/
      // CloudFront/ before any suffix path.
      destinationResourceArn: `${props.logBucketArn}/${CDN_LOG_PREFIX}`,
      outputFormat: 'w3c',
    });
    const delivery = new CfnDelivery(this, 'W3cDelivery', {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.attrArn,
      fieldDelimiter: '\t',
      s3SuffixPath: CDN_LOG_PARTITIONS,
    });
    // Named, not referenced: the source must exist before the delivery is created.
    delivery.node.addDependency(source);
  }
}
