// Uploads the built shopper page and console to their bucket on every deploy and drops the CDN's cached
// copies. The console's page and configuration carry deploy-time values (the sign-in domain, its client).
import { type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

export interface PageDeploymentProps {
  /** The built page folder. */
  readonly directory: string;
  /**
   * The console's files that only the deployment knows: its index.html with the sign-in domain in its
   * CSP, and its configuration (the sign-in domain and the console's app client).
   */
  readonly console: { readonly indexHtml: string; readonly config: Record<string, string> };
  /**
   * The bucket the distribution serves the page from. Its policy must already be in this stack
   * (ShopperCdn puts it there), since the upload's write access is added to it.
   */
  readonly bucket: IBucket;
  /** The distribution whose cached page is invalidated after the upload. */
  readonly distribution: IDistribution;
  /** How long the upload function's log events are kept. */
  readonly logRetention: RetentionDays;
  /** Whether the upload function's log group outlives its stack. */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * A BucketDeployment whose function may do exactly what the upload does, instead of what
 * BucketDeployment grants by default (wildcard S3 actions on both buckets and invalidations of
 * every distribution in the account): read this page's asset, list the page bucket and put
 * objects in it, and invalidate this distribution.
 */
export class PageDeployment extends Construct {
  constructor(scope: Construct, id: string, props: PageDeploymentProps) {
    super(scope, id);
    const { bucket, distribution } = props;

    const logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    logGroup.grantWrite(role);

    const files = new Asset(this, 'Files', { path: props.directory });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:GetObject'], resources: [files.bucket.arnForObjects(files.s3ObjectKey)] }),
    );
    distribution.grantCreateInvalidation(role);
    distribution.grant(role, 'cloudfront:GetInvalidation');
    // `aws s3 sync` lists the destination and puts each file (multipart for large ones). Granted in
    // the bucket's policy, which already says who else may use the page bucket.
    const write = bucket.addToResourcePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], principals: [role], resources: [bucket.bucketArn] }),
    );
    bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        principals: [role],
        resources: [bucket.arnForObjects('*')],
      }),
    );

    // Its own grants are left out (withoutPolicyUpdates) in favour of the ones above.
    const uploadRole = role.withoutPolicyUpdates();
    const upload = new BucketDeployment(this, 'Upload', {
      // Later sources win: the console's deploy-time page and configuration replace the built ones.
      sources: [
        Source.bucket(files.bucket, files.s3ObjectKey),
        Source.data('console/index.html', props.console.indexHtml),
        Source.jsonData('console/config.json', props.console.config),
      ],
      destinationBucket: bucket,
      // A page cached (or open) from before this deploy may still ask for files it was built with.
      prune: false,
      // Browsers keep the page 5 minutes; the CDN keeps it a day, and this deployment invalidates it.
      cacheControl: [CacheControl.fromString('public, max-age=300, s-maxage=86400')],
      // Every page route is rewritten to /index.html before the cache lookup, so this one path is
      // the CDN's only copy of the page.
      distribution,
      distributionPaths: ['/index.html', '/console/*'],
      role: uploadRole,
      logGroup,
      memoryLimit: 256,
    });
    // The console's two files become assets of the upload (Asset1, Asset2); it may read those keys too.
    for (const data of upload.node.children.filter((child): child is Asset => child instanceof Asset)) {
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [data.bucket.arnForObjects(data.s3ObjectKey)] }),
      );
    }
    upload.node.addDependency(role);
    if (write.policyDependable) upload.node.addDependency(write.policyDependable);

    // BucketDeployment's function is a singleton at the root of the stack, not below this construct.
    const handler = Stack.of(this).node.children.find((child) => child instanceof LambdaFunction && child.role === uploadRole);
    if (!handler) throw new Error('BucketDeployment created no function with the upload role');
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        "aws-cdk-lib fixes the runtime of BucketDeployment's function (Python, with the AWS CLI layer) " +
        'and moves it forward with the library version; the function runs only during deployments.',
    });
  }
}
