// Business metrics as CloudWatch embedded metric format: one namespace, a few named counters that
// the dashboard and alarms read, each in the series of its stage. Disabled locally and in tests
// (POWERTOOLS_METRICS_DISABLED).
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { readStage } from '../../shared/config';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME, STAGE_DIMENSION, type MetricName } from '../../shared/metrics';

export { METRIC, METRICS_NAMESPACE };

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: SERVICE_NAME,
  defaultDimensions: { [STAGE_DIMENSION]: readStage() },
});

export function count(name: MetricName): void {
  metrics.addMetric(name, MetricUnit.Count, 1);
}
