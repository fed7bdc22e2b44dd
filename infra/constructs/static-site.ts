// The private bucket the shopper page is served from, and the bucket that keeps its access logs and
// the CDN's. The distribution that reads the page, and the bucket policy that lets it, are in the
// stateless stack (see ShopperCdn).
import { Aws, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { CDN_LOG_PREFIX } from '../../shared/demand/cdn-logs';

export interface StaticSiteProps {
  /** How long the access logs of the page bucket and of the CDN are kept. */
  readonly logRetention: RetentionDays;
}

/**
 * Both buckets are private, encrypted and kept when their stack is deleted (a non-empty bucket
 * could not be deleted anyway).
 */
export class StaticSite extends Construct {
  /** Holds the built page; only CloudFront (through Origin Access Control) and the deployment read it. */
  readonly pageBucket: Bucket;
  /**
   * Server access logs of the page bucket (`page-bucket/`) and CloudFront standard logs (`cloudfront/`),
   * in the stage's main region, where the scan-log worker reads the CDN's as they arrive.
   */
  readonly logBucket: Bucket;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    // S3 delivers the page bucket's access logs under a statement in the log bucket's policy, limited
    // to that bucket, rather than through the log-delivery group's ACL.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.logBucket = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // No ACLs: CloudFront's standard logs (v2) and the page bucket's access logs are both delivered
      // under this bucket's policy, and the account owns every object.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Every object created is told to EventBridge, where a rule of the stateless stack sends the CDN's log
    // files to the scan-log worker (CdnLogCounting): the bucket names no consumer, so the stacks stay apart.
    // Set on the bucket itself: `eventBridgeEnabled` would set it through a custom-resource function.
    (this.logBucket.node.defaultChild as CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };

    // CloudFront's standard logs (v2) are delivered by CloudWatch Logs' log delivery, configured in
    // us-east-1 whatever this bucket's region (CdnLogDelivery): only for this account's deliveries.
    const fromOwnLogDeliveries = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:us-east-1:${Aws.ACCOUNT_ID}:*` },
    };
    const logDelivery = new ServicePrincipal('delivery.logs.amazonaws.com');
    this.logBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CdnLogDeliveryAclCheck',
        principals: [logDelivery],
        actions: ['s3:GetBucketAcl'],
        resources: [this.logBucket.bucketArn],
        conditions: fromOwnLogDeliveries,
      }),
    );
    this.logBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CdnLogDeliveryWrite',
        principals: [logDelivery],
        actions: ['s3:PutObject'],
        resources: [this.logBucket.arnForObjects(`${CDN_LOG_PREFIX}/*`)],
        conditions: fromOwnLogDeliveries,
      }),
    );

    this.pageBucket = new Bucket(this, 'Page', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      // Every deployment overwrites index.html; versions let ops put back the previous page at once.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'page-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      // Not `enforceSSL`: that would create the bucket's policy here, and the bucket's one policy
      // must also name the distribution, which lives in the stateless stack.
    });
    Validations.of(this.pageBucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S10',
      reason:
        "The bucket's policy, with its deny of every request not made over TLS, is created in the " +
        'stateless stack next to the distribution whose Origin Access Control it names; created here it ' +
        'would make the two stacks depend on each other. The infra tests check that deny.',
    });
  }
}
