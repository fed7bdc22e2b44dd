// One Lambda function per route group, all built the same way: the runtime, architecture, bundle,
// tracing, log group and permissions are decided here once instead of in every stack.
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config';
import type { SingleTable } from './table';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type TableAccess = 'read' | 'readWrite';

/**
 * Item actions each access level needs. Written out rather than taken from `grantReadData`, which
 * adds Scan and `index/*`: no function scans the table, and the indexes are named one by one.
 * TransactWriteItems and TransactGetItems are authorized through the item actions they contain.
 */
const readActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const itemActions: Record<TableAccess, readonly string[]> = {
  read: readActions,
  readWrite: [...readActions, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
};

/**
 * SDK credential providers for profiles, SSO, credential processes and web identity. Lambda hands
 * the function its role's credentials in environment variables, which the chain tries first, so
 * these are never loaded there. Left out, they take the SSO and STS clients with them (~115 KB).
 */
const unusedCredentialProviders = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
];

export interface ApiFunctionProps {
  /** Absolute path of the module that exports `handler`. */
  readonly entry: string;
  /** What the function is for, shown in the Lambda console. */
  readonly description: string;
  /** The base URL of shoppers' QR codes and labels, passed to the function as PUBLIC_BASE_URL. */
  readonly publicBaseUrl: string;
  /** How long the function's log events are kept. */
  readonly logRetention: RetentionDays;
  /** Whether the function's log group outlives its stack. */
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * Memory, which also sets the CPU share: cold starts spend their time parsing the bundle.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Well under the HTTP API's 30-second integration limit, so a stuck call ends as a logged
   * timeout rather than an anonymous 503 from API Gateway.
   * @default Duration.seconds(10)
   */
  readonly timeout?: Duration;
}

/** A bundled Node.js function with its own log group and a role that can do only what it is bound to. */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: IRole;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    // An own role instead of the default one, which carries the AWS managed basic-execution policy
    // (logs to any group in the account): this one may write to its own log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: { [ENV.publicBaseUrl]: props.publicBaseUrl },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: false,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(); ESM output has none unless it is created.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // The SDK version is the lockfile's, not whichever one the runtime happens to ship; only the
        // credential providers Lambda never loads stay out.
        bundleAwsSDK: true,
        externalModules: unusedCredentialProviders,
      },
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions; every other statement of this role names its resources.',
    });
  }

  /** Lets the function use the table with the given access and tells it the table's name. */
  bindTable(table: SingleTable, access: TableAccess): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: [...itemActions[access]], resources: [table.tableArn] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: table.indexArns }),
    );
    this.function.addEnvironment(ENV.tableName, table.tableName);
  }
}
