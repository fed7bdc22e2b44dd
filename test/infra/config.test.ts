import { describe, expect, it } from 'vitest';
import { stackIds, stageConfig, stages } from '../../infra/config';

describe('stage configuration', () => {
  it('defaults to dev when no stage is given', () => {
    expect(stageConfig(undefined).stage).toBe('dev');
  });

  it('refuses a stage it does not know, naming the known ones', () => {
    expect(() => stageConfig('qa')).toThrow(/Unknown stage "qa"; expected one of: dev, prod/);
  });

  it('names the stacks of each stage apart, so dev and prod can share an account', () => {
    const prod: string[] = Object.values(stackIds('prod'));
    expect(Object.values(stackIds('dev')).filter((id) => prod.includes(id))).toEqual([]);
  });

  it.each(stages)('throttles %s webhooks below the stage default, with a burst of at least one second of the rate', (stage) => {
    const { throttle, webhookThrottle } = stageConfig(stage);
    expect(webhookThrottle.rateLimit).toBeLessThan(throttle.rateLimit);
    expect(webhookThrottle.burstLimit).toBeLessThan(throttle.burstLimit);
    expect(webhookThrottle.burstLimit).toBeGreaterThanOrEqual(webhookThrottle.rateLimit);
  });
});
