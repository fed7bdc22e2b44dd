// Error logs and business counters in the shapes Powertools writes them (its Logger's JSON keys, its
// Metrics' embedded metric format), for the scan function alone. The two Powertools packages would
// add about 31 KB to a bundle whose budget is 10 % over a bare GetItem handler (docs/performance.md).
// Every other function uses Powertools itself; test/functions/plain-telemetry.test.ts sets the two
// outputs side by side, so the dashboard, the alarms and log queries cannot tell them apart.
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, SERVICE_NAME, type MetricName } from '../../shared/metrics';

/** Powertools' reading of a boolean environment variable; undefined when unset or unreadable. */
function flag(name: string): boolean | undefined {
  const value = process.env[name]?.toLowerCase();
  if (value === undefined) return undefined;
  if (['1', 'y', 'yes', 't', 'true', 'on'].includes(value)) return true;
  return ['0', 'n', 'no', 'f', 'false', 'off'].includes(value) ? false : undefined;
}

// Read once, at module load, as Powertools does. POWERTOOLS_METRICS_DISABLED wins over POWERTOOLS_DEV.
const metricsDisabled = flag('POWERTOOLS_METRICS_DISABLED') ?? flag('POWERTOOLS_DEV') ?? false;
const logLevel = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? '').toUpperCase();
const errorsSilenced = logLevel === 'CRITICAL' || logLevel === 'SILENT';

/**
 * One count of a business metric, in namespace VillageDirect with the `service` dimension. The line is
 * written in the event loop's check phase, just after the reply is handed back: off the shopper's
 * path, yet before the runtime can ask for the next invocation (that needs another I/O poll), so
 * before Lambda freezes the container.
 */
export function countMetric(name: MetricName): void {
  if (metricsDisabled) return;
  const Timestamp = Date.now();
  setImmediate(() => {
    const document = {
      _aws: { Timestamp, CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }] },
      service: SERVICE_NAME,
      [name]: 1,
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
  });
}

/** Where the error was thrown: the first `(file:line:column)` frame, as file:line. */
function locationOf(stack: string | undefined): string {
  const match = stack?.split('\n').map((line) => /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line)).find(Boolean);
  return match ? `${match[1]}:${Number(match[2])}` : '';
}

function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...attributes } = error;
  return { name, location: locationOf(stack), message, stack, cause: cause instanceof Error ? formatError(cause) : cause, ...attributes };
}

let coldStart = true;

/**
 * Marks the start of an invocation; the first one in a container is the cold start. Returns the
 * context keys of the invocation's log lines.
 */
export function invocationKeys(context: Context, correlationId: string | undefined): Record<string, unknown> {
  const keys = {
    cold_start: coldStart,
    function_arn: context.invokedFunctionArn,
    function_memory_size: context.memoryLimitInMB,
    function_name: context.functionName,
    function_request_id: context.awsRequestId,
    sampling_rate: 0,
    xray_trace_id: process.env._X_AMZN_TRACE_ID?.match(/Root=([^;]+)/)?.[1],
    correlation_id: correlationId,
  };
  coldStart = false;
  return keys;
}

/** An ERROR line with the invocation's keys and the error, unless the log level silences errors. */
export function logError(message: string, error: Error, keys: Record<string, unknown>): void {
  if (errorsSilenced) return;
  const { cold_start, ...rest } = keys;
  const line = { level: 'ERROR', message, timestamp: new Date().toISOString(), service: SERVICE_NAME, cold_start, ...rest, error: formatError(error) };
  // Errors go to stderr and metrics to stdout, as Powertools sends them; Lambda keeps both.
  process.stderr.write(`${JSON.stringify(line)}\n`);
}
