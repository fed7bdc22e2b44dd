// One Lambda function per route group, all built the same way: the runtime, architecture, bundle
// (bundling.ts), tracing, log group and permissions are decided here once instead of in every stack.
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { Effect, type IRole, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/metrics';
import { ENV } from '../../shared/config';
import { FUNCTION_RUNTIME, functionBundling } from './bundling';
import type { ExportsBucketRef } from './exports-bucket';
import { secretPartitions, type SingleTable } from './table';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The Powertools service of every function: the `service` key of its log lines and the `service`
 * dimension of its metrics, which the alarms and the dashboard select on.
 */
export const POWERTOOLS_SERVICE_NAME = SERVICE_NAME;

/**
 * Powertools settings of every function. The service and namespace repeat what the functions'
 * logger and metrics are built with, so a module that forgets to pass them still logs and counts
 * where the dashboard looks. POWERTOOLS_METRICS_DISABLED and POWERTOOLS_DEV (which disables
 * metrics too) are never set here: they are for local runs and tests.
 */
const powertoolsEnvironment = {
  POWERTOOLS_SERVICE_NAME,
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
};

/** The item actions the functions' code sends (TransactWriteItems is authorized as the actions it contains). */
type ItemAction = 'GetItem' | 'BatchGetItem' | 'Query' | 'ConditionCheckItem' | 'PutItem' | 'UpdateItem';

/** Item actions allowed only on items whose partition key starts with one of `partitions`. */
export interface ItemGrant {
  readonly actions: readonly ItemAction[];
  /** Partition-key prefixes, such as `LOT#`. */
  readonly partitions: readonly string[];
}

/** Item actions on every partition of the table except the secret ones. */
export interface WholeTableGrant {
  /** The item actions the function sends. No function is granted Scan, DeleteItem or the batch writes. */
  readonly everyPartition: readonly ItemAction[];
  /**
   * Whether it queries the indexes, which are named one by one (never `index/*`).
   * @default false
   */
  readonly queriesIndexes?: boolean;
  /**
   * Whether it writes store secrets (creating and rotating them). Every other function is explicitly
   * denied writing them, whatever else it is allowed.
   * @default false
   */
  readonly writesSecrets?: boolean;
}

/**
 * How much of the table a function may use: the listed actions on every partition but the secret
 * ones, or `only` the listed actions on the listed partitions (secret ones included if listed), and
 * no index.
 */
export type TableAccess = WholeTableGrant | { readonly only: readonly ItemGrant[] };

/**
 * What the denies name: every action that reads items, and every one that writes them, granted or not,
 * so a grant widened later still cannot reach a secret. TransactGetItems and TransactWriteItems are
 * checked as the item actions they contain; Scan names no keys, so no key condition could deny it.
 */
const readActions = ['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'];
const writeActions = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'];
/** Writes that can answer with the item's attributes, through `ReturnValues`. */
const writesThatReturnItems = ['PutItem', 'UpdateItem', 'DeleteItem'];

const iamActions = (actions: readonly string[]) => actions.map((action) => `dynamodb:${action}`);
/** `dynamodb:LeadingKeys` holds the partition key of every item a request names. */
const leadingKeys = (prefixes: readonly string[]) => ({ 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) });

