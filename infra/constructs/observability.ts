// What ops watch: alarms that notify an encrypted SNS topic, and one dashboard of the business
// counters the functions emit (scans, intakes, receipts, exceptions) beside latency and errors.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import {
  Alarm,
  type AlarmProps,
  AlarmStatusWidget,
  AlarmWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, type MetricName } from '../../shared/metrics';
import type { FunctionGroup } from '../../shared/routes';
import { tableDefinition } from '../../shared/table/definition';
import { POWERTOOLS_SERVICE_NAME } from './api-function';
import type { SingleTable } from './table';

const FIVE_MINUTES = Duration.minutes(5);

/** Alarm thresholds, in one place so the operations guide can quote them. */
export const thresholds = {
  /** Percent of API requests answered 5xx in 5 minutes... */
  api5xxPercent: 1,
  /** ...once at least this many failed, so one error among a handful of night-time requests does not page. */
  api5xxMinimum: 3,
  /** Function errors (crashes, timeouts, out of memory; not 4xx/5xx answers) in 5 minutes. */
  functionErrors: 1,
  /** Invocations refused for lack of concurrency in 5 minutes. */
  functionThrottles: 1,
  /** Read and write throttle events on the table and its indexes in 5 minutes. */
  tableThrottleEvents: 1,
  /** Signed receipts kept as exceptions in 15 minutes: more than a stray unknown lot. */
  receiptExceptions: 5,
  /** Requests the WAF blocked in 5 minutes. */
  wafBlockedRequests: 100,
} as const;

/** One of the business counters the functions emit as embedded metrics (default dimension `service`). */
export function businessMetric(name: MetricName, period = FIVE_MINUTES): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
    statistic: 'Sum',
    period,
  });
}

export interface AlarmTopicProps {
  /** Addresses subscribed by email; each confirms once. */
  readonly emails: readonly string[];
}

/** An SNS topic for alarms, encrypted with a key CloudWatch may use and refusing publishes without TLS. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const key = new Key(this, 'Key', {
      description: `Encrypts the alarm notifications of ${Stack.of(this).stackName}`,
      enableKeyRotation: true,
      // It protects notifications in flight only, which SNS delivers or drops within hours.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch encrypts the notifications it publishes. The AWS managed SNS key's policy does
    // not let it, so alarms could not publish to a topic encrypted with that key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', { displayName: 'Village-direct alarms', masterKey: key, enforceSSL: true });
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
  }

  /** An alarm that notifies the topic when it fires and when it clears. No data (no traffic) is not a breach. */
  alarm(scope: Construct, id: string, props: Omit<AlarmProps, 'treatMissingData'>): Alarm {
    const alarm = new Alarm(scope, id, { ...props, treatMissingData: TreatMissingData.NOT_BREACHING });
    const notify = new SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    return alarm;
  }
}

export interface ObservabilityProps {
  /** Prefix of alarm names and the dashboard's name, e.g. `VillageDirect-prod`. */
  readonly name: string;
  /** Who is emailed when an alarm fires or clears. */
  readonly alarmEmails: readonly string[];
  readonly api: HttpApi;
  /** The function of each route group. */
  readonly functions: Readonly<Record<FunctionGroup, IFunction>>;
  readonly table: SingleTable;
  readonly distribution: IDistribution;
  /** The web ACL's blocked requests (a us-east-1 metric), shown on the dashboard; its alarm lives there. */
  readonly wafBlockedRequests: Metric;
}

