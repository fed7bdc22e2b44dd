// The origin secret: kept in Secrets Manager (stateful stack), added by CloudFront to every API
// request, and handed to every function, which refuses requests without it. Neither template holds
// its value: both read it through a dynamic reference when the stateless stack deploys.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { ORIGIN_HEADER } from '../../shared/config';
import { functionGroups } from '../../shared/routes';
import { synthesized } from './support/synthesized';
import { byPath, distributionConfig, exported, single } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const [secretId, secret] = single(s.stateful, 'AWS::SecretsManager::Secret');
  /** A dynamic reference to the stateful stack's secret, as the stateless stack writes it. */
  const reference = (value: unknown) => {
    const [, [open, arn, close]] = (value as { 'Fn::Join': [string, [string, unknown, string]] })['Fn::Join'];
    return `${open}${JSON.stringify(exported(s.stateful, arn))}${close}`;
  };
  const secretRef = JSON.stringify({ Ref: secretId });

  it('generates the secret, long and unguessable, under "current", in the stateful stack only', () => {
    expect(secret.Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'current',
      ExcludePunctuation: true,
      PasswordLength: 48,
    });
    s.stateless.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(s.stateful.findOutputs('OriginSecretArn').OriginSecretArn!.Value).toEqual({ Ref: secretId });
  });

  it('has CloudFront send its current value to the API, and to nothing else', () => {
    const origins = distributionConfig(s).Origins as {
      CustomOriginConfig?: unknown;
      OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
    }[];
    const api = origins.filter((o) => o.CustomOriginConfig);
    expect(api).toHaveLength(1);
    expect(api[0]!.OriginCustomHeaders!.map((h) => [h.HeaderName, reference(h.HeaderValue)])).toEqual([
      [ORIGIN_HEADER, `{{resolve:secretsmanager:${secretRef}:SecretString:current::}}`],
    ]);
    for (const origin of origins.filter((o) => !o.CustomOriginConfig)) expect(origin.OriginCustomHeaders).toBeUndefined();
  });

  it('gives every function the whole secret, so it accepts the current value and, during a rotation, the next or previous one', () => {
    for (const group of functionGroups) {
      const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment.Variables;
      expect(reference(env.ORIGIN_SECRETS), group).toBe(`{{resolve:secretsmanager:${secretRef}:SecretString:::}}`);
    }
  });
});
