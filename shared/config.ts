// Environment variable names shared by infra (which sets them) and functions (which read them once).

export const ENV = {
  tableName: 'TABLE_NAME',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Set only on functions that invalidate CDN paths (recall); absent locally, where nothing caches. */
  distributionId: 'DISTRIBUTION_ID',
  /** The stage a deployed function serves (`dev`, `prod`): a dimension of every business metric. */
  stage: 'STAGE',
} as const;

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
}

/** What every function reads, the docs function included, whether or not it uses the table. */
export interface ServiceConfig {
  /** The `stage` dimension of the function's business metrics, so stages sharing an account never mix. */
  readonly stage: string;
}

/** Reads the function configuration, failing fast with the names of any missing variables. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const missing = [ENV.tableName, ENV.publicBaseUrl].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`Missing environment variables: ${missing.join(', ')}`);
  return {
    tableName: env[ENV.tableName] as string,
    publicBaseUrl: (env[ENV.publicBaseUrl] as string).replace(/\/+$/, ''),
    distributionId: env[ENV.distributionId] || undefined,
  };
}

/**
 * Reads what every function needs. In Lambda every value is required, so a function deployed without
 * them fails at its cold start; elsewhere (the local server, tests) the local defaults apply.
 */
export function readServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const deployed = Boolean(env[LAMBDA_FUNCTION_NAME]);
  const stage = env[ENV.stage];
  if (!stage && deployed) throw new Error(`Missing environment variables: ${ENV.stage}`);
  return { stage: stage || LOCAL_STAGE };
}
