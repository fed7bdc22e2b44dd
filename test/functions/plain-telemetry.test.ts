// The scan function writes its error logs and counters without Powertools (to stay within its bundle
// budget). Dashboards, alarms and log queries read those lines, so they must be what Powertools writes:
// each case below has Powertools and the plain writer produce the same line, and compares them.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/metrics';

const ENV_NAMES = [
  'POWERTOOLS_METRICS_DISABLED',
  'POWERTOOLS_DEV',
  'POWERTOOLS_LOG_LEVEL',
  'AWS_LAMBDA_LOG_LEVEL',
  'LOG_LEVEL',
  '_X_AMZN_TRACE_ID',
  'POWERTOOLS_LOGGER_SAMPLE_RATE',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
];
const saved = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  vi.restoreAllMocks();
});

function setEnv(env: Record<string, string | undefined>) {
  for (const name of ENV_NAMES) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
}

/** A fresh copy of the plain writer, which reads its environment at load as Powertools does. */
async function plainTelemetry() {
  vi.resetModules();
  return import('../../functions/commons/plain-telemetry');
}

/** The JSON documents written to stdout and stderr while `act` runs. */
async function written(act: () => unknown): Promise<Record<string, any>[]> {
  let text = '';
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      text += String(chunk);
      return true;
    }),
  );
  try {
    await act();
    // Counters are written in the check phase just after the call; wait for it.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  // Powertools writes one document per call without a separator; split between adjacent objects.
  return text
    .replace(/\}\s*\{"/g, '}\n{"')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

describe('counters', () => {
  it.each([
    { POWERTOOLS_METRICS_DISABLED: 'false' },
    { POWERTOOLS_METRICS_DISABLED: 'true' },
    { POWERTOOLS_METRICS_DISABLED: '1' },
    { POWERTOOLS_DEV: 'true' },
    { POWERTOOLS_METRICS_DISABLED: 'off' },
    {},
  ])('write what Powertools writes, or nothing when it writes nothing, with %o', async (env) => {
    setEnv(env);
    const { countMetric } = await plainTelemetry();
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const powertools = await written(() => {
      metrics.addMetric('ScanServed', MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    });
    const plain = await written(() => countMetric('ScanServed'));
    const withoutTime = (docs: Record<string, any>[]) => docs.map(({ _aws: { Timestamp, ...aws }, ...rest }) => ({ _aws: aws, ...rest }));
    expect(withoutTime(plain)).toEqual(withoutTime(powertools));
    expect(plain.length).toBe(
      env.POWERTOOLS_METRICS_DISABLED === 'false' || env.POWERTOOLS_METRICS_DISABLED === 'off' || Object.keys(env).length === 0 ? 1 : 0,
    );
  });
});

describe('error logs', () => {
  const context = {
    functionName: 'village-direct-scan',
    invokedFunctionArn: 'arn:aws:lambda:cn-north-1:1:function:scan',
    memoryLimitInMB: '1024',
    awsRequestId: 'req-1',
    functionVersion: '$LATEST',
    getRemainingTimeInMillis: () => 1000,
  } as unknown as Context;

  function storageFailure() {
    const cause = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });
    return Object.assign(new Error('The service is busy; retry with backoff', { cause }), {
      name: 'ServiceUnavailable',
      status: 503,
      code: 'service_unavailable',
    });
  }

  /** Both writers log one failure of one invocation (the first of the environment, or a later one). */
  async function bothLog(thrown: unknown, { warm }: { warm: boolean }) {
    const { startInvocation, logError } = await plainTelemetry();
    const logger = new Logger({ serviceName: SERVICE_NAME });
    if (warm) {
      logger.addContext(context);
      startInvocation(context, 'earlier-request');
    }
    const powertools = await written(() => {
      logger.addContext(context);
      logger.setCorrelationId('api-request-1');
      logger.error('request failed', { error: thrown });
    });
    const plain = await written(() => logError('request failed', thrown, startInvocation(context, 'api-request-1')));
    return { powertools, plain };
  }

  const withoutTime = ({ timestamp, ...rest }: Record<string, any>) => rest;

  it.each([
    ['default settings', {}],
    ['an X-Ray trace header', { _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' }],
    ['a bare X-Ray trace id', { _X_AMZN_TRACE_ID: '1-5759e988-bd862e3fe1be46a994272793' }],
    ['level ERROR', { POWERTOOLS_LOG_LEVEL: 'ERROR' }],
    ['an unknown level, which means INFO', { POWERTOOLS_LOG_LEVEL: 'silent' }],
    ['Lambda’s level ERROR over Powertools’ SILENT', { AWS_LAMBDA_LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'SILENT' }],
    ['a debug sampling rate', { POWERTOOLS_LOGGER_SAMPLE_RATE: '0' }],
    ['an on-demand environment', { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' }],
    ['provisioned concurrency', { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' }],
  ])('have Powertools’ keys, order and values, with %s, cold and warm', async (_, env) => {
    for (const warm of [false, true]) {
      setEnv(env);
      const { powertools, plain } = await bothLog(storageFailure(), { warm });
      expect(plain).toHaveLength(1);
      expect(Object.keys(plain[0]!)).toEqual(Object.keys(powertools[0]!));
      expect(withoutTime(plain[0]!)).toEqual(withoutTime(powertools[0]!));
      expect(plain[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('count only the first invocation of an on-demand environment as its cold start', async () => {
    setEnv({ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' });
    const { startInvocation } = await plainTelemetry();
    expect([1, 2, 3].map(() => startInvocation(context, 'r')().cold_start)).toEqual([true, false, false]);
  });

  const cyclic: Record<string, unknown> = { step: 'read' };
  cyclic.self = cyclic;
  it.each([
    ['a thrown string', 'boom'],
    ['a thrown plain object', { code: 'E_ODD', detail: { depth: 2 } }],
    ['nothing at all', undefined],
    ['an error with a BigInt and a cycle', Object.assign(new Error('odd'), { consumed: 10n, state: cyclic })],
    ['an AggregateError', new AggregateError([new TypeError('one'), new RangeError('two')], 'several')],
  ])('format %s as Powertools does, and never throw', async (_, thrown) => {
    setEnv({});
    const { powertools, plain } = await bothLog(thrown, { warm: true });
    expect(withoutTime(plain[0]!)).toEqual(withoutTime(powertools[0]!));
  });

  it.each([
    ['POWERTOOLS_LOG_LEVEL SILENT', { POWERTOOLS_LOG_LEVEL: 'SILENT' }],
    ['POWERTOOLS_LOG_LEVEL CRITICAL', { POWERTOOLS_LOG_LEVEL: 'CRITICAL' }],
    ['LOG_LEVEL SILENT', { LOG_LEVEL: 'SILENT' }],
    ['Lambda’s FATAL', { AWS_LAMBDA_LOG_LEVEL: 'FATAL' }],
    ['an empty Lambda level, then SILENT', { AWS_LAMBDA_LOG_LEVEL: ' ', POWERTOOLS_LOG_LEVEL: 'SILENT' }],
  ])('are silenced, as by Powertools, with %s', async (_, env) => {
    setEnv(env);
    const { powertools, plain } = await bothLog(storageFailure(), { warm: true });
    expect(powertools).toEqual([]);
    expect(plain).toEqual([]);
  });
});
