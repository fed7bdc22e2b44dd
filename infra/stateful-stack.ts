// Data that must outlive any deployment of code: the table, the user pool, the buckets of the
// shopper page and its access logs, the export files, and the origin secret. The stateless stack can be redeployed, or destroyed and
// recreated, without touching any of them.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { consoleUrlOf, type StageConfig } from './config';
import { ExportsBucket } from './constructs/exports-bucket';
import { OriginSecret } from './constructs/origin-secret';
import { StaticSite } from './constructs/static-site';
import { SingleTable } from './constructs/table';
import { ProgramUserPool } from './constructs/user-pool';

/** The output the us-east-1 telemetry stack reads the log bucket from. */
export const LOG_BUCKET_ARN_OUTPUT = 'LogBucketArn';
/**
 * The same output's export, by a name of our own, which the stateless stack imports: a policy naming
 * objects of the bucket then reads the same in every template, so its acknowledgment can name it.
 */
export const logBucketArnExport = (stage: string) => `VillageDirect-${stage}-LogBucketArn`;

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

export class StatefulStack extends Stack {
  readonly table: SingleTable;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly pageBucket: Bucket;
  readonly logBucket: Bucket;
  /** The files exports write for regulators and partners. */
  readonly exportsBucket: ExportsBucket;
  /** What CloudFront sends the API and the functions check for, so the API's own URL leads nowhere. */
  readonly originSecret: ISecret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.table = new SingleTable(this, 'Table');

    const users = new ProgramUserPool(this, 'Users', {
      email: props.config.email,
      consoleUrl: props.config.domain && consoleUrlOf(`https://${props.config.domain.domainName}`),
    });
    this.userPool = users.userPool;
    this.userPoolClient = users.client;

    const site = new StaticSite(this, 'Site', { logRetention: props.config.logRetention });
    this.pageBucket = site.pageBucket;
    this.logBucket = site.logBucket;

    this.exportsBucket = new ExportsBucket(this, 'Exports', { logBucket: this.logBucket });

    this.originSecret = new OriginSecret(this, 'OriginSecret').secret;

    new CfnOutput(this, LOG_BUCKET_ARN_OUTPUT, {
      value: this.logBucket.bucketArn,
      exportName: logBucketArnExport(props.config.stage),
      description: "Where the CDN's standard logs and the page bucket's access logs land",
    });
    new CfnOutput(this, 'OriginSecretArn', {
      value: this.originSecret.secretArn,
      description: 'The secret CloudFront adds to API requests (rotate it as docs/operations.md says)',
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of ops and village staff' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.userPoolClient.userPoolClientId,
      description: 'App client whose ID tokens the API accepts',
    });
  }
}
