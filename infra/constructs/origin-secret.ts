// The secret CloudFront adds to every request it forwards to the API, so the functions can refuse
// requests sent to the API's own URL, around the WAF and the cache. Kept in Secrets Manager and read
// by CloudFormation when the stateless stack deploys (a dynamic reference): it is in CloudFront's
// origin configuration and in the functions' environment, never in a template or in the code.
import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { MIN_ORIGIN_SECRET_LENGTH } from '../../shared/config';

/** A generated `{"current": …}` secret; ops rotate it by hand (docs/operations.md) in three deploys. */
export class OriginSecret extends Construct {
  readonly secret: ISecret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const secret = new Secret(this, 'Resource', {
      description: 'The x-origin-verify value CloudFront sends the API ("current"), and any value also accepted during a rotation',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'current',
        excludePunctuation: true,
        passwordLength: Math.max(48, MIN_ORIGIN_SECRET_LENGTH),
      },
      // Nothing depends on its value surviving: a new stack generates a new one, and the next deploy
      // of the stateless stack hands it to CloudFront and the functions together.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'A rotation must reach CloudFront and every function in a set order (functions accept the new value, ' +
        'then CloudFront sends it, then the old one is dropped), each step a deploy of the stateless stack that ' +
        'resolves the secret again. A rotation function could only change them behind CloudFormation. Ops rotate ' +
        'it with the documented three-step procedure.',
    });
    this.secret = secret;
  }
}

/**
 * The secret's text as CloudFormation resolves it at deploy time: the whole JSON for the functions, or
 * one key of it for CloudFront. A `versionId` makes the reference (and so the resources that use it)
 * change, which is what makes CloudFormation read the secret again after a rotation step.
 */
export function originSecretReference(secret: ISecret, options: { jsonField?: string; versionId?: string } = {}): string {
  return SecretValue.secretsManager(secret.secretArn, options).unsafeUnwrap();
}
