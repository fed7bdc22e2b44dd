// The program's dashboard: the business counters the functions emit (scans, intakes, receipts,
// exceptions) beside latency, errors and throttles, and the CDN's and the WAF's metrics.
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { AlarmStatusWidget, AlarmWidget, Dashboard, GraphWidget, type IWidget, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { METRIC } from '../../shared/metrics';
import type { FunctionGroup } from '../../shared/routes';
import type { ServiceAlarms } from './service-alarms';
import { businessMetric, FIVE_MINUTES } from './thresholds';

export interface ProgramDashboardProps {
  /** The dashboard's name, e.g. `VillageDirect-prod`. */
  readonly name: string;
  /** The stage whose business counters are charted (their `stage` dimension). */
  readonly stage: string;
  /** The HTTP API whose latency and 4xx answers are charted. */
  readonly api: HttpApi;
  /** The function of each route group. */
  readonly functions: Readonly<Record<FunctionGroup, IFunction>>;
  /** The distribution whose requests and error rates (us-east-1 metrics) are charted. */
  readonly distribution: IDistribution;
  /** The web ACL's blocked requests (a us-east-1 metric); its alarm lives in the edge stack. */
  readonly wafBlockedRequests: Metric;
  /** The alarms of the stage's region: two shown with their thresholds, and the state of all. */
  readonly alarms: ServiceAlarms;
}

/** One CloudWatch dashboard, a day wide by default, named after the stage. */
export class ProgramDashboard extends Dashboard {
  /** The dashboard in the CloudWatch console of the stack's region. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ProgramDashboardProps) {
    super(scope, id, { dashboardName: props.name, defaultInterval: Duration.days(1), widgets: widgetsOf(props) });
    const region = Stack.of(this).region;
    this.url = `https://console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${props.name}`;
  }
}

/** The dashboard's rows, top to bottom. */
function widgetsOf(props: ProgramDashboardProps): IWidget[][] {
  const { api, functions, alarms, stage } = props;
  const groups = Object.keys(functions) as FunctionGroup[];
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

  return [
    [
      new GraphWidget({
        title: 'Scans',
        left: [
          businessMetric(METRIC.scanServed, stage).with({ label: 'Scans served by the origin (cache misses)' }),
          businessMetric(METRIC.scanNotFound, stage).with({ label: 'Unknown lot codes' }),
        ],
        right: [cdn('Requests', 'Sum').with({ label: 'CDN requests (page and lookups)' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'Harvest intake and recalls',
        left: [
          businessMetric(METRIC.lotRecorded, stage).with({ label: 'Lots recorded' }),
          businessMetric(METRIC.lotRecalled, stage).with({ label: 'Lots recalled' }),
        ],
        width: 8,
      }),
      new GraphWidget({
        title: 'Store receipts',
        left: [
          businessMetric(METRIC.receiptApplied, stage).with({ label: 'Applied' }),
          businessMetric(METRIC.receiptException, stage).with({ label: 'Kept as exceptions' }),
        ],
        width: 8,
      }),
    ],
    [
      new AlarmWidget({ title: 'Receipt exceptions (15 minutes)', alarm: alarms.receiptExceptions, width: 8 }),
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
      new AlarmWidget({ title: 'API 5xx (% of requests)', alarm: alarms.api5xx, width: 8 }),
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
        right: [alarms.tableThrottles],
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
    [new AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms.all], width: 24 })],
  ];
}
