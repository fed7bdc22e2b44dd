// Environment variable names shared by infra (which sets them) and functions (which read them once).

export const ENV = {
  tableName: 'TABLE_NAME',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  /** Set only on functions that invalidate CDN paths (recall); absent locally, where nothing caches. */
  distributionId: 'DISTRIBUTION_ID',
  /** Set on functions that start recalls; absent locally, where jobs run in the server's own process. */
  recallQueueUrl: 'RECALL_QUEUE_URL',
} as const;

export interface FunctionConfig {
  readonly tableName: string;
  /** Where shoppers' QR codes point: the CloudFront or custom domain, or the local server. */
  readonly publicBaseUrl: string;
  readonly distributionId?: string;
  readonly recallQueueUrl?: string;
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
  };
}
