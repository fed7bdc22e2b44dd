// Code and its front doors: one function per route group behind the HTTP API, and the CloudFront
// distribution that serves shoppers the page and the cached scan lookup. Everything here can be
// replaced on any deploy; the data it uses comes in from the stateful stack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { functionGroups, routeList, type FunctionGroup } from '../shared/routes';
import { consoleUrlOf, type StageConfig } from './config';
import type { EdgeStack } from './edge-stack';
import { ENV } from '../shared/config';
import { withAuthOrigin } from '../web/console/build';
import { ApiFunction } from './constructs/api-function';
import { exportWorkerAccess, groups, recallWorkerAccess } from './function-groups';
import { ShopperCdn } from './constructs/cdn';
import { CdnLogCounting } from './constructs/cdn-log-counting';
import { DemandAggregator } from './constructs/demand-aggregator';
import { ConsoleSignIn } from './constructs/console-sign-in';
import { EXPORTS_PREFIX, type ExportsBucket } from './constructs/exports-bucket';
import { ProgramHttpApi } from './constructs/http-api';
import { JobQueue } from './constructs/job-queue';
import { Observability } from './constructs/observability';
import { originSecretReference } from './constructs/origin-secret';
import { PageDeployment } from './constructs/page-deployment';
import type { SingleTable } from './constructs/table';
import type { ShopperPage } from './shopper-page';
import { logBucketArnExport } from './stateful-stack';

/** The output the us-east-1 telemetry stack reads the distribution from. */
export const DISTRIBUTION_ID_OUTPUT = 'DistributionId';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: SingleTable;
  readonly userPool: UserPool;
  readonly userPoolClient: IUserPoolClient;
  /** The private bucket the page is served from. */
  readonly pageBucket: Bucket;
  /** Where the CDN's standard logs land, and tell EventBridge they did. */
  readonly logBucket: Bucket;
  /** Where export files are written and downloaded from (imported by its export names). */
  readonly exportsBucket: ExportsBucket;
  /** The secret CloudFront sends the API (its `current` key) and the functions accept (all its keys). */
  readonly originSecret: ISecret;
  /** The built shopper page. */
  readonly page: ShopperPage;
  /** The stage's us-east-1 stack: the web ACL the distribution uses, deployed before this stack. */
  readonly edge: EdgeStack;
}

