// What the alarms fire at, and the business counters the alarms and the dashboard read: in one
// place so the operations guide can quote them.
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, type MetricName, STAGE_DIMENSION } from '../../shared/metrics';
import { POWERTOOLS_SERVICE_NAME } from './api-function';

/** The period of every alarm and chart that does not name its own. */
export const FIVE_MINUTES = Duration.minutes(5);

/** Alarm thresholds. */
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
  /** Percent of the CDN's requests (what shoppers see) answered 5xx in 5 minutes... */
  cdn5xxPercent: 1,
  /** ...once at least this many failed, as for the API. */
  cdn5xxMinimum: 3,
  /** The share of its timeout a function's slowest invocation in 5 minutes may take before ops hear of it. */
  functionTimeoutShare: 0.8,
  /** The share of the account's Lambda concurrency in use at once (all functions, all stages) that alarms. */
  accountConcurrencyShare: 0.8,
  /** Messages waiting in a dead-letter queue: any is a job that failed every retry. */
  deadLetters: 1,
  /** How far behind its stream (the age of the last record it read) a stream worker may fall. */
  streamBehindMinutes: 15,
} as const;

/**
 * One of the business counters the functions emit as embedded metrics, in the series of one stage
 * (dimensions `service` and `stage`).
 */
export function businessMetric(name: MetricName, stage: string, period = FIVE_MINUTES): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME, [STAGE_DIMENSION]: stage },
    statistic: 'Sum',
    period,
  });
}
