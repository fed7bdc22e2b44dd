import { describe, expect, it } from 'vitest';
import { stackIds, stageConfig } from '../../infra/config';

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
});
