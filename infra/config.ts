// What differs between stages: everything else is fixed in the constructs, so a stage cannot
// weaken a security default by accident.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

export interface StageConfig {
  readonly stage: Stage;
  /** Retention of function and API access logs. */
  readonly logRetention: RetentionDays;
  /**
   * What happens to log groups when their stack is deleted. Business data (the table, the user
   * pool) is always retained whatever the stage; this only decides whether logs outlive a stack.
   */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Default throttling of the HTTP API stage, applied to every route. */
  readonly throttle: {
    /** Steady-state requests per second. */
    readonly rateLimit: number;
    /** Requests that may arrive at once above the steady rate. */
    readonly burstLimit: number;
  };
  /**
   * Where shoppers' QR codes point (https, no trailing slash): the CloudFront or custom domain.
   * @default - the HTTP API's own endpoint
   */
  readonly publicBaseUrl?: string;
}

const configs: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    throttle: { rateLimit: 50, burstLimit: 100 },
  },
  prod: {
    stage: 'prod',
    // PRC Cybersecurity Law art. 21 asks network operators to keep network logs at least six months.
    logRetention: RetentionDays.SIX_MONTHS,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    // Scans are served from the CDN cache, so the API sees intake and ops traffic plus cache misses.
    throttle: { rateLimit: 1000, burstLimit: 2000 },
  },
};

function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (stages as readonly string[]).includes(value);
}

/** The configuration of a stage named by `-c stage=…`; an unknown name fails synthesis. */
export function stageConfig(stage: unknown = 'dev'): StageConfig {
  if (!isStage(stage)) throw new Error(`Unknown stage "${String(stage)}"; expected one of: ${stages.join(', ')}`);
  return configs[stage];
}

/** Stack ids (and CloudFormation stack names) of a stage, shared by the app and its tests. */
export function stackIds(stage: Stage) {
  return { stateful: `VillageDirect-${stage}-Stateful`, stateless: `VillageDirect-${stage}-Stateless` } as const;
}
