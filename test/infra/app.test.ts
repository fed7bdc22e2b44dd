// Synthesizes the real app with the CDK CLI, once per stage and offline, then checks the templates
// of its three stacks, the cdk-nag report and the synthesis messages. A second, in-memory app checks
// the cdk-nag gate. Table permissions are also checked request by request, against what the
// repository really sends; the receipt-exception alarm against what the functions really emit.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, METRIC, metrics } from '../../functions/commons/metrics';
import { stackIds, stageConfig, stages, type Stage, type StageContext } from '../../infra/config';
import { ProgramHttpApi, throttleKindOf } from '../../infra/constructs/http-api';
import { thresholds } from '../../infra/constructs/thresholds';
import { ProgramUserPool } from '../../infra/constructs/user-pool';
import { CLAIM, GROUP } from '../../shared/auth';
import { newLotCode } from '../../shared/codes';
import type { LotRecord } from '../../shared/domain';
import { tableDefinition } from '../../shared/table/definition';
import { createRepository, type Repository } from '../../shared/table/repository';
import { createScanReader } from '../../shared/table/scan-reader';
import { functionGroups, needsJwt, routeKey, routeList, routes, type FunctionGroup } from '../../shared/routes';
import { createSecretCache, receiveReceipt } from '../../shared/use-cases/receipts';
import { sign } from '../../shared/webhooks';
import { checksOf, isAllowed, type Statement, type TableRequest } from './table-requests';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cdkCli = path.join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');
const SYNTH_TIMEOUT_MS = 180_000;

/** Groups whose function reads and writes the whole table, except store secrets. */
const wholeTableGroups: readonly FunctionGroup[] = ['catalogue', 'agreements', 'lots'];
/** Groups whose function uses the table at all; the docs function reads no data. */
const tableGroups: readonly FunctionGroup[] = [...wholeTableGroups, 'receipts', 'scan'];
/** Groups whose function is traced by X-Ray: all but the scan hot path. */
const tracedGroups: readonly FunctionGroup[] = functionGroups.filter((g) => g !== 'scan');
const webhookRoutes = routeList.filter((r) => r.access === 'store');

/**
 * The context each stage is synthesized with, as ops would pass it with `-c`: prod must have a
 * domain of its own (and gets alarm emails); dev runs on the CloudFront domain with no subscriber.
 */
const DOMAIN = 'trace.example.com';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const contextOf: Record<Stage, StageContext> = {
  dev: {},
  prod: { domainName: DOMAIN, certificateArn: CERTIFICATE_ARN, alarmEmails: 'ops@example.com,oncall@example.com' },
};
const contextArgs = (stage: Stage) => Object.entries(contextOf[stage]).flatMap(([key, value]) => ['-c', `${key}=${String(value)}`]);

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}
interface SuppressedViolation extends Violation {
  readonly reason: string;
  readonly acknowledgedAt: string;
}
interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly Violation[];
    readonly suppressedViolations?: readonly SuppressedViolation[];
  }[];
}

interface Synthesized {
  readonly outdir: string;
  readonly assembly: CloudAssembly;
  readonly edge: Template;
  readonly stateful: Template;
  readonly stateless: Template;
  readonly report: ValidationReport;
}

