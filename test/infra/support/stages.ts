// The context each stage is synthesized with, as ops would pass it with `-c`: prod must have a
// domain of its own (and gets alarm emails); dev runs on the CloudFront domain with no subscriber.
import { type Stage, type StageConfig, type StageContext, stageConfig } from '../../../infra/config';

export const DOMAIN = 'trace.example.com';
export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

export const contextOf: Record<Stage, StageContext> = {
  dev: {},
  prod: {
    domainName: DOMAIN,
    certificateArn: CERTIFICATE_ARN,
    alarmEmails: 'ops@example.com,oncall@example.com',
    sesFromEmail: 'no-reply@trace.example.com',
    sesRegion: 'ap-southeast-1',
  },
};

/**
 * The region each stage is synthesized for, as the CLI's AWS_REGION. Prod goes to Hong Kong, an opt-in
 * region without Origin Shield, where CloudFront's legacy logs would not be delivered.
 */
export const REGION: Record<Stage, string> = { dev: 'ap-southeast-1', prod: 'ap-east-1' };

/** The `-c key=value` arguments of a stage's context, besides `-c stage=…`. */
export const contextArgs = (stage: Stage) => Object.entries(contextOf[stage]).flatMap(([key, value]) => ['-c', `${key}=${String(value)}`]);

/** The configuration the app builds a stage with, from that context. */
export const configOf = (stage: Stage): StageConfig => stageConfig(stage, contextOf[stage]);
