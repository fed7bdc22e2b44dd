// Reading the origin secret and checking a request's header against it.
import { describe, expect, it } from 'vitest';
import { originGuard } from '../../functions/commons/origin-guard';
import { ORIGIN_HEADER, readOriginSecrets, readStage } from '../../shared/config';

const A = 'a'.repeat(48);
const B = 'b'.repeat(48);
const inLambda = { AWS_LAMBDA_FUNCTION_NAME: 'scan', STAGE: 'prod' };

describe('the origin secret configuration', () => {
  it('accepts current, and next or previous during a rotation, and ignores other keys', () => {
    expect(readOriginSecrets({ ...inLambda, ORIGIN_SECRETS: JSON.stringify({ current: A }) })).toEqual([A]);
    expect(readOriginSecrets({ ...inLambda, ORIGIN_SECRETS: JSON.stringify({ current: A, next: B }) })).toEqual([A, B]);
    expect(readOriginSecrets({ ...inLambda, ORIGIN_SECRETS: JSON.stringify({ previous: B, current: A, note: 'x' }) })).toEqual([A, B]);
  });

  it('refuses, wherever it runs, a secret that is not JSON, has no current value or a value short enough to guess', () => {
    for (const value of [
      'not json',
      '[]',
      JSON.stringify({ next: A }),
      JSON.stringify({ current: 'short' }),
      JSON.stringify({ current: A, previous: 7 }),
    ]) {
      expect(() => readOriginSecrets({ ORIGIN_SECRETS: value }), value).toThrow(/ORIGIN_SECRETS/);
    }
  });

  it('is required in Lambda, and absent locally, where nothing stands in front of the functions', () => {
    expect(() => readOriginSecrets(inLambda)).toThrow(/Missing environment variables: ORIGIN_SECRETS/);
    expect(readOriginSecrets({})).toBeUndefined();
  });

  it('is not needed by a job worker, which reads only its stage, required in Lambda too', () => {
    expect(readStage(inLambda)).toBe('prod');
    expect(() => readStage({ AWS_LAMBDA_FUNCTION_NAME: 'recall-worker' })).toThrow(/Missing environment variables: STAGE/);
    expect(readStage({})).toBe('local');
  });
});

describe('the origin guard', () => {
  it('lets every request through when no secret is configured (the local server and tests)', () => {
    expect(originGuard(undefined)({})).toBe(true);
    expect(originGuard(undefined)(undefined)).toBe(true);
  });

  it('accepts exactly the configured values of the origin header', () => {
    const fromCdn = originGuard([A, B]);
    expect(fromCdn({ [ORIGIN_HEADER]: A })).toBe(true);
    expect(fromCdn({ [ORIGIN_HEADER]: B })).toBe(true);
    for (const sent of [undefined, '', A.slice(1), `${A}a`, A.toUpperCase(), `${A},${B}`]) {
      expect(fromCdn({ [ORIGIN_HEADER]: sent }), String(sent)).toBe(false);
    }
    expect(fromCdn({ 'x-other': A })).toBe(false);
    expect(fromCdn(undefined)).toBe(false);
  });
});
