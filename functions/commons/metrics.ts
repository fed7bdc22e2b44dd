// Business metrics as CloudWatch embedded metric format: one namespace, a few named counters that
// the dashboard and alarms read. Disabled locally and in tests (POWERTOOLS_METRICS_DISABLED).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME, type MetricName } from '../../shared/metrics';

export { METRIC, METRICS_NAMESPACE };

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export function count(name: MetricName): void {
  metrics.addMetric(name, MetricUnit.Count, 1);
}
