import { describe, expect, it } from 'vitest';
import { stackIds, stageConfig, stages, type StageContext } from '../../infra/config';

const domain = {
  domainName: 'trace.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
};
const sender = { sesFromEmail: 'no-reply@trace.example.com' };
/** What each stage needs from context to synthesize at all. */
const minimal: Record<(typeof stages)[number], StageContext> = { dev: {}, prod: { ...domain, ...sender } };

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

  it('refuses prod without a domain of its own, since only a custom certificate can require TLS 1.2', () => {
    expect(() => stageConfig('prod')).toThrow(/Stage "prod" needs its own domain.*TLS 1\.2.*-c domainName=.*-c certificateArn=/);
    expect(() => stageConfig('prod', { domainName: domain.domainName })).toThrow(/certificateArn must be an ACM certificate in us-east-1/);
    expect(stageConfig('prod', minimal.prod).domain).toEqual(domain);
  });

  it('refuses prod without an SES sender for Cognito, whose own sender allows 50 emails a day', () => {
    expect(() => stageConfig('prod', domain)).toThrow(/Stage "prod" needs an SES sender.*50 a day.*-c sesFromEmail=/);
    expect(stageConfig('prod', minimal.prod).email).toEqual({ fromEmail: sender.sesFromEmail });
    expect(stageConfig('prod', { ...minimal.prod, sesRegion: 'ap-southeast-1' }).email).toEqual({
      fromEmail: sender.sesFromEmail,
      sesRegion: 'ap-southeast-1',
    });
    expect(stageConfig('dev').email).toBeUndefined();
    expect(() => stageConfig('dev', { sesFromEmail: 'no-reply' })).toThrow(/sesFromEmail must be an email address/);
    expect(() => stageConfig('dev', { ...sender, sesRegion: 'Singapore' })).toThrow(/sesRegion must be a region/);
  });

  it('takes a sign-in domain prefix that Cognito accepts, and refuses one it would refuse', () => {
    expect(stageConfig('dev').signInDomainPrefix).toBeUndefined();
    expect(stageConfig('dev', { signInDomainPrefix: 'hema-villages-dev' }).signInDomainPrefix).toBe('hema-villages-dev');
    for (const bad of ['Hema', 'my-aws-login', 'cognito-dev', '-dev', 'dev_1']) {
      expect(() => stageConfig('dev', { signInDomainPrefix: bad }), bad).toThrow(/signInDomainPrefix must be lowercase/);
    }
  });

  it('lets dev run on the CloudFront domain, or on a domain of its own', () => {
    expect(stageConfig('dev').domain).toBeUndefined();
    expect(stageConfig('dev', domain).domain).toEqual(domain);
  });

  it('refuses a certificate outside us-east-1, where CloudFront cannot read it, and a malformed host name', () => {
    const elsewhere = domain.certificateArn.replace('us-east-1', 'cn-north-1');
    expect(() => stageConfig('prod', { ...domain, certificateArn: elsewhere })).toThrow(/us-east-1/);
    expect(() => stageConfig('dev', { ...domain, domainName: 'https://trace.example.com/' })).toThrow(/domainName must be a host name/);
  });

  it('reads alarm emails as a comma-separated list or an array, and refuses what is not an address', () => {
    expect(stageConfig('dev').alarmEmails).toEqual([]);
    expect(stageConfig('dev', { alarmEmails: 'ops@example.com, oncall@example.com' }).alarmEmails).toEqual([
      'ops@example.com',
      'oncall@example.com',
    ]);
    expect(stageConfig('dev', { alarmEmails: ['ops@example.com'] }).alarmEmails).toEqual(['ops@example.com']);
    expect(() => stageConfig('dev', { alarmEmails: 'ops@example.com,oncall' })).toThrow(/invalid addresses: oncall/);
  });

  it('takes the version of the origin secret a rotation step put, and refuses what is not a version id', () => {
    const version = 'a1b2c3d4-e5f6-4789-a0b1-c2d3e4f5a6b7';
    expect(stageConfig('dev').originSecretVersion).toBeUndefined();
    expect(stageConfig('dev', { originSecretVersion: version }).originSecretVersion).toBe(version);
    expect(() => stageConfig('dev', { originSecretVersion: 'AWSCURRENT' })).toThrow(
      /originSecretVersion must be a Secrets Manager version id/,
    );
  });

  it.each(stages)('gives every kind of %s route a burst of at least one second of its rate', (stage) => {
    for (const [kind, { rateLimit, burstLimit }] of Object.entries(stageConfig(stage, minimal[stage]).throttle)) {
      expect(rateLimit, kind).toBeGreaterThan(0);
      expect(burstLimit, kind).toBeGreaterThanOrEqual(rateLimit);
    }
  });

  it.each(stages)('throttles %s webhooks, which need no token, below the scan lookup and the ops routes', (stage) => {
    const { throttle } = stageConfig(stage, minimal[stage]);
    expect(throttle.webhook.rateLimit).toBeLessThan(throttle.scan.rateLimit);
    expect(throttle.webhook.rateLimit).toBeLessThan(throttle.ops.rateLimit);
  });

  it.each(stages)(
    'limits %s requests per IP on all paths at least as high as on any one path, or the path limits would be moot',
    (stage) => {
      const { scanRequestsPerIp, webhookRequestsPerIp, requestsPerIp } = stageConfig(stage, minimal[stage]).firewall;
      expect(requestsPerIp).toBeGreaterThanOrEqual(Math.max(scanRequestsPerIp, webhookRequestsPerIp));
    },
  );

  it.each(stages)('sets %s WAF rate limits that WAF accepts (10 to 2 billion requests per 5 minutes)', (stage) => {
    for (const [rule, limit] of Object.entries(stageConfig(stage, minimal[stage]).firewall)) {
      expect(Number.isInteger(limit), rule).toBe(true);
      expect(limit, rule).toBeGreaterThanOrEqual(10);
      expect(limit, rule).toBeLessThanOrEqual(2_000_000_000);
    }
  });
});
