// What differs between stages: everything else is fixed in the constructs, so a stage cannot
// weaken a security default by accident.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

/** API Gateway throttling: a token bucket refilled at `rateLimit` and holding `burstLimit` requests. */
export interface Throttle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests that may arrive at once above the steady rate. */
  readonly burstLimit: number;
}

/** A host name the stage serves the page and the API on, instead of the CloudFront domain. */
export interface CustomDomain {
  /** The host name, e.g. `trace.example.com`. */
  readonly domainName: string;
  /** The ARN of an ACM certificate for it, issued in us-east-1 (where CloudFront reads certificates). */
  readonly certificateArn: string;
}

export interface StageConfig {
  readonly stage: Stage;
  /** Retention of function and API access logs. */
  readonly logRetention: RetentionDays;
  /**
   * What happens to log groups when their stack is deleted. Business data (the table, the user
   * pool) is always retained whatever the stage; this only decides whether logs outlive a stack.
   */
  readonly logRemovalPolicy: RemovalPolicy;
  /** Default throttling of the HTTP API stage, applied to every route without its own. */
  readonly throttle: Throttle;
  /**
   * Throttling of the store webhook routes, which need no token: it bounds what unsigned floods
   * cost (an invocation and a secret lookup each), whatever the stage default allows.
   */
  readonly webhookThrottle: Throttle;
  /**
   * A domain of the stage's own for the CDN. Shoppers' QR codes carry it, and CloudFront serves it
   * with its certificate and a TLS 1.2 minimum.
   * @default - the distribution's own `*.cloudfront.net` domain and CloudFront's default certificate
   */
  readonly domain?: CustomDomain;
  /**
   * Whether scan lookups that miss at the CDN's regional caches go through one Origin Shield cache
   * in the API's region, rather than to the API from each regional cache.
   */
  readonly originShield: boolean;
}

const configs: Record<Stage, StageConfig> = {
  dev: {
    stage: 'dev',
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    throttle: { rateLimit: 50, burstLimit: 100 },
    webhookThrottle: { rateLimit: 20, burstLimit: 40 },
    originShield: false,
  },
  prod: {
    stage: 'prod',
    // PRC Cybersecurity Law art. 21 asks network operators to keep network logs at least six months.
    logRetention: RetentionDays.SIX_MONTHS,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    // Scans are served from the CDN cache, so the API sees intake and ops traffic plus cache misses.
    throttle: { rateLimit: 1000, burstLimit: 2000 },
    // 400+ stores post one receipt per shipment, and deliveries arrive in a morning receiving
    // window: the burst covers all of them posting at once, and the rate absorbs their retries.
    webhookThrottle: { rateLimit: 200, burstLimit: 400 },
    // A scan is cached 5 minutes (s-maxage), so each cache that holds it asks the API at most 12
    // times an hour. Without a shield every regional edge cache is such a cache; with it, one cache
    // in front of the API is, so a lot costs at most 12 origin requests an hour whatever the scan rate.
    originShield: true,
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