/** The alarms of the API, the functions and the table, and the program's dashboard. */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  /** The dashboard in the CloudWatch console of the stack's region. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { api, functions, table, name } = props;
    const alarms = new AlarmTopic(this, 'Alarms', { emails: props.alarmEmails });
    this.topic = alarms.topic;
    const groups = Object.keys(functions) as FunctionGroup[];

    const api5xx = alarms.alarm(this, 'Api5xxRate', {
      alarmName: `${name}-api-5xx-rate`,
      alarmDescription:
        `More than ${thresholds.api5xxPercent}% of API requests answered 5xx in 5 minutes (at least ` +
        `${thresholds.api5xxMinimum} of them). A function, the table or an integration is failing: see the ` +
        "functions' logs and the API access log (status, integrationError).",
      metric: new MathExpression({
        expression: `IF(errors >= ${thresholds.api5xxMinimum}, 100 * errors / requests, 0)`,
        usingMetrics: {
          errors: api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
          requests: api.metricCount({ statistic: 'Sum', period: FIVE_MINUTES }),
        },
        label: 'API 5xx (% of requests)',
        period: FIVE_MINUTES,
      }),
      threshold: thresholds.api5xxPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });

    for (const group of groups) {
      const fn = functions[group];
      alarms.alarm(this, `${group}-errors`, {
        alarmName: `${name}-${group}-function-errors`,
        alarmDescription:
          `The ${group} function failed (an unhandled error, a timeout or running out of memory). Errors the ` +
          'handler maps to a response are not counted here. See its log group.',
        metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: thresholds.functionErrors,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
      alarms.alarm(this, `${group}-throttles`, {
        alarmName: `${name}-${group}-function-throttles`,
        alarmDescription:
          `Lambda refused invocations of the ${group} function for lack of concurrency; callers got 5xx. ` +
          "Check the account's concurrency and what else uses it.",
        metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
        threshold: thresholds.functionThrottles,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      });
    }

    // Throttle events are published only when they happen: FILL makes a quiet series count as 0.
    const throttleEvents: Record<string, IMetric> = {};
    const scopes: [string, Record<string, string>][] = [
      ['table', {}],
      ...tableDefinition.globalSecondaryIndexes.map((gsi): [string, Record<string, string>] => [
        `index_${gsi.indexName.replace(/\W/g, '_')}`,
        { GlobalSecondaryIndexName: gsi.indexName },
      ]),
    ];
    for (const [scopeId, dimensions] of scopes) {
      for (const kind of ['Read', 'Write']) {
        throttleEvents[`${scopeId}_${kind.toLowerCase()}s`] = new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: `${kind}ThrottleEvents`,
          dimensionsMap: { TableName: table.tableName, ...dimensions },
          statistic: 'Sum',
          period: FIVE_MINUTES,
        });
      }
    }
    const tableThrottles = new MathExpression({
      expression: Object.keys(throttleEvents)
        .map((id) => `FILL(${id}, 0)`)
        .join(' + '),
      usingMetrics: throttleEvents,
      label: 'Table and index throttle events',
      period: FIVE_MINUTES,
    });
    alarms.alarm(this, 'TableThrottles', {
      alarmName: `${name}-table-throttles`,
      alarmDescription:
        'DynamoDB throttled reads or writes on the table or an index (a hot partition, or the on-demand ' +
        'peak doubling in under 30 minutes). Throttled requests that exhaust SDK retries answer 503.',
      metric: tableThrottles,
      threshold: thresholds.tableThrottleEvents,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    const receiptExceptions = alarms.alarm(this, 'ReceiptExceptions', {
      alarmName: `${name}-receipt-exceptions`,
      alarmDescription:
        `${thresholds.receiptExceptions} or more signed store receipts in 15 minutes could not be applied and were ` +
        'kept as exceptions (unknown lot, conflicting replay, invalid body). Farmers are not paid for them until ' +
        'ops resolve them: GET /api/v1/receipts/exceptions.',
      metric: businessMetric(METRIC.receiptException, Duration.minutes(15)),
      threshold: thresholds.receiptExceptions,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    // CloudFront reports in us-east-1, with Region "Global".
    const cdn = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
        statistic,
        period: FIVE_MINUTES,
        region: 'us-east-1',
      });
    const perFunction = (metric: (fn: IFunction) => Metric) => groups.map((group) => metric(functions[group]));

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: name,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new GraphWidget({
            title: 'Scans',
            left: [
              businessMetric(METRIC.scanServed).with({ label: 'Scans served by the origin (cache misses)' }),
              businessMetric(METRIC.scanNotFound).with({ label: 'Unknown lot codes' }),
            ],
            right: [cdn('Requests', 'Sum').with({ label: 'CDN requests (page and lookups)' })],
            width: 8,
          }),
          new GraphWidget({
            title: 'Harvest intake and recalls',
            left: [
              businessMetric(METRIC.lotRecorded).with({ label: 'Lots recorded' }),
              businessMetric(METRIC.lotRecalled).with({ label: 'Lots recalled' }),
            ],
            width: 8,
          }),
          new GraphWidget({
            title: 'Store receipts',
            left: [
              businessMetric(METRIC.receiptApplied).with({ label: 'Applied' }),
              businessMetric(METRIC.receiptException).with({ label: 'Kept as exceptions' }),
            ],
            width: 8,
          }),
        ],
        [
          new AlarmWidget({ title: 'Receipt exceptions (15 minutes)', alarm: receiptExceptions, width: 8 }),
          new GraphWidget({
            title: 'API latency p99 (ms)',
            left: [
              api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES }).with({ label: 'API' }),
              api.metricIntegrationLatency({ statistic: 'p99', period: FIVE_MINUTES }).with({ label: 'Integration' }),
            ],
            width: 8,
          }),
          new GraphWidget({
            title: 'Function duration p99 (ms)',
            left: groups.map((group) => functions[group].metricDuration({ statistic: 'p99', period: FIVE_MINUTES }).with({ label: group })),
            width: 8,
          }),
        ],
        [
          new AlarmWidget({ title: 'API 5xx (% of requests)', alarm: api5xx, width: 8 }),
          new GraphWidget({
            title: 'Function errors and throttles',
            left: perFunction((fn) => fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES })).map((m, i) =>
              m.with({ label: `${groups[i]} errors` }),
            ),
            right: perFunction((fn) => fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES })).map((m, i) =>
              m.with({ label: `${groups[i]} throttles` }),
            ),
            width: 8,
          }),
          new GraphWidget({
            title: 'API 4xx and table throttles',
            left: [api.metricClientError({ statistic: 'Sum', period: FIVE_MINUTES }).with({ label: 'API 4xx' })],
            right: [tableThrottles],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'CDN error rates (%)',
            left: [cdn('4xxErrorRate', 'Average').with({ label: '4xx' }), cdn('5xxErrorRate', 'Average').with({ label: '5xx' })],
            width: 12,
          }),
          new GraphWidget({
            title: 'WAF blocked requests',
            left: [props.wafBlockedRequests.with({ label: 'Blocked (rate limits and managed rules)' })],
            width: 12,
          }),
        ],
        [new AlarmStatusWidget({ title: 'Alarms', alarms: this.node.findAll().filter((c): c is Alarm => c instanceof Alarm), width: 24 })],
      ],
    });
    const region = Stack.of(this).region;
    this.dashboardUrl = `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${name}`;
  }
}
