// The alarms of the stage's own region: API 5xx, each function's errors, throttles and slowest
// invocations, the account's Lambda concurrency, table throttles and receipt exceptions. The WAF's
// and the CDN's alarms live in us-east-1, next to their metrics.
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { type Alarm, ComparisonOperator, type IMetric, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { METRIC } from '../../shared/metrics';
import type { FunctionGroup } from '../../shared/routes';
import { tableDefinition } from '../../shared/table/definition';
import type { AlarmTopic } from './alarm-topic';
import type { SingleTable } from './table';
import { businessMetric, FIVE_MINUTES, thresholds } from './thresholds';

export interface ServiceAlarmsProps {
  /** Prefix of the alarm names, e.g. `VillageDirect-prod`. */
  readonly name: string;
  /** The stage whose business metrics are watched (their `stage` dimension). */
  readonly stage: string;
  /** The topic every alarm notifies when it fires and when it clears. */
  readonly topic: AlarmTopic;
  /** The HTTP API whose 5xx answers are watched. */
  readonly api: HttpApi;
  /** The function of each route group. */
  readonly functions: Readonly<Record<FunctionGroup, IFunction>>;
  /** Each function's timeout, which its slowest invocations are alarmed against. */
  readonly timeouts: Readonly<Record<FunctionGroup, Duration>>;
  /** The account's Lambda concurrency quota in this region. */
  readonly lambdaConcurrencyQuota: number;
  /** The table whose throttle events, and its indexes', are watched. */
  readonly table: SingleTable;
}

/** The alarms, and what the dashboard shows of them. */
export interface ServiceAlarms {
  /** The share of API requests answered 5xx. */
  readonly api5xx: Alarm;
  /** Signed receipts kept as exceptions. */
  readonly receiptExceptions: Alarm;
  /** The table's and its indexes' read and write throttle events, summed. */
  readonly tableThrottles: MathExpression;
  /** Every one of the alarms, in the order they were created. */
  readonly all: readonly Alarm[];
}

/**
 * Adds the alarms to `scope` itself, under the construct ids they were first deployed with: a node
 * of their own would change every alarm's logical id, and a deploy would replace them all.
 */
export function addServiceAlarms(scope: Construct, props: ServiceAlarmsProps): ServiceAlarms {
  const { api, functions, table, name, topic } = props;
  const api5xx = topic.alarm(scope, 'Api5xxRate', {
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

  const functionAlarms = (Object.keys(functions) as FunctionGroup[]).flatMap((group) => {
    const fn = functions[group];
    const errors = topic.alarm(scope, `${group}-errors`, {
      alarmName: `${name}-${group}-function-errors`,
      alarmDescription:
        `The ${group} function failed (an unhandled error, a timeout or running out of memory). Errors the ` +
        'handler maps to a response are not counted here. See its log group.',
      metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: thresholds.functionErrors,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    const throttles = topic.alarm(scope, `${group}-throttles`, {
      alarmName: `${name}-${group}-function-throttles`,
      alarmDescription:
        `Lambda refused invocations of the ${group} function for lack of concurrency; callers got 5xx. ` +
        "Check the account's concurrency and what else uses it.",
      metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: thresholds.functionThrottles,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    const limitMs = props.timeouts[group].toMilliseconds();
    const nearTimeout = topic.alarm(scope, `${group}-near-timeout`, {
      alarmName: `${name}-${group}-function-near-timeout`,
      alarmDescription:
        `An invocation of the ${group} function took ${thresholds.functionTimeoutShare * 100}% or more of its ` +
        `${limitMs / 1000}-second timeout in 5 minutes: a little slower and callers get errors. A slow table ` +
        'request, a retry loop under contention, or a cold start grown too large: see its log group and X-Ray.',
      metric: fn.metricDuration({ statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: Math.round(limitMs * thresholds.functionTimeoutShare),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    return [errors, throttles, nearTimeout];
  });

  const concurrencyLimit = Math.round(props.lambdaConcurrencyQuota * thresholds.accountConcurrencyShare);
  const concurrency = topic.alarm(scope, 'AccountConcurrency', {
    alarmName: `${name}-account-concurrency`,
    alarmDescription:
      `${concurrencyLimit} or more Lambda invocations ran at once in this account and region ` +
      `(${thresholds.accountConcurrencyShare * 100}% of its quota of ${props.lambdaConcurrencyQuota}), counting every ` +
      'function of every stage here. At the quota Lambda throttles and callers get 5xx: find the busiest function, ' +
      'and ask for a higher quota (then raise lambdaConcurrencyQuota in infra/config.ts).',
    metric: new Metric({ namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions', statistic: 'Maximum', period: FIVE_MINUTES }),
    threshold: concurrencyLimit,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  });

  const tableThrottles = tableThrottleEvents(table);
  const tableAlarm = topic.alarm(scope, 'TableThrottles', {
    alarmName: `${name}-table-throttles`,
    alarmDescription:
      'DynamoDB throttled reads or writes on the table or an index (a hot partition, or the on-demand ' +
      'peak doubling in under 30 minutes). Throttled requests that exhaust SDK retries answer 503.',
    metric: tableThrottles,
    threshold: thresholds.tableThrottleEvents,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  });

  const receiptExceptions = topic.alarm(scope, 'ReceiptExceptions', {
    alarmName: `${name}-receipt-exceptions`,
    alarmDescription:
      `${thresholds.receiptExceptions} or more signed store receipts in 15 minutes could not be applied and were ` +
      'kept as exceptions (unknown lot, conflicting replay, invalid body). Farmers are not paid for them until ' +
      'ops resolve them: GET /api/v1/receipts/exceptions.',
    metric: businessMetric(METRIC.receiptException, props.stage, Duration.minutes(15)),
    threshold: thresholds.receiptExceptions,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  });

  return {
    api5xx,
    receiptExceptions,
    tableThrottles,
    all: [api5xx, ...functionAlarms, concurrency, tableAlarm, receiptExceptions],
  };
}

/** Read and write throttle events of the table and of each index, summed in one expression. */
function tableThrottleEvents(table: SingleTable): MathExpression {
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
  return new MathExpression({
    expression: Object.keys(throttleEvents)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics: throttleEvents,
    label: 'Table and index throttle events',
    period: FIVE_MINUTES,
  });
}