async function synth(stage: Stage): Promise<Synthesized> {
  const outdir = await mkdtemp(path.join(tmpdir(), `village-direct-cdk-${stage}-`));
  const args = ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-c', `stage=${stage}`, ...contextArgs(stage), '-o', outdir];
  try {
    await promisify(execFile)(process.execPath, [cdkCli, ...args], {
      cwd: repoRoot,
      maxBuffer: 32 * 1024 * 1024,
      // Everything the CLI would otherwise look up online stays off: no version check, no notices,
      // no telemetry, no instance-metadata probe for credentials.
      env: {
        ...process.env,
        CDK_DISABLE_VERSION_CHECK: '1',
        CDK_DISABLE_CLI_TELEMETRY: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`cdk synth -c stage=${stage} failed:\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
  const assembly = new CloudAssembly(outdir);
  const ids = stackIds(stage);
  return {
    outdir,
    assembly,
    edge: Template.fromJSON(assembly.getStackArtifact(ids.edge).template),
    stateful: Template.fromJSON(assembly.getStackArtifact(ids.stateful).template),
    stateless: Template.fromJSON(assembly.getStackArtifact(ids.stateless).template),
    report: JSON.parse(await readFile(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport,
  };
}

// Both stages synthesize at once (each is mostly single-threaded); each suite awaits its own.
const synths = new Map<Stage, Promise<Synthesized>>();
beforeAll(() => {
  for (const stage of stages) {
    const pending = synth(stage);
    pending.catch(() => undefined); // reported by the suite that awaits it, not as unhandled
    synths.set(stage, pending);
  }
});
afterAll(async () => {
  for (const pending of synths.values()) {
    const result = await pending.catch(() => undefined);
    if (result) await rm(result.outdir, { recursive: true, force: true });
  }
});

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; Metadata?: Record<string, any> };

/** The resources of a type, keyed by their construct path below the stack. */
function byPath(template: Template, type: string): Map<string, Resource & { logicalId: string }> {
  const found = template.findResources(type) as Record<string, Resource>;
  return new Map(
    Object.entries(found).map(([logicalId, r]) => [
      String(r.Metadata?.['aws:cdk:path']).split('/').slice(1).join('/'),
      { ...r, logicalId },
    ]),
  );
}

/** The one resource of a type in a template, with its logical id. */
function single(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(template.findResources(type) as Record<string, Resource>);
  expect(
    entries.map(([id]) => id),
    type,
  ).toHaveLength(1);
  return entries[0]!;
}

/** Every stack's template, by stack. */
const templates = (s: Synthesized) => ({ edge: s.edge, stateful: s.stateful, stateless: s.stateless });

/** A `Fn::Join` with tokens replaced by a placeholder, so a dashboard body parses as JSON. */
const joined = (value: { 'Fn::Join': [string, unknown[]] }) =>
  value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'"))).join('');

/** The configuration of the one CloudFront distribution. */
const distributionConfig = (s: Synthesized) =>
  Object.values(s.stateless.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

/** The page folder as staged in the cloud assembly: what the deployment uploads. */
function deployedPage(s: Synthesized): string {
  const [upload] = Object.values(s.stateless.findResources('Custom::CDKBucketDeployment'));
  const [zip] = upload!.Properties.SourceObjectKeys as string[];
  return path.join(s.outdir, `asset.${zip!.replace(/\.zip$/, '')}`);
}

/** What a `Fn::ImportValue` in the stateless stack resolves to in the stateful stack's exports. */
function exported(stateful: Template, value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  const output = Object.values(stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>).find(
    (o) => o.Export?.Name === name,
  );
  return output?.Value;
}

/** Whether a policy resource is the table, one of its indexes (by name), or something else. */
function placeOf(s: Synthesized, resource: unknown): 'table' | 'index' | 'other' {
  const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
  const isTable = (value: unknown) => JSON.stringify(exported(s.stateful, value)) === JSON.stringify(tableArn);
  if (isTable(resource)) return 'table';
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const indexes = tableDefinition.globalSecondaryIndexes.map((gsi) => `/index/${gsi.indexName}`);
  if (join && join[1].length === 2 && isTable(join[1][0]) && indexes.includes(join[1][1] as string)) return 'index';
  return 'other';
}

/** Every statement of the policies on a group's function role. */
function statementsOf(s: Synthesized, group: FunctionGroup): Statement[] {
  return [...byPath(s.stateless, 'AWS::IAM::Policy')]
    .filter(([policyPath]) => policyPath.startsWith(`${group}-function/`))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

const dynamoOnly = (statements: readonly Statement[]) =>
  statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));

/** An authorization check that no repository method sends, to probe what a role would allow. */
const probe = (action: string, leadingKeys: string[], more: Partial<TableRequest> = {}): TableRequest => ({
  action: `dynamodb:${action}`,
  on: 'table',
  leadingKeys,
  ...more,
});

// The table requests behind the code paths the policies must allow, captured from the real
// repository and use cases over a stubbed client, so key prefixes cannot drift from the grants.
const bareClient = new DynamoDBClient({ region: 'cn-north-1' });
const documentClient = DynamoDBDocumentClient.from(bareClient);
const table = mockClient(documentClient);
// The scan function reads through the bare client (shared/table/scan-reader.ts).
const bareTable = mockClient(bareClient);
const repo = createRepository(documentClient, 'probe');
const sent: Record<'receipts' | 'secretWrites' | 'secretReads' | 'exceptionList' | 'scan', TableRequest[]> = {
  receipts: [],
  secretWrites: [],
  secretReads: [],
  exceptionList: [],
  scan: [],
};

/** What `run` answers, and the authorization checks of every request it sent. */
async function observe<T>(run: (repo: Repository) => Promise<T>): Promise<[T, TableRequest[]]> {
  table.resetHistory();
  const result = await run(repo);
  return [result, table.calls().flatMap((call) => checksOf(call.args[0] as object))];
}

const STORE = 'st-probe';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const lot: LotRecord = {
  lotCode: newLotCode(),
  agreementId: 'agr_probe',
  villageId: 'vil_probe',
  crop: 'kiwi',
  clientLotId: 'c1',
  grade: 'A',
  grams: 10_000,
  fenPerKg: 800,
  expectedPayoutFen: 8000,
  harvestedOn: '2026-05-01',
  recordedBy: 'staff',
  recordedAt: '2026-05-01T08:00:00.000Z',
  dispatch: { storeId: STORE, at: '2026-05-01T09:00:00.000Z' },
};

/** Posts one signed receipt through the receipts use case and answers its HTTP status. */
async function deliver(lotCode: string): Promise<number> {
  const now = new Date();
  const webhookId = `msg_${randomUUID()}`;
  const body = JSON.stringify({
    type: 'shipment.received',
    timestamp: now.toISOString(),
    data: { lotCode, receivedAt: now.toISOString(), acceptedKg: 10, rejectedKg: 0 },
  });
  const headers = {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': sign(SECRET, webhookId, now, body),
  };
  table.on(GetCommand, { Key: { pk: `RECEIPT#${STORE}#${webhookId}`, sk: '#RECEIPT' } }).resolves({
    Item: { storeId: STORE, webhookId, bodySha256: createHash('sha256').update(body).digest('hex'), status: 'exception', httpStatus: 202 },
  });
  const deps = { repo, now: () => new Date(), publicBaseUrl: 'https://example.test' };
  const reply = await receiveReceipt(deps, createSecretCache(repo, deps.now), STORE, headers, Buffer.from(body));
  return reply.status;
}

beforeAll(async () => {
  table.reset();
  table.on(GetCommand).resolves({});
  table.on(GetCommand, { Key: { pk: `STORESECRET#${STORE}` } }).resolves({ Item: { current: SECRET } });
  table.on(GetCommand, { Key: { pk: `LOT#${lot.lotCode}` } }).resolves({ Item: lot });

  // Applied: the secret, the lot, then one transaction over the receipt, the lot, the agreement and
  // the lot's scan projection.
  const [appliedStatus, applied] = await observe(() => deliver(lot.lotCode));
  expect(appliedStatus).toBe(200);
  expect(applied.filter((r) => r.action === 'dynamodb:UpdateItem')).toHaveLength(3);
  // Kept as an exception (unknown lot); then one whose webhook id is taken, answered from the stored receipt.
  const unknownLot = newLotCode();
  const [exceptionStatus, exception] = await observe(() => deliver(unknownLot));
  expect(exceptionStatus).toBe(202);
  table.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'taken', $metadata: {} }));
  const [replayStatus, replayed] = await observe(() => deliver(unknownLot));
  expect(replayStatus).toBe(202);
  expect(replayed).toContainEqual(probe('GetItem', [expect.stringMatching(/^RECEIPT#/)]));
  sent.receipts = [...applied, ...exception, ...replayed];

  table.reset();
  table.resolves({});
  const at = new Date().toISOString();
  [, sent.secretWrites] = await observe(async (r) => {
    await r.createStore({ storeId: STORE, name: { zh: '门店', en: 'Store' }, city: 'Chengdu', createdAt: at }, SECRET);
    await r.rotateStoreSecret(STORE, SECRET, at, at);
  });
  [, sent.secretReads] = await observe((r) => r.getStoreSecrets(STORE, new Date()));
  [, sent.exceptionList] = await observe((r) => r.listReceiptExceptions(20));
  bareTable.on(GetItemCommand).resolves({});
  await createScanReader(bareClient, 'probe')(lot.lotCode);
  sent.scan = bareTable.calls().flatMap((call) => checksOf(call.args[0] as object));
  table.restore();
  bareTable.restore();
});

describe.each(stages)('the %s stage', (stage) => {
  const config = stageConfig(stage, contextOf[stage]);
  const ids = stackIds(stage);
  let s: Synthesized;

  beforeAll(async () => {
    s = await synths.get(stage)!;
  }, SYNTH_TIMEOUT_MS);

  describe('table', () => {
    it('is retained, deletion-protected, on-demand and point-in-time recoverable', () => {
      s.stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      s.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          ],
        }),
      });
    });

    it('has the keys, TTL attribute and all-projection indexes of the shared definition', () => {
      const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute } = tableDefinition;
      s.stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((gsi) => ({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    });
  });

  describe('user pool', () => {
    it('lets only administrators create accounts, requires MFA and is retained', () => {
      s.stateful.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          MfaConfiguration: 'ON',
          DeletionProtection: 'ACTIVE',
          Policies: {
            PasswordPolicy: Match.objectLike({
              MinimumLength: Match.anyValue(),
              RequireLowercase: true,
              RequireUppercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
            }),
          },
          Schema: Match.arrayWith([Match.objectLike({ Name: CLAIM.villageId.replace(/^custom:/, ''), AttributeDataType: 'String' })]),
        }),
      });
      const minimumLength = Object.values(s.stateful.findResources('AWS::Cognito::UserPool'))[0]?.Properties.Policies.PasswordPolicy
        .MinimumLength;
      expect(minimumLength).toBeGreaterThanOrEqual(12);
    });

    it('has the ops and village groups the functions authorize by', () => {
      const names = Object.values(s.stateful.findResources('AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
      expect(names.sort()).toEqual([GROUP.ops, GROUP.village].sort());
    });

    it('has a secretless app client that puts villageId in ID tokens but cannot change it', () => {
      s.stateful.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
      const client = Object.values(s.stateful.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties;
      expect(client.GenerateSecret).toBe(false);
      expect(client.ReadAttributes).toContain(CLAIM.villageId);
      expect(client.WriteAttributes ?? []).not.toContain(CLAIM.villageId);
      // No hosted UI: no OAuth flows or callback URLs that could leak tokens.
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
      expect(client.CallbackURLs).toBeUndefined();
    });
  });

  describe('HTTP API', () => {
    it('has exactly one route per route-table row, keyed by method and path', () => {
      const keys = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(keys.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
    });

    it('requires a Cognito JWT on every ops and staff route and nothing on public and store routes', () => {
      const routes = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route'));
      const [authorizerId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Authorizer'));
      expect([...new Set(routeList.filter((row) => !needsJwt(row)).map((row) => row.access))].sort()).toEqual(['public', 'store']);
      for (const row of routeList) {
        const route = routes.find((r) => r.Properties.RouteKey === routeKey(row))!.Properties;
        if (needsJwt(row)) {
          expect(route.AuthorizationType, routeKey(row)).toBe('JWT');
          expect(route.AuthorizerId, routeKey(row)).toEqual({ Ref: authorizerId });
        } else {
          expect(route.AuthorizationType, routeKey(row)).toBe('NONE');
          expect(route.AuthorizerId, routeKey(row)).toBeUndefined();
        }
      }
    });

    it('lets stores post receipts without a token, since the receipts function checks their signature', () => {
      const route = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).find(
        (r) => r.Properties.RouteKey === routeKey(routes.receiveReceipt),
      )!.Properties;
      expect(routes.receiveReceipt.group).toBe('receipts');
      expect(route.AuthorizationType).toBe('NONE');
      expect(route.AuthorizerId).toBeUndefined();
    });

    it('accepts only tokens issued by the user pool to the app client', () => {
      s.stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
      const { JwtConfiguration, AuthorizerType } = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
      const [poolId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPool'));
      const [clientId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPoolClient'));
      expect(AuthorizerType).toBe('JWT');
      const [, [scheme, providerUrl]] = JwtConfiguration.Issuer['Fn::Join'];
      expect(scheme).toBe('https://');
      expect(exported(s.stateful, providerUrl)).toEqual({ 'Fn::GetAtt': [poolId, 'ProviderURL'] });
      expect(JwtConfiguration.Audience.map((a: unknown) => exported(s.stateful, a))).toEqual([{ Ref: clientId }]);
    });

    it('sends every route to the function of its group', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      const integrations = s.stateless.findResources('AWS::ApiGatewayV2::Integration');
      for (const row of routeList) {
        const route = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).find(
          (r) => r.Properties.RouteKey === routeKey(row),
        )!.Properties;
        const integrationId = route.Target['Fn::Join'][1][1].Ref as string;
        const target = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0];
        expect(target, routeKey(row)).toBe(functions.get(`${row.group}-function/Function/Resource`)?.logicalId);
      }
    });

    it('logs every request and throttles the stage with the stage default limits', () => {
      s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: config.throttle.default.rateLimit,
          ThrottlingBurstLimit: config.throttle.default.burstLimit,
        },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
          Format: Match.serializedJson(Match.objectLike({ requestId: '$context.requestId', status: '$context.status' })),
        },
      });
    });

    it('throttles the scan, webhook and every ops and staff route with their own limits, and the rest with the default', () => {
      expect(webhookRoutes.map(routeKey)).toEqual([routeKey(routes.receiveReceipt)]);
      const limits = (kind: keyof typeof config.throttle) => ({
        ThrottlingRateLimit: config.throttle[kind].rateLimit,
        ThrottlingBurstLimit: config.throttle[kind].burstLimit,
      });
      const [stage] = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Stage'));
      const settings = stage!.Properties.RouteSettings as Record<string, unknown>;
      expect(settings[routeKey(routes.scanLot)]).toEqual(limits('scan'));
      expect(settings[routeKey(routes.receiveReceipt)]).toEqual(limits('webhook'));
      for (const row of routeList.filter(needsJwt)) expect(settings[routeKey(row)], routeKey(row)).toEqual(limits('ops'));
      expect(settings[routeKey(routes.getOpenApi)]).toBeUndefined();
      expect(Object.keys(settings).sort()).toEqual(
        routeList
          .filter((r) => throttleKindOf(r) !== 'default')
          .map(routeKey)
          .sort(),
      );
      // CloudFormation rejects route settings for a route that does not exist yet.
      const routesByPath = byPath(s.stateless, 'AWS::ApiGatewayV2::Route');
      for (const row of routeList.filter((r) => throttleKindOf(r) !== 'default')) {
        expect(stage!.DependsOn, row.operationId).toContain(routesByPath.get(`HttpApi/${row.operationId}/Resource`)!.logicalId);
      }
    });

    it('answers no CORS preflight: the only browser caller, the shopper page, calls its own origin', () => {
      const [api] = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
      expect(api!.Properties.CorsConfiguration).toBeUndefined();
      const keys = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
      expect(keys.filter((k) => k.startsWith('OPTIONS ') || k.startsWith('ANY '))).toEqual([]);
    });
  });

  describe('functions', () => {
    it('runs one arm64 Node.js 24 function per route group, and only the page upload besides', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      const [upload, ...others] = [...functions.keys()].filter((p) => !/^\w+-function\//.test(p));
      expect(upload).toMatch(/^Custom::CDKBucketDeployment\w+\/Resource$/);
      expect(others).toEqual([]);
      expect([...functions.keys()].filter((p) => p !== upload).sort()).toEqual(
        functionGroups.map((g) => `${g}-function/Function/Resource`).sort(),
      );
      for (const group of functionGroups) {
        const fn = functions.get(`${group}-function/Function/Resource`)!.Properties;
        expect(fn, group).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: expect.any(Number),
          Timeout: expect.any(Number),
          LoggingConfig: { LogFormat: 'JSON' },
        });
        // Under the HTTP API's 30-second integration limit, so a stuck call ends as a logged timeout.
        expect(fn.Timeout, group).toBeLessThan(30);
      }
    });

    it('gives every function its Powertools service and metrics namespace, and never disables metrics', () => {
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        expect(env, group).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'village-direct', POWERTOOLS_METRICS_NAMESPACE: 'VillageDirect' });
        expect(
          Object.keys(env).filter((name) => /^POWERTOOLS_(METRICS_DISABLED|DEV)$/.test(name)),
          group,
        ).toEqual([]);
      }
    });

    // The scan function writes the same log and metric lines without Powertools, to keep its
    // bundle within budget (test/functions/plain-telemetry.test.ts compares the two).
    it('bundles the metrics of the namespace the dashboard reads, and a structured logger, into every function', () => {
      for (const group of functionGroups) {
        const code = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Code;
        const bundle = readFileSync(path.join(s.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
        expect(bundle, group).toContain('"VillageDirect"');
        if (group === 'scan') {
          expect(bundle, group).not.toContain('@aws-lambda-powertools');
          expect(bundle, group).toMatch(/correlation_id[\s\S]*function_request_id|function_request_id[\s\S]*correlation_id/);
          expect(bundle, group).toContain('CloudWatchMetrics');
        } else {
          expect(bundle, group).toContain('@aws-lambda-powertools/logger');
        }
      }
    });

    it('traces every function with X-Ray except the scan hot path, which stays at the default memory or below', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      for (const group of tracedGroups) {
        expect(functions.get(`${group}-function/Function/Resource`)!.Properties.TracingConfig, group).toEqual({ Mode: 'Active' });
      }
      const scan = functions.get('scan-function/Function/Resource')!.Properties;
      expect(scan.TracingConfig?.Mode ?? 'PassThrough').not.toBe('Active');
      expect(scan.MemorySize).toBeLessThanOrEqual(1024);
      expect(
        statementsOf(s, 'scan')
          .flatMap((st) => [st.Action].flat())
          .filter((a) => a.startsWith('xray:')),
      ).toEqual([]);
    });

    it('logs each function to its own log group with the stage retention', () => {
      const logGroups = s.stateless.findResources('AWS::Logs::LogGroup');
      const used = new Set<string>();
      for (const fn of byPath(s.stateless, 'AWS::Lambda::Function').values()) {
        const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        expect(used.has(logGroupId)).toBe(false);
        used.add(logGroupId);
        expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(config.logRetention);
      }
    });

    it(`tells table-bound functions the table name and every function ${config.domain ? 'the domain' : 'the distribution'} as public base URL`, () => {
      const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const publicUrl = config.domain
        ? `https://${DOMAIN}`
        : { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        expect(env.PUBLIC_BASE_URL, group).toEqual(publicUrl);
        if (tableGroups.includes(group)) expect(exported(s.stateful, env.TABLE_NAME), group).toEqual({ Ref: tableId });
        else expect(env.TABLE_NAME, group).toBeUndefined();
      }
    });

    it('tells only the lots function the distribution id, and lets it invalidate that distribution alone', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        const cloudfront = statementsOf(s, group).filter((st) => [st.Action].flat().some((a) => a.startsWith('cloudfront:')));
        if (group !== 'lots') {
          expect(env.DISTRIBUTION_ID, group).toBeUndefined();
          expect(cloudfront, group).toEqual([]);
          continue;
        }
        expect(env.DISTRIBUTION_ID).toEqual({ Ref: distributionId });
        expect(cloudfront).toEqual([
          {
            Effect: 'Allow',
            Action: 'cloudfront:CreateInvalidation',
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }],
              ],
            },
          },
        ]);
      }
    });

    it('grants only named table and index actions, and X-Ray is the only wildcard', () => {
      for (const [policyPath, policy] of byPath(s.stateless, 'AWS::IAM::Policy')) {
        const group = functionGroups.find((g) => policyPath.startsWith(`${g}-function/`));
        const statements = policy.Properties.PolicyDocument.Statement as Statement[];
        const dynamo = dynamoOnly(statements);
        expect(
          statements.filter((st) => JSON.stringify(st.Resource).includes('*')),
          policyPath,
        ).toEqual(
          group && tracedGroups.includes(group)
            ? [expect.objectContaining({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]
            : [],
        );
        expect(
          statements.flatMap((st) => [st.Action].flat()).filter((a) => a.includes('*')),
          policyPath,
        ).toEqual([]);
        for (const st of dynamo) {
          expect([st.Action].flat()).not.toContain('dynamodb:Scan');
          expect([st.Action].flat().every((a) => !a.includes('*'))).toBe(true);
          expect(
            [st.Resource].flat().map((r) => placeOf(s, r)),
            policyPath,
          ).not.toContain('other');
        }
        if (group && wholeTableGroups.includes(group)) {
          const allows = dynamo.filter((st) => st.Effect === 'Allow');
          expect(allows.map((st) => [st.Resource].flat().map((r) => placeOf(s, r)))).toEqual([['table'], ['index']]);
          expect(allows[1]!.Action).toBe('dynamodb:Query');
        } else if (group !== 'receipts' && group !== 'scan') {
          expect(dynamo, policyPath).toEqual([]);
        }
      }
    });

    it('lets the webhook function get secrets, lots and receipts, put receipts and update lots and agreements, and nothing else', () => {
      const granted = dynamoOnly(statementsOf(s, 'receipts')).map((st) => ({
        effect: st.Effect,
        actions: [st.Action].flat(),
        on: [st.Resource].flat().map((r) => placeOf(s, r)),
        condition: st.Condition,
      }));
      const only = (prefixes: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORESECRET#*', 'LOT#*', 'RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:UpdateItem'], on: ['table'], condition: only(['LOT#*', 'AGREEMENT#*', 'SCAN#*']) },
      ]);
    });

    it('lets the scan function get and batch-get scan projections, and nothing else', () => {
      const granted = dynamoOnly(statementsOf(s, 'scan')).map((st) => ({
        effect: st.Effect,
        actions: [st.Action].flat(),
        on: [st.Resource].flat().map((r) => placeOf(s, r)),
        condition: st.Condition,
      }));
      expect(granted).toEqual([
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
          on: ['table'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SCAN#*'] } },
        },
      ]);
    });

    it('denies every other table function reading store secrets, directly or through ReturnValues', () => {
      const secretKeys = { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['STORESECRET#*'] } };
      for (const group of wholeTableGroups) {
        const denied = dynamoOnly(statementsOf(s, group))
          .filter((st) => st.Effect === 'Deny')
          .map((st) => ({ actions: [st.Action].flat(), on: [st.Resource].flat().map((r) => placeOf(s, r)), condition: st.Condition }));
        expect(denied, group).toEqual([
          {
            actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
            on: ['table', 'index'],
            condition: secretKeys,
          },
          {
            actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            on: ['table'],
            condition: { ...secretKeys, StringEquals: { 'dynamodb:ReturnValues': ['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] } },
          },
        ]);
      }
    });

    it('uses roles without AWS managed policies, in every stack', () => {
      for (const [name, template] of Object.entries(templates(s))) {
        for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
          expect(role.Properties.ManagedPolicyArns, name).toBeUndefined();
        }
      }
    });
  });

  describe('table access, request by request', () => {
    const allowed = (group: FunctionGroup, request: TableRequest) =>
      isAllowed(statementsOf(s, group), request, (resource) => placeOf(s, resource));

    it('allows every request a receipt sends, whether applied, kept as an exception or replayed', () => {
      const prefixes = new Set(sent.receipts.map((r) => `${r.action} ${r.leadingKeys.map((k) => k.split('#')[0])}`));
      expect([...prefixes].sort()).toEqual([
        'dynamodb:GetItem LOT',
        'dynamodb:GetItem RECEIPT',
        'dynamodb:GetItem STORESECRET',
        'dynamodb:PutItem RECEIPT',
        'dynamodb:UpdateItem AGREEMENT',
        'dynamodb:UpdateItem LOT',
        'dynamodb:UpdateItem SCAN',
      ]);
      for (const request of sent.receipts) expect(allowed('receipts', request), JSON.stringify(request)).toBe(true);
    });

    it('refuses the webhook function anything a receipt does not need', () => {
      const refused = [
        probe('Query', ['RECEIPT#st-1#m1']),
        probe('Query', ['RECEIPTEXCEPTION'], { on: 'index' }),
        probe('Scan', []),
        probe('BatchGetItem', ['LOT#L1']),
        probe('GetItem', ['STORE#st-1']),
        probe('GetItem', ['VILLAGE#v1']),
        probe('GetItem', ['AGREEMENT#a1']),
        probe('PutItem', ['LOT#L1']),
        probe('PutItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['RECEIPT#st-1#m1']),
        probe('DeleteItem', ['RECEIPT#st-1#m1']),
        probe('BatchWriteItem', ['RECEIPT#st-1#m1']),
        probe('ConditionCheckItem', ['LOT#L1']),
        probe('GetItem', ['SCAN#L1']),
        probe('PutItem', ['SCAN#L1']),
        probe('DeleteItem', ['SCAN#L1']),
      ];
      for (const request of refused) expect(allowed('receipts', request), JSON.stringify(request)).toBe(false);
    });

    it('allows the one GetItem of a scan, and refuses the scan function every other request', () => {
      expect(sent.scan).toEqual([probe('GetItem', [expect.stringMatching(/^SCAN#/)])]);
      for (const request of sent.scan) expect(allowed('scan', request), JSON.stringify(request)).toBe(true);
      expect(allowed('scan', probe('BatchGetItem', ['SCAN#L1', 'SCAN#L2']))).toBe(true);
      const refused = [
        probe('Query', ['SCAN#L1']),
        probe('Query', ['AGREEMENT#a1'], { on: 'index' }),
        probe('Scan', []),
        probe('BatchGetItem', ['SCAN#L1', 'LOT#L1']),
        probe('GetItem', ['LOT#L1']),
        probe('GetItem', ['AGREEMENT#a1']),
        probe('GetItem', ['STORESECRET#st-1']),
        probe('ConditionCheckItem', ['SCAN#L1']),
        probe('PutItem', ['SCAN#L1']),
        probe('UpdateItem', ['SCAN#L1']),
        probe('DeleteItem', ['SCAN#L1']),
        probe('BatchWriteItem', ['SCAN#L1']),
      ];
      for (const request of refused) expect(allowed('scan', request), JSON.stringify(request)).toBe(false);
    });

    it('lets only the webhook function read store secrets', () => {
      expect(sent.secretReads.map((r) => r.action)).toEqual(['dynamodb:GetItem']);
      for (const group of tableGroups) {
        for (const request of sent.secretReads) expect(allowed(group, request), group).toBe(group === 'receipts');
      }
    });

    it('lets the catalogue function create and rotate secrets, which asks nothing back', () => {
      expect(sent.secretWrites.some((r) => r.leadingKeys.some((k) => k.startsWith('STORESECRET#')))).toBe(true);
      for (const request of sent.secretWrites) expect(allowed('catalogue', request), JSON.stringify(request)).toBe(true);
    });

    it('refuses secret reads that ride on other requests, but not the same requests on other items', () => {
      const leaks = [
        probe('BatchGetItem', ['LOT#L1', 'STORESECRET#st-1']),
        probe('ConditionCheckItem', ['STORESECRET#st-1']),
        probe('Query', ['STORESECRET#st-1']),
        probe('PutItem', ['STORESECRET#st-1'], { returnValues: 'ALL_OLD' }),
        probe('DeleteItem', ['STORESECRET#st-1'], { returnValues: 'ALL_OLD' }),
        ...['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'].map((rv) =>
          probe('UpdateItem', ['STORESECRET#st-1'], { returnValues: rv }),
        ),
      ];
      const fine = [
        probe('BatchGetItem', ['LOT#L1', 'AGREEMENT#a1']),
        probe('UpdateItem', ['STORESECRET#st-1'], { returnValues: 'NONE' }),
        probe('UpdateItem', ['AGREEMENT#a1'], { returnValues: 'ALL_NEW' }),
        ...sent.exceptionList,
      ];
      for (const group of wholeTableGroups) {
        for (const request of leaks) expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(false);
        for (const request of fine) expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(true);
      }
    });
  });

  describe('page bucket', () => {
    const buckets = () => byPath(s.stateful, 'AWS::S3::Bucket');
    const pageBucket = () => buckets().get('Site/Page/Resource')!;
    const logBucket = () => buckets().get('Site/Logs/Resource')!;
    /** The policy of a stateful bucket, wherever it was created. */
    const policyOf = (bucketId: string) =>
      [
        ...Object.values(s.stateful.findResources('AWS::S3::BucketPolicy')),
        ...Object.values(s.stateless.findResources('AWS::S3::BucketPolicy')),
      ]
        .filter(
          (p) =>
            JSON.stringify(p.Properties.Bucket.Ref ? p.Properties.Bucket : exported(s.stateful, p.Properties.Bucket)) ===
            JSON.stringify({ Ref: bucketId }),
        )
        .map((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const tlsOnly = () =>
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });

    it('keeps the page in a private, versioned, encrypted and retained bucket that logs its access', () => {
      expect([...buckets().keys()].sort()).toEqual(['Site/Logs/Resource', 'Site/Page/Resource']);
      s.stateless.resourceCountIs('AWS::S3::Bucket', 0);
      const page = pageBucket();
      expect(page.DeletionPolicy).toBe('Retain');
      expect(page.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucket().logicalId }, LogFilePrefix: 'page-bucket/' },
      });
    });

    it('has one policy, which refuses every request to the page bucket not made over TLS', () => {
      const policies = policyOf(pageBucket().logicalId);
      expect(policies).toHaveLength(1);
      const [arn, objects] = [
        { 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] }, '/*']] },
      ];
      const deny = policies[0]!.find((st) => st.Effect === 'Deny')!;
      expect(deny).toEqual(tlsOnly());
      const resources = [deny.Resource].flat() as { 'Fn::Join'?: [string, unknown[]] }[];
      expect(
        resources.map((r) =>
          r['Fn::Join'] ? { 'Fn::Join': ['', [exported(s.stateful, r['Fn::Join'][1][0]), r['Fn::Join'][1][1]]] } : exported(s.stateful, r),
        ),
      ).toEqual([arn, objects]);
    });

    it('lets this distribution read the page (through Origin Access Control) and the upload write it, and no one else', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const uploadRole = byPath(s.stateless, 'AWS::IAM::Role').get('Page/Role/Resource')!.logicalId;
      const allows = policyOf(pageBucket().logicalId)[0]!
        .filter((st) => st.Effect === 'Allow')
        .map((st) => ({ principal: (st as { Principal?: unknown }).Principal, actions: [st.Action].flat(), condition: st.Condition }));
      expect(allows).toEqual([
        {
          principal: { Service: 'cloudfront.amazonaws.com' },
          actions: ['s3:GetObject'],
          condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/',
                    { Ref: distributionId },
                  ],
                ],
              },
            },
          },
        },
        { principal: { AWS: { 'Fn::GetAtt': [uploadRole, 'Arn'] } }, actions: ['s3:ListBucket'], condition: undefined },
        {
          principal: { AWS: { 'Fn::GetAtt': [uploadRole, 'Arn'] } },
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          condition: undefined,
        },
      ]);
    });

    it('keeps the CDN and bucket access logs for the stage retention in a private, TLS-only bucket CloudFront can write to', () => {
      const logs = logBucket();
      expect(logs.DeletionPolicy).toBe('Retain');
      expect(logs.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        // CloudFront standard logs are delivered under an ACL grant: ACLs must stay enabled.
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: config.logRetention, Status: 'Enabled' }] },
      });
      expect(logs.Properties.AccessControl).toBeUndefined();
      const [statements] = policyOf(logs.logicalId);
      expect(statements).toContainEqual(tlsOnly());
      expect(statements!.filter((st) => st.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] } } }),
        }),
      ]);
      expect(exported(s.stateful, distributionConfig(s).Logging.Bucket)).toEqual({ 'Fn::GetAtt': [logs.logicalId, 'RegionalDomainName'] });
      expect(distributionConfig(s).Logging.Prefix).toBe('cloudfront/');
    });
  });

  describe('CDN', () => {
    const originOf = (behavior: { TargetOriginId: string }) =>
      (distributionConfig(s).Origins as { Id: string }[]).find((o) => o.Id === behavior.TargetOriginId) as Record<string, any>;
    const scanBehavior = () => distributionConfig(s).CacheBehaviors[0];
    const apiBehavior = () => distributionConfig(s).CacheBehaviors[1];

    it('serves the page from the page bucket through its Origin Access Control', () => {
      s.stateless.resourceCountIs('AWS::CloudFront::Distribution', 1);
      const oac = byPath(s.stateless, 'AWS::CloudFront::OriginAccessControl');
      expect(oac.size).toBe(1);
      const [control] = oac.values();
      expect(control!.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      const origin = originOf(distributionConfig(s).DefaultCacheBehavior);
      const [pageBucketId] = Object.keys(s.stateful.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: {} } }));
      expect(exported(s.stateful, origin.DomainName)).toEqual({ 'Fn::GetAtt': [pageBucketId, 'RegionalDomainName'] });
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [control!.logicalId, 'Id'] });
      expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
      expect(distributionConfig(s).DefaultCacheBehavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        CachePolicyId: CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
      });
      expect(distributionConfig(s).DefaultRootObject).toBe('index.html');
    });

    it('rewrites both page routes to the page on viewer requests of the default behaviour, and nothing else', () => {
      const functions = byPath(s.stateless, 'AWS::CloudFront::Function');
      expect(functions.size).toBe(1);
      const [fn] = functions.values();
      expect(fn!.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(distributionConfig(s).DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fn!.logicalId, 'FunctionARN'] } },
      ]);
      for (const behavior of distributionConfig(s).CacheBehaviors) expect(behavior.FunctionAssociations).toBeUndefined();
      // The deployed code itself, run the way CloudFront runs it: a script whose `handler` is called.
      const handler = new Function(`${fn!.Properties.FunctionCode}\nreturn handler;`)() as (event: unknown) => { uri: string };
      const uriAfter = (uri: string) => handler({ request: { uri, method: 'GET', headers: {} } }).uri;
      expect(uriAfter('/l/K7QX2M9PRT4WZ')).toBe('/index.html');
      expect(uriAfter('/01/06901234567892/10/K7QX2M9PRT4WZ')).toBe('/index.html');
      expect(uriAfter('/index.html')).toBe('/index.html');
      expect(uriAfter('/favicon.ico')).toBe('/favicon.ico');
      expect(uriAfter('/api/v1/scan/K7QX2M9PRT4WZ')).toBe('/api/v1/scan/K7QX2M9PRT4WZ');
    });

    it('sends scan lookups to the API, cached on the path alone for as long as the origin says', () => {
      expect(distributionConfig(s).CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual([
        `${routes.scanLot.path.replace('{lotCode}', '*')}`,
        '/api/*',
      ]);
      const scan = scanBehavior();
      expect(originOf(scan).CustomOriginConfig).toBeDefined();
      expect(scan).toMatchObject({ AllowedMethods: ['GET', 'HEAD'], CachedMethods: ['GET', 'HEAD'], ViewerProtocolPolicy: 'https-only' });
      expect(scan.OriginRequestPolicyId).toBeUndefined();
      const policy = s.stateless.findResources('AWS::CloudFront::CachePolicy')[scan.CachePolicyId.Ref]!.Properties.CachePolicyConfig;
      expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
      });
      expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
      // stale-if-error keeps serving a scan for a day while the origin fails.
      expect(policy.MaxTTL).toBeGreaterThanOrEqual(86_400);
    });

    it('sends every other API path to the API uncached, with all viewer headers but Host', () => {
      expect(apiBehavior()).toMatchObject({
        PathPattern: '/api/*',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'https-only',
        TargetOriginId: scanBehavior().TargetOriginId,
      });
    });

    it(`reaches the API at its execute-api host over TLS 1.2, ${config.originShield ? 'through' : 'without'} Origin Shield`, () => {
      const [apiId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
      const origin = originOf(apiBehavior());
      expect(origin.DomainName).toEqual({
        'Fn::Join': ['', [{ Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
      });
      expect(origin.CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(origin.OriginShield).toEqual(config.originShield ? { Enabled: true, OriginShieldRegion: { Ref: 'AWS::Region' } } : undefined);
    });

    it("adds a strict CSP that allows exactly the deployed page's inline script and style, HSTS and no framing to every response", () => {
      const policies = byPath(s.stateless, 'AWS::CloudFront::ResponseHeadersPolicy');
      expect(policies.size).toBe(1);
      const [policy] = policies.values();
      const html = readFileSync(path.join(deployedPage(s), 'index.html'), 'utf8');
      const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
      const inline = (tag: string) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => sha256(m[1]!));
      expect(policy!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
        ContentSecurityPolicy: {
          ContentSecurityPolicy: [
            "default-src 'none'",
            ["script-src 'self'", ...inline('script')].join(' '),
            ["style-src 'self'", ...inline('style')].join(' '),
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
          ].join('; '),
          Override: true,
        },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Preload: true, Override: true },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
      });
      expect(JSON.stringify(policy!.Properties)).not.toContain('unsafe-');
      const behaviors = [distributionConfig(s).DefaultCacheBehavior, ...distributionConfig(s).CacheBehaviors];
      for (const behavior of behaviors) expect(behavior.ResponseHeadersPolicyId).toEqual({ Ref: policy!.logicalId });
    });

    if (config.domain) {
      it('serves HTTP/2 and 3 on its own domain, with its certificate and TLS 1.2 at least', () => {
        expect(distributionConfig(s)).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_200' });
        expect(distributionConfig(s).Aliases).toEqual([DOMAIN]);
        expect(distributionConfig(s).ViewerCertificate).toEqual({
          AcmCertificateArn: CERTIFICATE_ARN,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        });
      });
    } else {
      it('serves HTTP/2 and 3 on the default certificate, whose TLS floor CloudFront fixes (acknowledged below)', () => {
        expect(distributionConfig(s)).toMatchObject({ HttpVersion: 'http2and3', IPV6Enabled: true, PriceClass: 'PriceClass_200' });
        expect(distributionConfig(s).ViewerCertificate).toBeUndefined();
        expect(distributionConfig(s).Aliases).toBeUndefined();
      });
    }

    it('filters every request through the web ACL of the edge stack, which deploys first', () => {
      expect(distributionConfig(s).WebACLId).toEqual({
        'Fn::GetStackOutput': { StackName: ids.edge, OutputName: 'WebAclArn', Region: 'us-east-1' },
      });
      const [webAclId] = Object.keys(s.edge.findResources('AWS::WAFv2::WebACL'));
      expect(s.edge.findOutputs('WebAclArn').WebAclArn!.Value).toEqual({ 'Fn::GetAtt': [webAclId, 'Arn'] });
      expect(s.assembly.getStackArtifact(ids.stateless).dependencies.map((d) => d.id)).toContain(ids.edge);
    });

    it('uploads the built page and invalidates only /index.html, of this distribution', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const [pageBucketId] = Object.keys(s.stateful.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: {} } }));
      const uploads = Object.values(s.stateless.findResources('Custom::CDKBucketDeployment'));
      expect(uploads).toHaveLength(1);
      const upload = uploads[0]!.Properties;
      expect(exported(s.stateful, upload.DestinationBucketName)).toEqual({ Ref: pageBucketId });
      expect(upload).toMatchObject({
        DistributionId: { Ref: distributionId },
        DistributionPaths: ['/index.html'],
        Prune: false,
        SystemMetadata: { 'cache-control': expect.stringMatching(/max-age=\d+/) },
      });
      expect(readFileSync(path.join(deployedPage(s), 'index.html'), 'utf8')).toMatch(/^<!doctype html>/i);

      const distributionArn = {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }],
        ],
      };
      const role = byPath(s.stateless, 'AWS::IAM::Policy').get('Page/Role/DefaultPolicy/Resource')!;
      const granted = (role.Properties.PolicyDocument.Statement as Statement[]).map((st) => [[st.Action].flat().join(), st.Resource]);
      expect(granted).toEqual([
        ['logs:CreateLogStream,logs:PutLogEvents', { 'Fn::GetAtt': [expect.stringMatching(/^PageLogGroup/), 'Arn'] }],
        ['s3:GetObject', { 'Fn::Join': ['', expect.arrayContaining([`/${upload.SourceObjectKeys[0]}`])] }],
        ['cloudfront:CreateInvalidation', distributionArn],
        ['cloudfront:GetInvalidation', distributionArn],
      ]);
    });
  });

  describe('edge stack (web ACL)', () => {
    const webAcl = () => Object.values(s.edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    const rule = (name: string) => (webAcl().Rules as { Name: string }[]).find((r) => r.Name === name) as Record<string, any>;
    /** A match on the decoded, normalized URI path, so `%2F` or `//` cannot step around it. */
    const onPath = (constraint: string, text: string) => ({
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: constraint,
        SearchString: text,
        TextTransformations: [
          { Priority: 0, Type: 'URL_DECODE' },
          { Priority: 1, Type: 'NORMALIZE_PATH' },
        ],
      },
    });
    const tooManyRequests = { Block: { CustomResponse: { ResponseCode: 429 } } };

    it('holds one CloudFront web ACL in us-east-1 that allows what no rule blocks', () => {
      expect(s.assembly.getStackArtifact(ids.edge).environment.region).toBe('us-east-1');
      s.edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
      expect(webAcl()).toMatchObject({ Name: `VillageDirect-${stage}`, Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
      expect((webAcl().Rules as { Name: string; Priority: number }[]).map((r) => `${r.Priority} ${r.Name}`)).toEqual([
        '0 ScanRateLimit',
        '1 WebhookRateLimit',
        '2 KnownBadInputs',
        '3 CommonRuleSet',
      ]);
    });

    it('answers 429 to an IP that sends more scan lookups in 5 minutes than the stage allows', () => {
      expect(routes.scanLot.path).toMatch(/^\/api\/v1\/scan\/\{/);
      expect(rule('ScanRateLimit')).toMatchObject({
        Action: tooManyRequests,
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            Limit: config.firewall.scanRequestsPerIp,
            ScopeDownStatement: onPath('STARTS_WITH', '/api/v1/scan/'),
          },
        },
      });
    });

    it('answers 429 to an IP that posts more store receipts in 5 minutes than the stage allows', () => {
      expect(routes.receiveReceipt.path).toMatch(/^\/api\/v1\/stores\/\{\w+\}\/receipts$/);
      expect(rule('WebhookRateLimit')).toMatchObject({
        Action: tooManyRequests,
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            Limit: config.firewall.webhookRequestsPerIp,
            ScopeDownStatement: {
              AndStatement: { Statements: [onPath('STARTS_WITH', '/api/v1/stores/'), onPath('ENDS_WITH', '/receipts')] },
            },
          },
        },
      });
    });

    it('blocks known bad inputs and only counts the common rule set, whose body rules flag ops JSON', () => {
      expect(rule('KnownBadInputs')).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
      });
      expect(rule('CommonRuleSet')).toMatchObject({
        OverrideAction: { Count: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
      });
    });

    it('publishes CloudWatch metrics and sampled requests for the web ACL and each rule', () => {
      for (const { Name, VisibilityConfig } of [{ Name: webAcl().Name, VisibilityConfig: webAcl().VisibilityConfig }, ...webAcl().Rules]) {
        expect(VisibilityConfig, Name).toEqual({ CloudWatchMetricsEnabled: true, MetricName: Name, SampledRequestsEnabled: true });
      }
    });

    it('logs blocked and counted requests, without the Authorization header, for the stage retention', () => {
      const [webAclId] = Object.keys(s.edge.findResources('AWS::WAFv2::WebACL'));
      const [logGroupId, logGroup] = single(s.edge, 'AWS::Logs::LogGroup');
      expect(logGroup!.Properties).toMatchObject({
        LogGroupName: `aws-waf-logs-VillageDirect-${stage}`,
        RetentionInDays: config.logRetention,
      });
      const [logging] = Object.values(s.edge.findResources('AWS::WAFv2::LoggingConfiguration'));
      expect(logging!.Properties).toEqual({
        ResourceArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
        LogDestinationConfigs: [
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: logGroupId }],
            ],
          },
        ],
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
        LoggingFilter: {
          DefaultBehavior: 'DROP',
          Filters: [
            {
              Behavior: 'KEEP',
              Requirement: 'MEETS_ANY',
              Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
            },
          ],
        },
      });
      // Log delivery may write to this group only, on behalf of this account.
      const [policy] = Object.values(s.edge.findResources('AWS::Logs::ResourcePolicy'));
      expect(logging!.DependsOn).toEqual(Object.keys(s.edge.findResources('AWS::Logs::ResourcePolicy')));
      const document = joined(policy!.Properties.PolicyDocument);
      expect(JSON.parse(document).Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `{'Fn::GetAtt':['${logGroupId}','Arn']}`,
        }),
      ]);
    });
  });

  describe('alarms and dashboard', () => {
    const alarmsOf = (template: Template) =>
      Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as Record<string, any>);
    const alarmNamed = (template: Template, suffix: string) =>
      alarmsOf(template).find((a) => a.AlarmName === `VillageDirect-${stage}-${suffix}`)!;
    const functionIdOf = (group: FunctionGroup) =>
      byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.logicalId;
    /** A metric-math input as `id namespace name stat period dimensions`. */
    const inputs = (alarm: Record<string, any>) =>
      (alarm.Metrics as Record<string, any>[])
        .filter((m) => m.MetricStat)
        .map((m) => ({
          id: m.Id,
          metric: `${m.MetricStat.Metric.Namespace} ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat} ${m.MetricStat.Period}`,
          dimensions: Object.fromEntries(
            (m.MetricStat.Metric.Dimensions as { Name: string; Value: unknown }[]).map((d) => [d.Name, d.Value]),
          ),
        }));

    it('has one alarm per failure ops must act on: API 5xx, each function, the table, receipt exceptions and WAF blocks', () => {
      const named = (...suffixes: string[]) => suffixes.map((suffix) => `VillageDirect-${stage}-${suffix}`).sort();
      expect(
        alarmsOf(s.stateless)
          .map((a) => a.AlarmName)
          .sort(),
      ).toEqual(
        named(
          'api-5xx-rate',
          ...functionGroups.flatMap((g) => [`${g}-function-errors`, `${g}-function-throttles`]),
          'table-throttles',
          'receipt-exceptions',
        ),
      );
      // WAF reports a CloudFront web ACL's metrics in us-east-1 only, and alarms read their own region.
      expect(alarmsOf(s.edge).map((a) => a.AlarmName)).toEqual(named('waf-blocked-requests'));
    });

    it('notifies the alarm topic of its own stack when an alarm fires and when it clears, and takes no data as no breach', () => {
      for (const template of [s.stateless, s.edge]) {
        const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
        for (const alarm of alarmsOf(template)) {
          expect(alarm, alarm.AlarmName).toMatchObject({
            AlarmActions: [{ Ref: topicId }],
            OKActions: [{ Ref: topicId }],
            TreatMissingData: 'notBreaching',
            EvaluationPeriods: 1,
            AlarmDescription: expect.stringMatching(/.{60}/),
          });
        }
      }
    });

    it(`encrypts each alarm topic with a rotated key CloudWatch may use, refuses publishing without TLS, and emails ${config.alarmEmails.length} addresses`, () => {
      for (const template of [s.stateless, s.edge]) {
        const [topicId, topic] = single(template, 'AWS::SNS::Topic');
        const [keyId, key] = single(template, 'AWS::KMS::Key');
        expect(topic!.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
        expect(key!.Properties.EnableKeyRotation).toBe(true);
        expect(key!.Properties.KeyPolicy.Statement).toContainEqual({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
        });
        const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
        expect(policies.map((p) => p.Properties.Topics)).toEqual([[{ Ref: topicId }]]);
        expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
        const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((sub) => sub.Properties);
        for (const sub of subscriptions) expect(sub).toMatchObject({ Protocol: 'email', TopicArn: { Ref: topicId } });
        expect(subscriptions.map((sub) => sub.Endpoint).sort()).toEqual([...config.alarmEmails].sort());
      }
    });

    it('alarms when more than 1% of API requests answer 5xx in 5 minutes', () => {
      const [apiId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
      const alarm = alarmNamed(s.stateless, 'api-5xx-rate');
      expect(alarm).toMatchObject({ Threshold: thresholds.api5xxPercent, ComparisonOperator: 'GreaterThanThreshold' });
      expect(thresholds.api5xxPercent).toBe(1);
      expect(alarm.Metrics[0]).toMatchObject({
        Expression: `IF(errors >= ${thresholds.api5xxMinimum}, 100 * errors / requests, 0)`,
        ReturnData: true,
      });
      expect(inputs(alarm)).toEqual([
        { id: 'errors', metric: 'AWS/ApiGateway 5xx Sum 300', dimensions: { ApiId: { Ref: apiId } } },
        { id: 'requests', metric: 'AWS/ApiGateway Count Sum 300', dimensions: { ApiId: { Ref: apiId } } },
      ]);
    });

    it('alarms on any error and any throttle of each function', () => {
      for (const group of functionGroups) {
        for (const [kind, metricName] of [
          ['errors', 'Errors'],
          ['throttles', 'Throttles'],
        ] as const) {
          expect(alarmNamed(s.stateless, `${group}-function-${kind}`), `${group} ${kind}`).toMatchObject({
            Namespace: 'AWS/Lambda',
            MetricName: metricName,
            Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIdOf(group) } }],
            Statistic: 'Sum',
            Period: 300,
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          });
        }
      }
    });

    it('alarms on any read or write throttle of the table or one of its indexes', () => {
      const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
      const alarm = alarmNamed(s.stateless, 'table-throttles');
      expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const metrics = inputs(alarm);
      for (const m of metrics) expect(exported(s.stateful, m.dimensions.TableName)).toEqual({ Ref: tableId });
      expect(metrics.map((m) => `${m.metric} ${String(m.dimensions.GlobalSecondaryIndexName ?? 'table')}`).sort()).toEqual(
        ['table', ...tableDefinition.globalSecondaryIndexes.map((gsi) => gsi.indexName)]
          .flatMap((on) => [`AWS/DynamoDB ReadThrottleEvents Sum 300 ${on}`, `AWS/DynamoDB WriteThrottleEvents Sum 300 ${on}`])
          .sort(),
      );
      // Throttle events are published only when they happen: every input counts as 0 when quiet.
      expect(alarm.Metrics[0].Expression).toBe(metrics.map((m) => `FILL(${m.id}, 0)`).join(' + '));
    });

    it('alarms on 5 receipt exceptions in 15 minutes, reading the very metric the functions emit', () => {
      count(METRIC.receiptException);
      const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      metrics.clearMetrics();
      const [directive] = emf._aws.CloudWatchMetrics;
      const alarm = alarmNamed(s.stateless, 'receipt-exceptions');
      expect(alarm).toMatchObject({
        Namespace: directive!.Namespace,
        MetricName: METRIC.receiptException,
        Statistic: 'Sum',
        Period: 900,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(directive!.Metrics.map((m) => m.Name)).toEqual([alarm.MetricName]);
      expect(alarm.Dimensions).toEqual(directive!.Dimensions[0]!.map((name) => ({ Name: name, Value: emf[name] })));
    });

    it('alarms in us-east-1 when the web ACL blocks 100 requests in 5 minutes', () => {
      const alarm = alarmNamed(s.edge, 'waf-blocked-requests');
      const webAcl = Object.values(s.edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
      expect(alarm).toMatchObject({
        Namespace: 'AWS/WAFV2',
        MetricName: 'BlockedRequests',
        Dimensions: [
          { Name: 'Rule', Value: 'ALL' },
          { Name: 'WebACL', Value: webAcl.VisibilityConfig.MetricName },
        ],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 100,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    });

    it('charts scans, intakes, receipts, exceptions, p99 latency and errors, with CDN and WAF metrics from us-east-1', () => {
      const [dashboard] = Object.values(s.stateless.findResources('AWS::CloudWatch::Dashboard'));
      const body = JSON.parse(joined(dashboard!.Properties.DashboardBody)) as {
        widgets: { type: string; properties: Record<string, any> }[];
      };
      const charted = body.widgets.flatMap((w) =>
        ((w.properties.metrics ?? []) as unknown[][]).map((m) => {
          const options = (typeof m.at(-1) === 'object' ? m.at(-1) : {}) as { stat?: string; region?: string };
          const [namespace, name, ...dimensions] = m.filter((x) => typeof x === 'string') as string[];
          return `${namespace} ${name} ${options.stat} ${dimensions.join('=')}${options.region ? ` @${options.region}` : ''}`;
        }),
      );
      const service = 'service=village-direct';
      expect(charted).toEqual(
        expect.arrayContaining([
          `VillageDirect ScanServed Sum ${service}`,
          `VillageDirect LotRecorded Sum ${service}`,
          `VillageDirect ReceiptApplied Sum ${service}`,
          `VillageDirect ReceiptException Sum ${service}`,
          `AWS/ApiGateway Latency p99 ApiId=${JSON.stringify({ Ref: Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'))[0] }).replace(/"/g, "'")}`,
          ...functionGroups.map((g) => `AWS/Lambda Duration p99 FunctionName={'Ref':'${functionIdOf(g)}'}`),
          ...functionGroups.map((g) => `AWS/Lambda Errors Sum FunctionName={'Ref':'${functionIdOf(g)}'}`),
          expect.stringMatching(/^AWS\/CloudFront Requests Sum DistributionId=.*=Region=Global @us-east-1$/),
          `AWS/WAFV2 BlockedRequests Sum Rule=ALL=WebACL=VillageDirect-${stage} @us-east-1`,
        ]),
      );
      // The exception and 5xx alarms with their thresholds, and the state of every alarm of the stack.
      const alarmIds = Object.keys(s.stateless.findResources('AWS::CloudWatch::Alarm'));
      const arnOf = (id: string) => `{'Fn::GetAtt':['${id}','Arn']}`;
      const annotated = body.widgets.flatMap((w) => (w.properties.annotations?.alarms ?? []) as string[]);
      expect(annotated.sort()).toEqual(
        [alarmNamed(s.stateless, 'receipt-exceptions'), alarmNamed(s.stateless, 'api-5xx-rate')]
          .map((a) =>
            arnOf(alarmIds.find((id) => s.stateless.findResources('AWS::CloudWatch::Alarm')[id]!.Properties.AlarmName === a.AlarmName)!),
          )
          .sort(),
      );
      const status = body.widgets.find((w) => w.type === 'alarm')!;
      expect([...status.properties.alarms].sort()).toEqual(alarmIds.map(arnOf).sort());
    });
  });

  it('outputs the public URL, the distribution, the API URL, the user pool and client ids, the dashboard link and the alarm topics', () => {
    const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
    const [apiId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
    const [poolId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPoolClient'));
    const output = (template: Template, name: string) => template.findOutputs(name)[name]!.Value;
    expect(output(s.stateless, 'PublicUrl')).toEqual(
      config.domain ? `https://${DOMAIN}` : { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
    );
    expect(output(s.stateless, 'DistributionId')).toEqual({ Ref: distributionId });
    expect(output(s.stateless, 'DistributionDomainName')).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    expect(JSON.stringify(output(s.stateless, 'ApiUrl'))).toContain(apiId);
    expect(output(s.stateful, 'UserPoolId')).toEqual({ Ref: poolId });
    expect(output(s.stateful, 'UserPoolClientId')).toEqual({ Ref: clientId });
    expect(output(s.stateless, 'DashboardUrl')).toEqual({
      'Fn::Join': [
        '',
        ['https://console.aws.amazon.com/cloudwatch/home?region=', { Ref: 'AWS::Region' }, `#dashboards:name=VillageDirect-${stage}`],
      ],
    });
    const [dashboard] = Object.values(s.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard!.Properties.DashboardName).toBe(`VillageDirect-${stage}`);
    for (const template of [s.stateless, s.edge]) {
      const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
      expect(output(template, 'AlarmTopicArn')).toEqual({ Ref: topicId });
    }
  });

  it('passes the cdk-nag AWS Solutions checks with no unacknowledged error or warning', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag, 'cdk-nag did not run').toBeDefined();
    for (const report of s.report.pluginReports) {
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath)}`)).toEqual([]);
    }
  });

  it('acknowledges only the expected findings, each on its own resource with a reason', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    const acknowledged = (nag.suppressedViolations ?? []).map((v) => {
      expect(v.reason.length, v.acknowledgedAt).toBeGreaterThan(40);
      const where = v.acknowledgedAt
        .replace(`${ids.stateless}/`, '')
        .replace(`${ids.edge}/`, 'edge:')
        .replace(`${ids.stateful}/`, 'stateful:')
        .replace(/^Custom::CDKBucketDeployment\w+$/, 'Custom::CDKBucketDeployment');
      return `${v.ruleName} @ ${where}`;
    });
    expect(acknowledged.sort()).toEqual(
      [
        // Routes without a JWT: public ones and the signed store webhook.
        ...routeList.filter((r) => !needsJwt(r)).map((r) => `AwsSolutions-APIG4 @ HttpApi/${r.operationId}`),
        // X-Ray's write actions name no resource; the scan function is not traced.
        ...tracedGroups.map((g) => `AwsSolutions-IAM5[Resource::*] @ ${g}-function/Role`),
        // The page bucket's TLS-only policy is in the stateless stack, next to the distribution it names.
        'AwsSolutions-S10 @ stateful:Site/Page',
        // No geo restriction; and, on a stage without a domain, the default certificate's fixed TLSv1 floor.
        'AwsSolutions-CFR1 @ Cdn/Distribution',
        ...(config.domain ? [] : ['AwsSolutions-CFR4 @ Cdn/Distribution']),
        // BucketDeployment's runtime is aws-cdk-lib's.
        'AwsSolutions-L1 @ Custom::CDKBucketDeployment',
      ].sort(),
    );
  });

  it('gives the webhook route its own reason for having no authorizer: the signature', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    const reason = (nag.suppressedViolations ?? []).find(
      (v) => v.ruleName === 'AwsSolutions-APIG4' && v.acknowledgedAt.endsWith('/HttpApi/receiveReceipt'),
    )?.reason;
    expect(reason).toMatch(/Standard Webhooks signature/);
    expect(reason).toMatch(/401 before any write/);
  });

  it('synthesizes without warnings', () => {
    const messages = s.assembly.stacks.flatMap((stack) =>
      stack.messages.filter((m) => m.level !== 'info').map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`),
    );
    expect(messages).toEqual([]);
  });
});

