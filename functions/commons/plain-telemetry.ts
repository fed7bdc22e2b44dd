// Error logs and business counters in the shapes Powertools writes them (its Logger's JSON keys, its
// Metrics' embedded metric format), for the scan function alone. The two Powertools packages would
// add about 31 KB to a bundle whose budget is 10 % over a bare GetItem handler (docs/performance.md).
// Every other function uses Powertools itself; test/functions/plain-telemetry.test.ts has both write
// the same events under the same settings and compares the lines. What this leaves out is listed
// in docs/performance.md: debug-log sampling and the pretty-printing of POWERTOOLS_DEV.
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE, SERVICE_NAME, type MetricName } from '../../shared/metrics';

const env = (name: string) => process.env[name]?.trim() ?? '';

/** Powertools' reading of a boolean environment variable; undefined when unset or unreadable. */
function flag(name: string): boolean | undefined {
  const value = env(name).toLowerCase();
  if (['1', 'y', 'yes', 't', 'true', 'on'].includes(value)) return true;
  return ['0', 'n', 'no', 'f', 'false', 'off'].includes(value) ? false : undefined;
}

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];
const valid = (level: string) => LEVELS.includes(level);

/**
 * Powertools' log level: Lambda's advanced logging controls first (FATAL meaning CRITICAL), then
 * POWERTOOLS_LOG_LEVEL or LOG_LEVEL, each only when it names a level; INFO otherwise.
 */
function logLevel(): string {
  const lambda = env('AWS_LAMBDA_LOG_LEVEL') === 'FATAL' ? 'CRITICAL' : env('AWS_LAMBDA_LOG_LEVEL');
  if (valid(lambda)) return lambda;
  const configured = env('POWERTOOLS_LOG_LEVEL') || env('LOG_LEVEL');
  return valid(configured) ? configured : 'INFO';
}

// Read once, at module load, as Powertools does. POWERTOOLS_METRICS_DISABLED wins over POWERTOOLS_DEV.
const metricsDisabled = flag('POWERTOOLS_METRICS_DISABLED') ?? flag('POWERTOOLS_DEV') ?? false;
const errorsSilenced = ['CRITICAL', 'SILENT'].includes(logLevel());
const sampleRate = Number(env('POWERTOOLS_LOGGER_SAMPLE_RATE') || 0);
const samplingRate = sampleRate >= 0 && sampleRate <= 1 ? sampleRate : 0;
/** Only an on-demand environment has cold starts; provisioned concurrency initialises ahead. */
let coldStart = env('AWS_LAMBDA_INITIALIZATION_TYPE') === 'on-demand';

/**
 * One count of a business metric, in namespace VillageDirect with the `service` dimension. The line is
 * written in the event loop's check phase, just after the handler has returned: off the shopper's path.
 * It is still written before Lambda can freeze the environment, which happens only while the runtime
 * waits for the next invocation: an event loop with an immediate pending does not block in its poll
 * phase, so the check phase runs first.
 */
export function countMetric(name: MetricName): void {
  if (metricsDisabled) return;
  const Timestamp = Date.now();
  setImmediate(() => {
    const document = {
      _aws: {
        Timestamp,
        CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: name, Unit: 'Count' }] }],
      },
      service: SERVICE_NAME,
      [name]: 1,
    };
    process.stdout.write(`${JSON.stringify(document)}\n`);
  });
}

/** Where the error was thrown: the first `(file:line:column)` frame, as file:line. */
function locationOf(stack: string | undefined): string {
  const match = stack
    ?.split('\n')
    .map((line) => /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line))
    .find(Boolean);
  return match ? `${match[1]}:${Number(match[2])}` : '';
}

function formatError(error: Error): Record<string, unknown> {
  const { name, message, stack, cause, ...attributes } = error;
  return { name, location: locationOf(stack), message, stack, cause: cause instanceof Error ? formatError(cause) : cause, ...attributes };
}

/** Powertools' JSON replacer: errors anywhere formatted, BigInts as strings, cycles dropped. */
function replacer() {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    const replaced = value instanceof Error ? formatError(value) : value;
    if (typeof replaced === 'bigint') return replaced.toString();
    if (typeof replaced === 'object' && replaced !== null) {
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}

/** The keys of an invocation's log lines, built only when a line is written. */
export type InvocationKeys = () => Record<string, unknown>;

/**
 * Marks the start of an invocation; the first one of an on-demand environment is the cold start. The
 * other keys are read when a line needs them, so a call that logs nothing pays for none of them.
 */
export function startInvocation(context: Context, correlationId: string | undefined): InvocationKeys {
  const cold = coldStart;
  coldStart = false;
  return () => ({
    cold_start: cold,
    function_arn: context.invokedFunctionArn,
    function_memory_size: context.memoryLimitInMB,
    function_name: context.functionName,
    function_request_id: context.awsRequestId,
    sampling_rate: samplingRate,
    xray_trace_id: traceId(),
    correlation_id: correlationId,
  });
}

/** The X-Ray root of this invocation, from the runtime's per-invocation store or the environment. */
function traceId(): string | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }).awslambda?.InvokeStore;
  const header = store?.getXRayTraceId() ?? env('_X_AMZN_TRACE_ID');
  if (!header) return undefined;
  if (!header.includes('=')) return header;
  return header
    .split(';')
    .map((field) => field.split('='))
    .find(([name]) => name === 'Root')?.[1];
}

/**
 * An ERROR line on stderr (where Powertools sends errors) with the invocation's keys and whatever was
 * thrown, unless the log level silences errors. It never throws: a log line must not turn a
 * handled failure into an unhandled one.
 */
export function logError(message: string, error: unknown, keys: InvocationKeys): void {
  if (errorsSilenced) return;
  const { cold_start, ...rest } = keys();
  const line = { level: 'ERROR', message, timestamp: new Date().toISOString(), service: SERVICE_NAME, cold_start, ...rest, error };
  let text: string;
  try {
    text = JSON.stringify(line, replacer());
  } catch {
    text = JSON.stringify({ ...line, error: 'the thrown value could not be serialised' });
  }
  process.stderr.write(`${text}\n`);
}
