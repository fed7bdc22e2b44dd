// The scan function's counters are written without Powertools (to stay within its bundle budget). The
// dashboard and alarms read them with the other functions' counters, so each line must say what the line
// Powertools' Metrics writes for the same count says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRIC } from '../../shared/metrics';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Fresh copies of the counter and of the other functions' metrics, which read their settings when they load. */
async function counterWith(disabled: string, stage = 'prod') {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', disabled);
  vi.stubEnv('STAGE', stage);
  vi.resetModules();
  const { countMetric } = await import('../../functions/commons/emf-counter');
  return { countMetric, powertools: await import('../../functions/commons/metrics') };
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
  it.each(Object.values(METRIC))(
    'writes for %s the namespace, dimensions, name, unit and value the other functions write',
    async (name) => {
      const { countMetric, powertools: functions } = await counterWith('false');
      const powertools = await written(() => {
        functions.count(name);
        functions.metrics.publishStoredMetrics();
      });
      const ours = await written(() => countMetric(name));
      expect(ours).toHaveLength(1);
      expect(powertools).toHaveLength(1);
      expect(withoutTime(ours[0]!)).toEqual(withoutTime(powertools[0]!));
      expect(ours[0]).toMatchObject({ _aws: { CloudWatchMetrics: [{ Dimensions: [['service', 'stage']] }] }, stage: 'prod' });
      expect(ours[0]!._aws.Timestamp).toBeCloseTo(Date.now(), -4);
    },
  );

  it.each(['true', '1', 'TRUE '])('writes nothing when POWERTOOLS_METRICS_DISABLED is %j', async (value) => {
    const { countMetric } = await counterWith(value);
    expect(await written(() => countMetric(METRIC.scanServed))).toEqual([]);
  });

  it('counts in the local series outside Lambda, and refuses to load in Lambda without a stage', async () => {
    const { countMetric } = await counterWith('false', '');
    expect((await written(() => countMetric(METRIC.scanServed)))[0]).toMatchObject({ stage: 'local' });
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'scan');
    await expect(counterWith('false', '')).rejects.toThrow(/Missing environment variables: STAGE/);
  });
});