describe('stage differences', () => {
  it('keeps prod logs (functions, API, WAF) six months, past stack deletion, and dev logs a week', async () => {
    const retention = async (stage: Stage) => {
      const s = await synths.get(stage)!;
      const groups = [
        ...Object.values(s.stateless.findResources('AWS::Logs::LogGroup')),
        ...Object.values(s.edge.findResources('AWS::Logs::LogGroup')),
      ];
      expect(groups.length).toBe(functionGroups.length + 3); // the functions, the page upload, the API, the WAF
      return groups.map((g) => `${g.Properties.RetentionInDays} ${g.DeletionPolicy}`);
    };
    expect(new Set(await retention('prod'))).toEqual(new Set(['180 Retain']));
    expect(new Set(await retention('dev'))).toEqual(new Set(['7 Delete']));
  });
});

describe('stage differences, CDN', () => {
  it('puts Origin Shield in front of the API in prod only', async () => {
    const shield = async (stage: Stage) => {
      const config = distributionConfig(await synths.get(stage)!);
      return (config.Origins as { CustomOriginConfig?: unknown; OriginShield?: { Enabled: boolean } }[])
        .filter((o) => o.CustomOriginConfig)
        .map((o) => o.OriginShield?.Enabled ?? false);
    };
    expect(await shield('prod')).toEqual([true]);
    expect(await shield('dev')).toEqual([false]);
  });
});

describe('the cdk-nag gate', () => {
  it('fails synthesis on a public route added outside the route table', { timeout: 30_000 }, () => {
    // In memory, a failed validation throws; the CLI exits non-zero instead (the suites above).
    const app = new App({ context: { '@aws-cdk/core:appMode': 'inmemory' }, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'Probe');
    const users = new ProgramUserPool(stack, 'Users');
    const api = new ProgramHttpApi(stack, 'HttpApi', {
      userPool: users.userPool,
      userPoolClient: users.client,
      throttle: stageConfig('dev').throttle,
      logRetention: stageConfig('dev').logRetention,
      logRemovalPolicy: stageConfig('dev').logRemovalPolicy,
    });
    api.api.addRoutes({
      path: '/probe',
      integration: new HttpUrlIntegration('Probe', 'https://example.com'),
      authorizer: new HttpNoneAuthorizer(),
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-APIG4/);
  });
});
