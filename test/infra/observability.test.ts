// The alarms of both regions, their topics, and the dashboard. The receipt-exception alarm is checked
// against what the functions really emit.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it, vi } from 'vitest';
import { stages } from '../../infra/config';
import { thresholds } from '../../infra/constructs/thresholds';
import { type FunctionGroup, functionGroups } from '../../shared/routes';
import { tableDefinition } from '../../shared/table/definition';
import { configOf, REGION } from './support/stages';
import { synthesized } from './support/synthesized';
import { alarmNamed as alarmNamedIn, alarmsOf, metricInputs } from './support/alarms';
import { byPath, exported, joined, single } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);

  describe('alarms and dashboard', () => {
    const alarmNamed = (template: Template, suffix: string) => alarmNamedIn(template, stage, suffix);
    const functionIdOf = (group: FunctionGroup) =>
      byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.logicalId;
    const inputs = metricInputs;

    it('has one alarm per failure ops must act on: API and CDN 5xx, each function, account concurrency, the table, receipt exceptions and WAF blocks', () => {
      const named = (...suffixes: string[]) => suffixes.map((suffix) => `VillageDirect-${stage}-${suffix}`).sort();
      expect(
        alarmsOf(s.stateless)
          .map((a) => a.AlarmName)
          .sort(),
      ).toEqual(
        named(
          'api-5xx-rate',
          ...functionGroups.flatMap((g) => [`${g}-function-errors`, `${g}-function-throttles`, `${g}-function-near-timeout`]),
          'account-concurrency',
          'table-throttles',
          'receipt-exceptions',
          'recall-jobs-dead-letters',
          'export-jobs-dead-letters',
          'scan-log-jobs-dead-letters',
          'demand-aggregator-behind',
          'demand-aggregator-failures',
        ),
      );
      // WAF and CloudFront report in us-east-1 only, and an alarm reads metrics of its own region.
      expect(alarmsOf(s.edge).map((a) => a.AlarmName)).toEqual(named('waf-blocked-requests'));
      expect(alarmsOf(s.cdnTelemetry).map((a) => a.AlarmName)).toEqual(named('cdn-5xx-rate'));
    });

    it("notifies its region's alarm topic when an alarm fires and when it clears, and takes no data as no breach", () => {
      for (const [template, topicStack] of [
        [s.stateless, s.stateless],
        [s.edge, s.edge],
        [s.cdnTelemetry, s.edge],
      ] as const) {
        const [topicId] = Object.keys(topicStack.findResources('AWS::SNS::Topic'));
        // The CDN telemetry stack's alarm notifies the edge stack's topic, of the same region (an import).
        const topicOf = (action: unknown) => (template === topicStack ? action : exported(topicStack, action));
        for (const alarm of alarmsOf(template)) {
          expect(alarm.AlarmActions.map(topicOf), alarm.AlarmName).toEqual([{ Ref: topicId }]);
          expect(alarm.OKActions.map(topicOf), alarm.AlarmName).toEqual([{ Ref: topicId }]);
          expect(alarm, alarm.AlarmName).toMatchObject({
            TreatMissingData: 'notBreaching',
            EvaluationPeriods: 1,
            AlarmDescription: expect.stringMatching(/.{60}/),
          });
        }
      }
    });

    it(`lets this account's alarms publish to each alarm topic, encrypted with a rotated key they may use, refuses publishing without TLS, and emails ${config.alarmEmails.length} addresses`, () => {
      for (const template of [s.stateless, s.edge]) {
        const region = template === s.edge ? 'us-east-1' : REGION[stage];
        /** CloudWatch acts for this account's alarms in the topic's own region, and no one else's. */
        const ownAlarms = {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: { 'aws:SourceArn': `arn:{'Ref':'AWS::Partition'}:cloudwatch:${region}:{'Ref':'AWS::AccountId'}:alarm:*` },
        };
        /** A statement with its source ARN condition read as text. */
        const readable = (st: Record<string, any>) =>
          st.Condition?.ArnLike
            ? { ...st, Condition: { ...st.Condition, ArnLike: { 'aws:SourceArn': joined(st.Condition.ArnLike['aws:SourceArn']) } } }
            : st;
        const [topicId, topic] = single(template, 'AWS::SNS::Topic');
        const [keyId, key] = single(template, 'AWS::KMS::Key');
        expect(topic!.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
        expect(key!.Properties.EnableKeyRotation).toBe(true);
        expect(key!.Properties.KeyPolicy.Statement.map(readable)).toContainEqual({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: ownAlarms,
        });
        const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
        expect(policies.map((p) => p.Properties.Topics)).toEqual([[{ Ref: topicId }]]);
        expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
        // A topic policy replaces SNS's default one: without this Allow, alarms cannot publish at all.
        expect(policies[0]!.Properties.PolicyDocument.Statement.map(readable)).toContainEqual({
          Sid: 'CloudWatchAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: topicId },
          Condition: ownAlarms,
        });
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

    it(`alarms when an invocation of a function takes ${thresholds.functionTimeoutShare * 100}% of its timeout`, () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      for (const group of functionGroups) {
        const timeoutSeconds = functions.get(`${group}-function/Function/Resource`)!.Properties.Timeout as number;
        expect(alarmNamed(s.stateless, `${group}-function-near-timeout`), group).toMatchObject({
          Namespace: 'AWS/Lambda',
          MetricName: 'Duration',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionIdOf(group) } }],
          Statistic: 'Maximum',
          Period: 300,
          Threshold: timeoutSeconds * 1000 * 0.8,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        });
      }
    });

    it(`alarms when the account runs ${thresholds.accountConcurrencyShare * 100}% of its Lambda concurrency quota at once`, () => {
      expect(alarmNamed(s.stateless, 'account-concurrency')).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'ConcurrentExecutions',
        Statistic: 'Maximum',
        Period: 300,
        Threshold: config.lambdaConcurrencyQuota * 0.8,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      // Account-wide: no function dimension.
      expect(alarmNamed(s.stateless, 'account-concurrency').Dimensions).toBeUndefined();
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

    it(`alarms on 5 receipt exceptions in 15 minutes, reading the very metric the ${stage} functions emit and no other stage's`, async () => {
      // The functions' metrics module as a function of this stage loads it: with STAGE set to the stage.
      vi.stubEnv('STAGE', stage);
      vi.resetModules();
      const { count, METRIC, metrics } = await import('../../functions/commons/metrics');
      vi.unstubAllEnvs();
      count(METRIC.receiptException);
      const emf = metrics.serializeMetrics() as unknown as Record<string, unknown> & {
        _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
      };
      metrics.clearMetrics();
      expect(emf.stage).toBe(stage);
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
      const service = `service=village-direct=stage=${stage}`;
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
});