export interface ApiFunctionProps {
  /** Absolute path of the module that exports `handler`. */
  readonly entry: string;
  /** What the function is for, shown in the Lambda console. */
  readonly description: string;
  /** The base URL of shoppers' QR codes and labels, passed to the function as PUBLIC_BASE_URL. */
  readonly publicBaseUrl: string;
  /** The stage the function serves, passed as STAGE: the `stage` dimension of its business metrics. */
  readonly stage: string;
  /**
   * The origin secret's JSON (a deploy-time reference), passed as ORIGIN_SECRETS: the function refuses
   * requests whose x-origin-verify header carries none of its values.
   * @default - none: the function serves no requests (a job worker)
   */
  readonly originSecrets?: string;
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
   * X-Ray tracing. The role is granted X-Ray's write actions only when it is active.
   * @default Tracing.ACTIVE
   */
  readonly tracing?: Tracing;
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
  /** How long an invocation may run before Lambda stops it. */
  readonly timeout: Duration;

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
    const tracing = props.tracing ?? Tracing.ACTIVE;
    this.timeout = props.timeout ?? Duration.seconds(10);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: this.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing,
      environment: {
        ...powertoolsEnvironment,
        [ENV.publicBaseUrl]: props.publicBaseUrl,
        [ENV.stage]: props.stage,
        ...(props.originSecrets === undefined ? {} : { [ENV.originSecrets]: props.originSecrets }),
      },
      bundling: functionBundling,
    });

    if (tracing === Tracing.ACTIVE) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
          'resource-level permissions; every other statement of this role names its resources.',
      });
    }
  }

  /** Lets the function invalidate paths of the distribution, and only that one, and tells it its id. */
  bindDistribution(distribution: IDistribution): void {
    distribution.grantCreateInvalidation(this.role);
    this.function.addEnvironment(ENV.distributionId, distribution.distributionId);
  }

  /**
   * Lets the function write export files (the worker) or read them, which a presigned GET it mints needs
   * (the exports function), under the exports prefix only, and tells it the bucket's name.
   */
  bindExports({ bucket, arnExportName }: ExportsBucketRef, prefix: string, access: 'write' | 'read'): void {
    const objects = bucket.arnForObjects(`${prefix}*`);
    // PutObject covers a multipart upload's create, parts and completion; an abandoned one is aborted.
    const actions = access === 'write' ? ['s3:PutObject', 's3:AbortMultipartUpload'] : ['s3:GetObject'];
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [objects] }));
    this.function.addEnvironment(ENV.exportsBucket, bucket.bucketName);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arnExportName}/${prefix}*]`,
      reason: `Export files are named by export id under ${prefix}; the role reaches those objects, with ${actions.join(' and ')} only.`,
    });
  }

  /** Lets the function use the table with the given access and tells it the table's name. */
  bindTable(table: SingleTable, access: TableAccess): void {
    if ('only' in access) for (const grant of access.only) this.grantItems(table, grant);
    else this.grantWholeTable(table, access);
    // Store secrets are created and rotated by the catalogue function alone. Explicit, so that no
    // later grant to another function (a partition added to a list, a new whole-table action) can
    // let it overwrite a store's secret. ForAnyValue: one secret key in a batch is enough to deny.
    if ('only' in access || !access.writesSecrets) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: iamActions(writeActions),
          resources: [table.tableArn],
          conditions: { 'ForAnyValue:StringLike': leadingKeys(secretPartitions) },
        }),
      );
    }
    this.function.addEnvironment(ENV.tableName, table.tableName);
  }

  /**
   * ForAllValues: every item the request names must be in a granted partition. (With no key at
   * all it would match, but every granted action names the items it touches.)
   */
  private grantItems(table: SingleTable, grant: ItemGrant): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: iamActions(grant.actions),
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': leadingKeys(grant.partitions) },
      }),
    );
  }

  private grantWholeTable(table: SingleTable, access: WholeTableGrant): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: iamActions(access.everyPartition), resources: [table.tableArn] }));
    if (access.queriesIndexes) {
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: table.indexArns }));
    }

    // Secret items stay unreadable even though the rest of the table is not. ForAnyValue: a request
    // is denied as soon as one item it names is secret (a BatchGetItem that mixes in a secret key, say).
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: iamActions(readActions),
        resources: [table.tableArn, ...table.indexArns],
        conditions: { 'ForAnyValue:StringLike': leadingKeys(secretPartitions) },
      }),
    );
    // Nor can a write read them back through ReturnValues (the catalogue writes secrets).
    // dynamodb:ReturnValues is single-valued, so plain StringEquals: a request without ReturnValues
    // has no such key and is not denied. DynamoDB documents no condition key for
    // ReturnValuesOnConditionCheckFailure, so a failed conditional write could still return a secret
    // item; the repository never asks for it on secret items.
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: iamActions(writesThatReturnItems),
        resources: [table.tableArn],
        conditions: {
          'ForAnyValue:StringLike': leadingKeys(secretPartitions),
          StringEquals: { 'dynamodb:ReturnValues': ['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] },
        },
      }),
    );
  }
}
