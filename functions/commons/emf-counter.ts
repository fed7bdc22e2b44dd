// One count of a business metric as a CloudWatch embedded-metric-format line on stdout, for the scan
// function, which carries no Powertools (docs/performance.md). The line has the namespace, `service`
// and `stage` dimensions and unit of the other functions' Powertools Metrics, so the dashboard and
// alarms read both.
import { readStage } from '../../shared/config';
import { METRICS_NAMESPACE, type MetricName, SERVICE_NAME, STAGE_DIMENSION } from '../../shared/metrics';

/** Read once, at load, as Powertools does: tests and the local server set it, the stacks never do. */
const disabled = /^(1|y|yes|t|true|on)$/i.test(process.env.POWERTOOLS_METRICS_DISABLED?.trim() ?? '');
const stage = readStage();

/**
 * The line is written in the event loop's check phase, just after the handler has returned: off the
 * shopper's path. It is still out before Lambda can freeze the environment, which happens only while the
 * runtime waits for the next invocation: an event loop with an immediate pending does not block in its
 * poll phase, so the check phase runs first.
 */
export function countMetric(name: MetricName): void {
  if (disabled) return;
  const Timestamp = Date.now();
  setImmediate(() => {
    const CloudWatchMetrics = [
      { Namespace: METRICS_NAMESPACE, Dimensions: [['service', STAGE_DIMENSION]], Metrics: [{ Name: name, Unit: 'Count' }] },
    ];
    const line = { _aws: { Timestamp, CloudWatchMetrics }, service: SERVICE_NAME, [STAGE_DIMENSION]: stage, [name]: 1 };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  });
}
