// What ops watch in the stage's own region: alarms that notify an encrypted SNS topic, and one
// dashboard of the business counters the functions emit beside latency and errors.
import type { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { ComparisonOperator, type Dashboard, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunctionGroup } from '../../shared/routes';
import { AlarmTopic } from './alarm-topic';
import { ProgramDashboard } from './dashboard';
import { addDeadLetterAlarm } from './dead-letter-alarm';
import type { JobQueue } from './job-queue';
import { addServiceAlarms } from './service-alarms';
import { FIVE_MINUTES, thresholds } from './thresholds';
import type { SingleTable } from './table';

export interface ObservabilityProps {
  /** Prefix of alarm names and the dashboard's name, e.g. `VillageDirect-prod`. */
  readonly name: string;
  /** The stage whose business metrics are alarmed on and charted (their `stage` dimension). */
  readonly stage: string;
  /** Who is emailed when an alarm fires or clears. */
  readonly alarmEmails: readonly string[];
  /** The HTTP API, alarmed on its 5xx answers and charted. */
  readonly api: HttpApi;
  /** The function of each route group. */
  readonly functions: Readonly<Record<FunctionGroup, IFunction>>;
  /** Each function's timeout, which its slowest invocations are alarmed against. */
  readonly timeouts: Readonly<Record<FunctionGroup, Duration>>;
  /** The account's Lambda concurrency quota in this region. */
  readonly lambdaConcurrencyQuota: number;
  /** The table, alarmed on its throttle events and its indexes'. */
  readonly table: SingleTable;
  /** The queue-fed background work by name (each kind of job, and the CDN's log files), alarmed on their dead-letter queues. */
  readonly jobQueues: Readonly<Record<string, JobQueue>>;
  /**
   * Workers fed by a stream, by name: alarmed when they fall behind (their iterator age) and when their
   * on-failure queue receives a batch.
   */
  readonly streamWorkers?: Readonly<Record<string, { readonly fn: IFunction; readonly failures: IQueue }>>;
  /** The shoppers' distribution, charted. */
  readonly distribution: IDistribution;
  /** The web ACL's blocked requests (a us-east-1 metric), shown on the dashboard; its alarm lives there. */
  readonly wafBlockedRequests: Metric;
}

/** The alarm topic, the alarms of the API, the functions and the table, and the program's dashboard. */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  /** The dashboard in the CloudWatch console of the stack's region. */
  readonly dashboardUrl: string;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { name, api, functions } = props;
    const topic = new AlarmTopic(this, 'Alarms', { emails: props.alarmEmails });
    this.topic = topic.topic;
    const service = addServiceAlarms(this, {
      name,
      stage: props.stage,
      topic,
      api,
      functions,
      timeouts: props.timeouts,
      lambdaConcurrencyQuota: props.lambdaConcurrencyQuota,
      table: props.table,
    });
    const deadLetters = Object.entries(props.jobQueues).map(([kind, jobs]) =>
      addDeadLetterAlarm(this, `${kind}-dead-letters`, {
        alarmName: `${name}-${kind}-jobs-dead-letters`,
        job: kind,
        queue: jobs.deadLetterQueue,
        topic,
      }),
    );
    const streamAlarms = Object.entries(props.streamWorkers ?? {}).flatMap(([worker, { fn, failures }]) => [
      topic.alarm(this, `${worker}-behind`, {
        alarmName: `${name}-${worker}-behind`,
        alarmDescription:
          `The ${worker} has not read a stream record for ${thresholds.streamBehindMinutes} minutes or more: a ` +
          "batch keeps failing (the worker's log says why) or it is throttled. Its figures wait until it catches up; " +
          'records it has not read in 24 hours leave the stream.',
        metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold: thresholds.streamBehindMinutes * 60_000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
      }),
      addDeadLetterAlarm(this, `${worker}-failures`, {
        alarmName: `${name}-${worker}-failures`,
        job: worker,
        queue: failures,
        topic,
        advice:
          'The message names the shard and the sequence numbers of stream records that left the stream before they ' +
          "could be counted: the weekly figures lack them. The worker's log has the cause (docs/operations.md, Demand figures).",
      }),
    ]);
    const alarms = { ...service, all: [...service.all, ...deadLetters, ...streamAlarms] };
    const dashboard = new ProgramDashboard(this, 'Dashboard', {
      name,
      stage: props.stage,
      api,
      functions,
      distribution: props.distribution,
      wafBlockedRequests: props.wafBlockedRequests,
      alarms,
    });
    this.dashboard = dashboard;
    this.dashboardUrl = dashboard.url;
  }
}
