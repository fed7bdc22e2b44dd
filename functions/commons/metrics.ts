// Business metrics as CloudWatch embedded metric format: one namespace, a few named counters that
// the dashboard and alarms read. Disabled locally and in tests (POWERTOOLS_METRICS_DISABLED).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'VillageDirect';

/** Counter names shared with infra's dashboard and alarms. */
export const METRIC = {
  scanServed: 'ScanServed',
  scanNotFound: 'ScanNotFound',
  lotRecorded: 'LotRecorded',
  intakeRefused: 'IntakeRefused',
  receiptApplied: 'ReceiptApplied',
  receiptException: 'ReceiptException',
  lotRecalled: 'LotRecalled',
} as const;

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'village-direct' });

export function count(name: (typeof METRIC)[keyof typeof METRIC]): void {
  metrics.addMetric(name, MetricUnit.Count, 1);
}
