// What differs between stages: everything else is fixed in the constructs, so a stage cannot
// weaken a security default by accident. Values that name things outside this repository (the
// domain, its certificate, who gets alarms) come from CDK context, never from the code.
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_PROGRAM_TARGETS } from '../shared/config';
import { alarmEmailsOf, domainOf, emailOf, originSecretVersionOf, signInDomainPrefixOf, type StageContext } from './stage-context';

export type { StageContext } from './stage-context';

export const stages = ['dev', 'prod'] as const;
export type Stage = (typeof stages)[number];

/** API Gateway throttling: a token bucket refilled at `rateLimit` and holding `burstLimit` requests. */
export interface Throttle {
  /** Steady-state requests per second. */
  readonly rateLimit: number;
  /** Requests that may arrive at once above the steady rate. */
  readonly burstLimit: number;
}

/** API Gateway throttling of each kind of route. */
export interface ApiThrottling {
  /** The stage default: every route without a kind of its own (the OpenAPI document). */
  readonly default: Throttle;
  /** The public scan lookup. The CDN answers most scans, so this bounds cache misses and cache-busting floods. */
  readonly scan: Throttle;
  /**
   * The store webhook routes, which need no token: it bounds what unsigned floods cost (an
   * invocation and a secret lookup each), whatever else the stage allows.
   */
  readonly webhook: Throttle;
  /** Ops and village-staff routes (JWT): harvest intake, agreements, catalogue, labels, recalls. */
  readonly ops: Throttle;
}

/**
 * The WAF rate-based rules: requests one client IP may send to a path in 5 minutes. Above that,
 * WAF answers that IP 429 on that path until its rate drops. Counted at the edge, cache hits included.
 */
export interface FirewallLimits {
  /** To `/api/v1/scan/…`. Mobile carriers put many shoppers behind one IP (carrier-grade NAT). */
  readonly scanRequestsPerIp: number;
  /** To `/api/v1/stores/{storeId}/receipts`. A chain's store system may post for all its stores from one IP. */
  readonly webhookRequestsPerIp: number;
  /** To any path: pages, lookups and the ops and staff apps together. At least each path's own limit. */
  readonly requestsPerIp: number;
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
  /** Retention of function, API, WAF and CDN access logs. */
  readonly logRetention: RetentionDays;
  /**
   * What happens to log groups when their stack is deleted. Business data (the table, the user
   * pool) is always retained whatever the stage; this only decides whether logs outlive a stack.
   */
  readonly logRemovalPolicy: RemovalPolicy;
  /** API Gateway throttling, per kind of route. */
  readonly throttle: ApiThrottling;
  /** The WAF's per-IP rate limits on the scan and webhook paths. */
  readonly firewall: FirewallLimits;
  /**
   * Email addresses subscribed to the alarm topics (`-c alarmEmails=a@example.com,b@example.com`).
   * Each address confirms once per topic: the main region's topic and the edge (us-east-1) one.
   * @default - none; subscribe other endpoints to the AlarmTopicArn outputs
   */
  readonly alarmEmails: readonly string[];
  /**
   * A domain of the stage's own for the CDN (`-c domainName=… -c certificateArn=…`). Shoppers' QR
   * codes carry it, and CloudFront serves it with its certificate and a TLS 1.2 minimum.
   * @default - the distribution's own `*.cloudfront.net` domain and CloudFront's default certificate
   */
  readonly domain?: CustomDomain;
  /**
   * Whether scan lookups that miss at the CDN's regional caches go through one Origin Shield cache,
   * in the API's region or the nearest one that has Origin Shield (infra/regions.ts), rather than to
   * the API from each regional cache.
   */
  readonly originShield: boolean;
  /**
   * The version of the origin secret that CloudFront and the functions are given
   * (`-c originSecretVersion=<VersionId>`): passing the version a rotation step put makes the deploy
   * read the secret again. Without it they read the secret's current version, but only when something
   * else about them changes.
   * @default - the secret's AWSCURRENT version
   */
  readonly originSecretVersion?: string;
  /**
   * The account's Lambda concurrency quota in the stage's region (1,000 unless raised): the account
   * concurrency alarm fires at a share of it. Raise it here when the quota is raised.
   */
  readonly lambdaConcurrencyQuota: number;
  /** What the program summary measures a year against: villages taking part, and fen paid to farmers. */
  readonly programTargets: { readonly villages: number; readonly paidFenPerYear: number };
  /**
   * Who Cognito's emails (invitations, verification and reset codes) come from, sent through Amazon SES
   * (`-c sesFromEmail=… [-c sesRegion=…]`). Cognito's own sender is limited to 50 emails a day, too
   * few for a program of a thousand villages; prod refuses to synthesize without SES.
   * @default - Cognito's own sender (dev)
   */
  readonly email?: EmailSender;
  /**
   * The prefix of the sign-in domain (`{prefix}.auth.{region}.amazoncognito.com`, `-c signInDomainPrefix=…`).
   * Prefixes are unique across every AWS account of a region.
   * @default - `village-direct-{stage}-{account id}`
   */
  readonly signInDomainPrefix?: string;
}

/** An SES identity Cognito sends from; verified in SES (and out of its sandbox) before the deploy. */
export interface EmailSender {
  readonly fromEmail: string;
  /** The region of the SES identity, when it is not the stack's own. */
  readonly sesRegion?: string;
}

