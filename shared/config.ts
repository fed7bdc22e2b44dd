// Environment variable names shared by infra (which sets them) and functions (which read them once).

export const ENV = {
  tableName: 'TABLE_NAME',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Set only on functions that invalidate CDN paths (recall); absent locally, where nothing caches. */
  distributionId: 'DISTRIBUTION_ID',
  /** Set on functions that start recalls; absent locally, where jobs run in the server's own process. */
  recallQueueUrl: 'RECALL_QUEUE_URL',
  /** Set on functions that start exports; absent locally, like the recall queue's. */
  exportQueueUrl: 'EXPORT_QUEUE_URL',
  /** The exports bucket: written by the export worker, presigned from by the exports function. */
  exportsBucket: 'EXPORTS_BUCKET',
  /** The stage a deployed function serves (`dev`, `prod`): a dimension of every business metric. */
  stage: 'STAGE',
  /**
   * The origin secret's JSON (`{"current": …, "next"?: …, "previous"?: …}`), resolved from Secrets
   * Manager when the stack deploys. Absent locally, where nothing stands in front of the functions.
   */
  originSecrets: 'ORIGIN_SECRETS',
  /**
   * The program's targets as JSON, `{"villages": 1000, "paidFenPerYear": 2000000000000}`, set on the demand
   * function; absent, the program's own (DEFAULT_PROGRAM_TARGETS).
   */
  programTargets: 'PROGRAM_TARGETS',
} as const;

/** The program's own targets: 1,000 villages, and RMB 20 bn paid to farmers a year. */
export const DEFAULT_PROGRAM_TARGETS = { villages: 1_000, paidFenPerYear: 2_000_000_000_000 } as const;

/**
 * The header CloudFront adds to every request it sends the API, carrying the origin secret. A request
 * without a valid one did not come through the CDN (and its WAF and cache): the functions refuse it.
 */
export const ORIGIN_HEADER = 'x-origin-verify';

/**
 * The viewer's IP address, which CloudFront's viewer-request function on the uncached API paths sets
 * (overwriting any the viewer sent): API Gateway's access log cannot record it, its `sourceIp` being
 * CloudFront's edge. The scan and page paths do not pass it on; CloudFront's own logs hold it.
 */
export const VIEWER_ADDRESS_HEADER = 'x-viewer-address';

/** CloudFront's id for a request; its standard logs hold the same value as `x-edge-request-id`. */
export const CDN_REQUEST_ID_HEADER = 'x-amz-cf-id';

/** Which keys of the origin secret a function accepts; CloudFront sends `current`. */
const ORIGIN_SECRET_KEYS = ['current', 'next', 'previous'] as const;
/** Shorter values are refused at load: a guessable secret would be no guard at all. */
export const MIN_ORIGIN_SECRET_LENGTH = 32;

/**
 * Set by Lambda itself in every function's environment, and by nothing else: it tells a deployed
 * function, which must be configured, from the local server and tests, which need not be.
 */
const LAMBDA_FUNCTION_NAME = 'AWS_LAMBDA_FUNCTION_NAME';

/** The stage outside Lambda when none is set: `npm start`, tests and the bench. */
export const LOCAL_STAGE = 'local';

export interface FunctionConfig {
  readonly tableName: string;
  /** Where shoppers' QR codes point: the CloudFront or custom domain, or the local server. */
  readonly publicBaseUrl: string;
  readonly distributionId?: string;
  readonly recallQueueUrl?: string;
  readonly exportQueueUrl?: string;
  /** Only the functions that touch export files have one. */
  readonly exportsBucket?: string;
}

/** Reads the function configuration, failing fast with the names of any missing variables. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const missing = [ENV.tableName, ENV.publicBaseUrl].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return {
    tableName: env[ENV.tableName] as string,
    publicBaseUrl: (env[ENV.publicBaseUrl] as string).replace(/\/+$/, ''),
    distributionId: env[ENV.distributionId] || undefined,
    recallQueueUrl: env[ENV.recallQueueUrl] || undefined,
    exportQueueUrl: env[ENV.exportQueueUrl] || undefined,
    exportsBucket: env[ENV.exportsBucket] || undefined,
  };
}

/**
 * The program's targets from PROGRAM_TARGETS, or its own when unset; refuses anything but two positive
 * whole numbers. Read once by the function that shows the program summary.
 */
export function readProgramTargets(env: NodeJS.ProcessEnv = process.env): { villages: number; paidFenPerYear: number } {
  const json = env[ENV.programTargets];
  if (!json) return DEFAULT_PROGRAM_TARGETS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const { villages, paidFenPerYear } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const positive = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
  if (!positive(villages) || !positive(paidFenPerYear)) {
    throw new Error(`${ENV.programTargets} needs "villages" and "paidFenPerYear" as positive whole numbers`);
  }
  return { villages, paidFenPerYear };
}

const deployed = (env: NodeJS.ProcessEnv) => Boolean(env[LAMBDA_FUNCTION_NAME]);

/**
 * The `stage` dimension of a function's business metrics, so stages sharing an account never mix.
 * Required in Lambda, so a function deployed without it fails at its cold start; `local` elsewhere.
 */
export function readStage(env: NodeJS.ProcessEnv = process.env): string {
  if (deployed(env) && !env[ENV.stage]) throw new Error(`Missing environment variables: ${ENV.stage}`);
  return env[ENV.stage] || LOCAL_STAGE;
}

/**
 * The values of ORIGIN_HEADER a request may carry: the current one and, during a rotation, the next
 * or the previous one. Read by the functions behind the API (a job worker takes no requests).
 * Required in Lambda; undefined elsewhere without ORIGIN_SECRETS (the local server, tests), where
 * every request is accepted.
 */
export function readOriginSecrets(env: NodeJS.ProcessEnv = process.env): readonly string[] | undefined {
  const secrets = env[ENV.originSecrets];
  if (deployed(env) && !secrets) throw new Error(`Missing environment variables: ${ENV.originSecrets}`);
  return secrets ? originSecretsOf(secrets) : undefined;
}

/** The accepted values of the origin secret's JSON, refusing one without a usable `current`. */
function originSecretsOf(json: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error(`${ENV.originSecrets} is not JSON`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const values = ORIGIN_SECRET_KEYS.filter((key) => record[key] !== undefined).map((key) => [key, record[key]] as const);
  const weak = values.filter(([, value]) => typeof value !== 'string' || value.length < MIN_ORIGIN_SECRET_LENGTH);
  if (record.current === undefined || weak.length > 0) {
    throw new Error(
      `${ENV.originSecrets} needs "current" (and any "next" or "previous") as strings of at least ${MIN_ORIGIN_SECRET_LENGTH} characters`,
    );
  }
  return values.map(([, value]) => value as string);
}