export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;

    const api = new ProgramHttpApi(this, 'HttpApi', {
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      throttle: config.throttle,
      logRetention: config.logRetention,
      logRemovalPolicy: config.logRemovalPolicy,
    });

    // The distribution refers to the API resource only (its id, for the origin), and the functions
    // to the distribution; routes and integrations refer to the functions. No cycle.
    const versionId = config.originSecretVersion;
    const signIn = new ConsoleSignIn(this, 'SignIn', {
      userPool: props.userPool,
      domainPrefix: config.signInDomainPrefix ?? `village-direct-${config.stage}-${Aws.ACCOUNT_ID}`,
    });
    const cdn = new ShopperCdn(this, 'Cdn', {
      consoleAuthOrigin: `https://${signIn.domainName}`,
      originSecret: originSecretReference(props.originSecret, { jsonField: 'current', versionId }),
      pageBucket: props.pageBucket,
      api: api.api,
      page: props.page,
      domain: config.domain,
      originShield: config.originShield,
      webAclArn: props.edge.webAclArnFor(this),
    });
    const consoleClient = signIn.addConsoleClient(cdn.url);
    const commandLineClient = signIn.addCommandLineClient();
    api.acceptClient(consoleClient);
    api.acceptClient(commandLineClient);
    new PageDeployment(this, 'Page', {
      directory: props.page.directory,
      console: {
        indexHtml: withAuthOrigin(
          readFileSync(join(props.page.directory, 'console', 'index.html'), 'utf8'),
          `https://${signIn.domainName}`,
        ),
        config: {
          mode: 'cognito',
          signInUrl: `https://${signIn.domainName}`,
          clientId: consoleClient.userPoolClientId,
          redirectUri: consoleUrlOf(cdn.url),
        },
      },
      bucket: props.pageBucket,
      distribution: cdn.distribution,
      logRetention: config.logRetention,
      logRemovalPolicy: config.logRemovalPolicy,
    });

    /** What every background worker is built from: its module under functions/, and the stage's settings. */
    const worker = (module: string) => ({
      entry: fileURLToPath(new URL(`../functions/${module}.ts`, import.meta.url)),
      publicBaseUrl: cdn.url,
      stage: config.stage,
      table: props.table,
      logRetention: config.logRetention,
      logRemovalPolicy: config.logRemovalPolicy,
    });

    // Recalls at scope are jobs: the worker recalls every lot of a scope, then invalidates their scans.
    const recallJobs = new JobQueue(this, 'RecallJobs', {
      ...worker('recall-worker'),
      description: 'Recalls every lot of a recall scope, then removes their scans from the CDN',
      tableAccess: recallWorkerAccess,
    });
    recallJobs.worker.bindDistribution(cdn.distribution);

    const exportsBucket = props.exportsBucket.importInto(this, 'ExportsBucket');
    // Exports are jobs too: the worker writes the file of a scope's records to the exports bucket.
    const exportJobs = new JobQueue(this, 'ExportJobs', {
      ...worker('export-worker'),
      description: 'Writes the FSMA 204 or EPCIS 2.0 file of an export to the exports bucket',
      tableAccess: exportWorkerAccess,
      // A 10,000-lot export takes under a minute here; a whole year of a large village, some more.
      timeout: Duration.minutes(10),
    });
    exportJobs.worker.bindExports(exportsBucket, EXPORTS_PREFIX, 'write');

    // The table's stream keeps the weekly demand figures.
    const aggregator = new DemandAggregator(this, 'DemandAggregator', worker('demand-aggregator'));

    // The CDN's standard logs, counted as scans into the same weekly figures.
    const scanLogs = new CdnLogCounting(this, 'ScanLogs', {
      ...worker('scan-log-worker'),
      logBucket: props.logBucket,
      logBucketArnExport: logBucketArnExport(config.stage),
    });

    const handlers = {} as Record<FunctionGroup, IFunction>;
    const timeouts = {} as Record<FunctionGroup, Duration>;
    for (const group of functionGroups) {
      const settings = groups[group];
      const fn = new ApiFunction(this, `${group}-function`, {
        entry: fileURLToPath(new URL(`../functions/${group}.ts`, import.meta.url)),
        description: settings.description,
        publicBaseUrl: cdn.url,
        stage: config.stage,
        originSecrets: originSecretReference(props.originSecret, { versionId }),
        tracing: settings.tracing,
        logRetention: config.logRetention,
        logRemovalPolicy: config.logRemovalPolicy,
      });
      if (settings.table) fn.bindTable(props.table, settings.table);
      if (settings.invalidatesCdn) fn.bindDistribution(cdn.distribution);
      if (group === 'traceability') recallJobs.bindSender(fn, ENV.recallQueueUrl);
      if (group === 'demand') fn.function.addEnvironment(ENV.programTargets, JSON.stringify(config.programTargets));
      if (group === 'exports') {
        exportJobs.bindSender(fn, ENV.exportQueueUrl);
        fn.bindExports(exportsBucket, EXPORTS_PREFIX, 'read');
      }
      handlers[group] = fn.function;
      timeouts[group] = fn.timeout;
    }
    api.addRoutes(routeList, handlers);

    const observability = new Observability(this, 'Observability', {
      name: `VillageDirect-${config.stage}`,
      stage: config.stage,
      alarmEmails: config.alarmEmails,
      api: api.api,
      functions: handlers,
      timeouts,
      lambdaConcurrencyQuota: config.lambdaConcurrencyQuota,
      table: props.table,
      jobQueues: { recall: recallJobs, 'scan-log': scanLogs.jobs, export: exportJobs },
      streamWorkers: { 'demand-aggregator': { fn: aggregator.function, failures: aggregator.failures } },
      distribution: cdn.distribution,
      wafBlockedRequests: props.edge.wafBlockedRequests,
    });

    new CfnOutput(this, 'ConsoleUrl', { value: consoleUrlOf(cdn.url), description: 'The console of ops and village staff' });
    new CfnOutput(this, 'SignInDomain', {
      value: signIn.domainName,
      description: "Cognito's managed login for the console and the command line",
    });
    new CfnOutput(this, 'CommandLineClientId', {
      value: commandLineClient.userPoolClientId,
      description: 'App client of npm run sign-in (a loopback redirect to http://localhost:8976/callback)',
    });
    new CfnOutput(this, 'PublicUrl', { value: cdn.url, description: 'Where shoppers and QR codes go: the page and the API' });
    new CfnOutput(this, DISTRIBUTION_ID_OUTPUT, {
      value: cdn.distribution.distributionId,
      description: 'CloudFront distribution of the page and the API',
    });
    new CfnOutput(this, 'DistributionDomainName', {
      value: cdn.distribution.distributionDomainName,
      description: "The distribution's own host name: the target of the custom domain's DNS record",
    });
    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API itself, behind the distribution' });
    new CfnOutput(this, 'DashboardUrl', {
      value: observability.dashboardUrl,
      description: 'CloudWatch dashboard of scans, intakes, receipts, latency and errors',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: observability.topic.topicArn,
      description: 'SNS topic of the API, function and table alarms',
    });
  }
}