/** What each stage fixes in code; the rest comes from context (see `stageConfig`). */
type StageDefaults = Omit<StageConfig, 'alarmEmails' | 'domain' | 'originSecretVersion' | 'email' | 'signInDomainPrefix'> & {
  /** Whether the stage refuses to synthesize without an SES sender for Cognito's emails. */
  readonly requiresEmail: boolean;
  /**
   * Whether the stage refuses to synthesize without its own domain. With CloudFront's default
   * certificate the viewer TLS floor is fixed at TLSv1 and cannot be raised; only a custom
   * domain with an ACM certificate gets TLSv1.2_2021. Prod must have that floor, so prod must have
   * a domain; dev may use the default certificate (acknowledged as AwsSolutions-CFR4).
   */
  readonly requiresDomain: boolean;
};

const defaults: Record<Stage, StageDefaults> = {
  dev: {
    stage: 'dev',
    logRetention: RetentionDays.ONE_WEEK,
    logRemovalPolicy: RemovalPolicy.DESTROY,
    throttle: {
      default: { rateLimit: 20, burstLimit: 40 },
      scan: { rateLimit: 100, burstLimit: 200 },
      webhook: { rateLimit: 20, burstLimit: 40 },
      ops: { rateLimit: 50, burstLimit: 100 },
    },
    firewall: { scanRequestsPerIp: 1000, webhookRequestsPerIp: 300, requestsPerIp: 2000 },
    originShield: false,
    lambdaConcurrencyQuota: 1000,
    programTargets: DEFAULT_PROGRAM_TARGETS,
    requiresDomain: false,
    requiresEmail: false,
  },
  prod: {
    stage: 'prod',
    // PRC Cybersecurity Law art. 21 asks network operators to keep network logs at least six months.
    logRetention: RetentionDays.SIX_MONTHS,
    logRemovalPolicy: RemovalPolicy.RETAIN,
    throttle: {
      // Only the OpenAPI document, fetched by developers and tools.
      default: { rateLimit: 50, burstLimit: 100 },
      // Millions of scans a day, but a lot is cached 5 minutes behind Origin Shield: the API sees at
      // most 12 lookups of a lot an hour, plus new and unknown codes. This leaves room for a harvest
      // peak of new lots being scanned at once.
      scan: { rateLimit: 1000, burstLimit: 2000 },
      // 400+ stores post one receipt per shipment, and deliveries arrive in a morning receiving
      // window: the burst covers all of them posting at once, and the rate absorbs their retries.
      webhook: { rateLimit: 200, burstLimit: 400 },
      // Tens of thousands of lots a day at harvest peaks, recorded in bursts when village staff
      // come back into coverage, plus ops work and label printing.
      ops: { rateLimit: 500, burstLimit: 1000 },
    },
    // 20 scans a second from one IP is a busy store's Wi-Fi or a carrier NAT; a scraper trying codes
    // (which miss the cache) goes far beyond it. 10 receipts a second from one IP covers a central
    // store system posting the morning's receipts for every store, with retries.
    // Anything else from one IP, all paths together: 20,000 in 5 minutes (about 67 a second) is a large
    // office or carrier NAT of shoppers and staff, while a scraper or a flood of uncached paths is far beyond.
    firewall: { scanRequestsPerIp: 6000, webhookRequestsPerIp: 3000, requestsPerIp: 20_000 },
    // A scan is cached 5 minutes (s-maxage), so each cache that holds it asks the API at most 12
    // times an hour. Without a shield every regional edge cache is such a cache; with it, one cache
    // in front of the API is, so a lot costs at most 12 origin requests an hour whatever the scan rate.
    originShield: true,
    lambdaConcurrencyQuota: 1000,
    // The program's own: 1,000 villages and RMB 20 bn paid to farmers a year.
    programTargets: DEFAULT_PROGRAM_TARGETS,
    requiresDomain: true,
    requiresEmail: true,
  },
};

function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (stages as readonly string[]).includes(value);
}

/**
 * The configuration of a stage named by `-c stage=…` (dev by default), completed from context. An
 * unknown stage, a malformed value, or prod without a domain fails synthesis.
 */
export function stageConfig(stage: unknown = 'dev', context: StageContext = {}): StageConfig {
  if (!isStage(stage)) throw new Error(`Unknown stage "${String(stage)}"; expected one of: ${stages.join(', ')}`);
  const { requiresDomain, requiresEmail, ...fixed } = defaults[stage];
  const domain = domainOf(stage, context, requiresDomain);
  const email = emailOf(stage, context, requiresEmail);
  const signInDomainPrefix = signInDomainPrefixOf(stage, context.signInDomainPrefix);
  const originSecretVersion = originSecretVersionOf(stage, context.originSecretVersion);
  return {
    ...fixed,
    alarmEmails: alarmEmailsOf(stage, context.alarmEmails),
    ...(domain && { domain }),
    ...(originSecretVersion && { originSecretVersion }),
    ...(email && { email }),
    ...(signInDomainPrefix && { signInDomainPrefix }),
  };
}

/** Stack ids (and CloudFormation stack names) of a stage, shared by the app and its tests. */
/** The console's address under the stage's public URL (the CDN's `/console/` behaviour). */
export const consoleUrlOf = (publicUrl: string) => `${publicUrl}/console/`;

export function stackIds(stage: Stage) {
  return {
    /** The web ACL and its alarm, in us-east-1 where CloudFront's web ACLs and WAF metrics live. */
    edge: `VillageDirect-${stage}-Edge`,
    stateful: `VillageDirect-${stage}-Stateful`,
    stateless: `VillageDirect-${stage}-Stateless`,
    /** The CDN's standard-log delivery and its alarm, in us-east-1, once the distribution exists. */
    cdnTelemetry: `VillageDirect-${stage}-CdnTelemetry`,
  } as const;
}
