// The bucket of export files for regulators and partners: private, encrypted, reachable over TLS only,
// its server access logged, and each file expired after a while (the records themselves stay in the
// table; a file is a copy made on request). Only the export worker writes it, and only the exports
// function presigns downloads from it, each under the `exports/` prefix (ApiFunction.bindExports).
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The prefix every export file is written under (shared/exports/export.ts, objectKeyOf). */
export const EXPORTS_PREFIX = 'exports/';

/**
 * The bucket as the stateless stack sees it: imported by export names of the stateful stack's own
 * choosing rather than CDK's generated ones, so the cdk-nag acknowledgment of the roles' `exports/*`
 * grants can name the resource it is about.
 */
export interface ExportsBucketRef {
  readonly bucket: IBucket;
  /** The export name of the bucket's ARN, as cdk-nag names the resource of an object grant. */
  readonly arnExportName: string;
}

export interface ExportsBucketProps {
  /** Where the bucket's server access logs go (under `exports-bucket/`). */
  readonly logBucket: IBucket;
  /**
   * How long a file is kept. A regulator gets the link within minutes; a later request makes a new file.
   * @default Duration.days(30)
   */
  readonly expiration?: Duration;
}

export class ExportsBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ExportsBucketProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 'exports-bucket/',
      lifecycleRules: [
        {
          expiration: props.expiration ?? Duration.days(30),
          // A worker that dies mid-upload leaves parts; they are aborted (and stop costing) after a day.
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stackName = Stack.of(this).stackName;
    this.arnExportName = `${stackName}-ExportsBucketArn`;
    this.nameExportName = `${stackName}-ExportsBucketName`;
    new CfnOutput(this, 'Arn', { value: this.bucket.bucketArn, exportName: this.arnExportName, description: 'The exports bucket' });
    new CfnOutput(this, 'Name', { value: this.bucket.bucketName, exportName: this.nameExportName, description: 'The exports bucket' });
  }

  readonly arnExportName: string;
  readonly nameExportName: string;

  /** The bucket in another stack of the same app, by its export names. */
  importInto(scope: Construct, id: string): ExportsBucketRef {
    const bucket = Bucket.fromBucketAttributes(scope, id, {
      bucketArn: Fn.importValue(this.arnExportName),
      bucketName: Fn.importValue(this.nameExportName),
    });
    return { bucket, arnExportName: this.arnExportName };
  }
}
