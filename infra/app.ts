// The CDK app: `cdk synth|deploy --all -c stage=dev|prod` (dev by default; prod also needs
// `-c domainName=… -c certificateArn=…`, and any stage may take `-c alarmEmails=…`: see config.ts).
// Four stacks: the edge stack in us-east-1 (the CDN's web ACL), the stateful and stateless stacks in
// the CLI's region, then the CDN telemetry stack in us-east-1 (standard logs, the CDN's alarm). It
// builds the shopper page first (unless web/dist is already up to date). cdk-nag's AWS Solutions checks run on every synthesis: an unacknowledged error fails it, a
// warning is printed (and fails the infra tests).
import { App, CrossStackReferences, ReferenceStrength, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackIds, stageConfig } from './config';
import { EdgeStack } from './edge-stack';
import { buildShopperPage } from './shopper-page';
import { CdnTelemetryStack } from './cdn-telemetry-stack';
import { mainRegion } from './regions';
import { LOG_BUCKET_ARN_OUTPUT, StatefulStack } from './stateful-stack';
import { DISTRIBUTION_ID_OUTPUT, StatelessStack } from './stateless-stack';

const app = new App();
// Strong (export/import) references: CloudFormation then refuses to remove the table, the user pool
// or the buckets from the stateful stack while the stateless stack still uses them.
CrossStackReferences.of(app).consume(ReferenceStrength.STRONG);
const context = (key: string): unknown => app.node.tryGetContext(key);
const config = stageConfig(context('stage'), {
  domainName: context('domainName'),
  certificateArn: context('certificateArn'),
  alarmEmails: context('alarmEmails'),
  originSecretVersion: context('originSecretVersion'),
  sesFromEmail: context('sesFromEmail'),
  sesRegion: context('sesRegion'),
  signInDomainPrefix: context('signInDomainPrefix'),
});
const ids = stackIds(config.stage);
// The CLI's region (AWS_REGION or the profile's): the main stacks are pinned to it at synth.
const env = { region: mainRegion() };

const edge = new EdgeStack(app, ids.edge, {
  description: `Village-direct sourcing CDN web ACL and its alarm, in us-east-1 (${config.stage})`,
  config,
});
const stateful = new StatefulStack(app, ids.stateful, {
  description: `Village-direct sourcing data: table, user pool, page and log buckets, origin secret (${config.stage})`,
  env,
  config,
});
const stateless = new StatelessStack(app, ids.stateless, {
  description: `Village-direct sourcing API, functions and CDN (${config.stage})`,
  env,
  config,
  table: stateful.table,
  userPool: stateful.userPool,
  userPoolClient: stateful.userPoolClient,
  pageBucket: stateful.pageBucket,
  logBucket: stateful.logBucket,
  exportsBucket: stateful.exportsBucket,
  originSecret: stateful.originSecret,
  page: await buildShopperPage(),
  edge,
});
new CdnTelemetryStack(app, ids.cdnTelemetry, {
  description: `Village-direct sourcing CDN standard logs and alarm, in us-east-1 (${config.stage})`,
  config,
  distributionId: { stack: stateless, outputName: DISTRIBUTION_ID_OUTPUT },
  logBucketArn: { stack: stateful, outputName: LOG_BUCKET_ARN_OUTPUT },
  alarms: edge.alarms,
});

Tags.of(app).add('project', 'village-direct');
Tags.of(app).add('stage', config.stage);

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
