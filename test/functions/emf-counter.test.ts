// The scan function's counters are written without Powertools (to stay within its bundle budget). The
// dashboard and alarms read them with the other functions' counters, so each line must say what the line
// Powertools' Metrics writes for the same count says.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/metrics';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A fresh copy of the counter, which reads POWERTOOLS_METRICS_DISABLED when it loads. */
async function counterWith(disabled: string) {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled);
  vi.resetModules();
  return (await import('../../functions/commons/emf-counter')).countMetric;
}

/** The JSON documents written to stdout while `act` runs and just after (the counter writes in the check phase). */
async function written(act: () => void): Promise<Record<string, any>[]> {
  let text = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    text += String(chunk);
    return true;
  });
  act();
  await new Promise((resolve) => setImmediate(resolve));
  vi.restoreAllMocks();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

const withoutTime = ({ _aws: { Timestamp, ...aws }, ...rest }: Record<string, any>) => ({ _aws: aws, ...rest });

describe('the EMF counter', () => {
  it.each(Object.values(METRIC))('writes for %s the namespace, dimension, name, unit and value Powertools writes', async (name) => {
    const countMetric = await counterWith('false');
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const powertools = await written(() => {
      metrics.addMetric(name, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    });
    const ours = await written(() => countMetric(name));
    expect(ours).toHaveLength(1);
    expect(powertools).toHaveLength(1);
    expect(withoutTime(ours[0]!)).toEqual(withoutTime(powertools[0]!));
    expect(ours[0]!._aws.Timestamp).toBeCloseTo(Date.now(), -4);
  });

  it.each(['true', '1', 'TRUE '])('writes nothing when POWERTOOLS_METRICS_DISABLED is %j', async (value) => {
    const countMetric = await counterWith(value);
    expect(await written(() => countMetric(METRIC.scanServed))).toEqual([]);
  });
});
