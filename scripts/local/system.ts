// The whole system on one machine: DynamoDB Local, the table from the shared definition, the
// Lambda handlers behind a local gateway, dev tokens and demo data.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { ENV } from '../../shared/config';
import type { FunctionGroup } from '../../shared/routes';
import type { JobKind } from '../../shared/jobs/queue';
import { freePort, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local';
import { CDN_LOG_PREFIX } from '../../shared/demand/cdn-logs';
import { type CdnLogWriter, createCdnLogWriter, objectCreatedEvent, withAccessLog } from './cdn-logs';
import { createGateway, type LambdaHandler } from './gateway';
import { createLocalJobQueue, createLocalQueue, type JobHandler, type LocalJobQueue, type LocalQueue } from './jobs';
import { LOCAL_BUCKETS, LOCAL_S3_CREDENTIALS, type LocalS3, startLocalS3 } from './s3';
import type { DemoManifest } from './seed';
import { type LocalStreamPoller, type StreamHandler, startStreamPoller } from './streams';
import { createStaticSite, createViewerRequest } from './static';
import { ensureTable, resendRunningJobs, seedHistory, seedIfEmpty } from './table';
import { createLocalIssuer, devToken } from './tokens';

export interface LocalSystemOptions {
  /** HTTP port; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** Where data persists; ignored when `inMemory`. @default .local-data */
  readonly dataDir?: string;
  /** Keep DynamoDB Local's data in memory only (tests). @default false */
  readonly inMemory?: boolean;
  /** Use an already running DynamoDB Local instead of starting one (tests share one per run). */
  readonly dynamoEndpoint?: string;
  /** @default village-direct */
  readonly tableName?: string;
  /** Seed demo data when the table is empty. @default true */
  readonly seed?: boolean;
  /** Feed the table's stream to the demand aggregator, as Lambda's event source does in AWS. @default true */
  readonly streams?: boolean;
  /** With the demo data, store the demo stores' two years of daily sales after start. @default true */
  readonly salesHistory?: boolean;
  /** How often the requests answered are written to the local log bucket, as the CDN's logs. @default 10 s */
  readonly cdnLogIntervalMs?: number;
}

export interface LocalSystem {
  readonly url: string;
  readonly dynamoEndpoint: string;
  /** The local S3 server, which holds the export files and the CDN's logs. */
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly demo?: DemoManifest;
  /** The in-process job queue (recalls): tests wait on it with `idle()`. */
  readonly jobs: LocalJobQueue;
  /** The poller feeding the table's stream to the demand aggregator (unless turned off): tests wait on it with `idle()`. */
  readonly streams?: LocalStreamPoller;
  /** The CDN's logs of the local server: `flush()` writes what was answered since the last file. */
  readonly cdnLogs: Pick<CdnLogWriter, 'flush'>;
  /** The queue of log files for the scan-log worker: tests wait on it with `idle()`. */
  readonly scanLogs: LocalQueue;
  /** The demo stores' sales history, written after start: how many days this start stored. */
  readonly history: Promise<number>;
  /**
   * Resolves once the derived work of what was written so far is done: log files counted, and the stream
   * added to the weekly figures. Tests that compare the table, or count requests, wait on it first.
   */
  settled(): Promise<void>;
  devToken(role: 'ops' | 'village', villageId?: string): Promise<string>;
  stop(): Promise<void>;
}

// Explicit imports (not a computed path) so every function group must have an entry file here.
const handlerModules: Record<FunctionGroup, () => Promise<{ handler: unknown }>> = {
  catalogue: () => import('../../functions/catalogue'),
  agreements: () => import('../../functions/agreements'),
  lots: () => import('../../functions/lots'),
  receipts: () => import('../../functions/receipts'),
  sales: () => import('../../functions/sales'),
  demand: () => import('../../functions/demand'),
  scan: () => import('../../functions/scan'),
  traceability: () => import('../../functions/traceability'),
  exports: () => import('../../functions/exports'),
  resolver: () => import('../../functions/resolver'),
  docs: () => import('../../functions/docs'),
};

/** The worker of each kind of job, run by the in-process queue. */
const workerModules: Record<JobKind, () => Promise<{ handler: unknown }>> = {
  recall: () => import('../../functions/recall-worker'),
  export: () => import('../../functions/export-worker'),
};

/** Creates the table if missing, and answers its stream's ARN. */
export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const tableName = options.tableName ?? 'village-direct';
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? '.local-data');
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  let dynamo: DynamoDbLocal | undefined;
  if (!options.dynamoEndpoint) dynamo = await startDynamoDbLocal({ dataDir: dataDir && join(dataDir, 'dynamodb') });
  const dynamoEndpoint = options.dynamoEndpoint ?? (dynamo as DynamoDbLocal).endpoint;
  let s3: LocalS3 | undefined;
  let streams: LocalStreamPoller | undefined;
  let cdnLogs: CdnLogWriter | undefined;
  let history: Promise<number> = Promise.resolve(0);
  const seeding = new AbortController();
  try {
    s3 = await startLocalS3({ dataDir: dataDir && join(dataDir, 's3') });
    const streamArn = await ensureTable(dynamoEndpoint, tableName);
    const port = options.port === 0 ? await freePort() : (options.port ?? 3000);
    const url = `http://localhost:${port}`;

    // The handlers read their configuration once at import, exactly as in Lambda.
    Object.assign(process.env, {
      [ENV.tableName]: tableName,
      [ENV.publicBaseUrl]: url,
      [ENV.exportsBucket]: LOCAL_BUCKETS.exports,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      // The SDK reads it: the functions' S3 client talks to the local server (path-style, shared/exports/s3.ts, shared/demand/s3.ts).
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'local',
      // The key pair the local S3 server knows; DynamoDB Local accepts any.
      AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
      POWERTOOLS_SERVICE_NAME: 'village-direct-local',
      // Each API request writes an access line at INFO; locally that is one line per seeded sale. Set it to see them.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      // CloudWatch metrics exist only in AWS; locally they would be log noise.
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const handlers = Object.fromEntries(
      await Promise.all(Object.entries(handlerModules).map(async ([group, load]) => [group, (await load()).handler as LambdaHandler])),
    ) as Record<FunctionGroup, LambdaHandler>;

    // Jobs run in this process, through the same workers as in AWS; recalls left running by an earlier
    // run (stopped part-way) are sent again, as SQS would deliver them again.
    const workers = Object.fromEntries(
      await Promise.all(Object.entries(workerModules).map(async ([kind, load]) => [kind, (await load()).handler as JobHandler])),
    ) as Record<JobKind, JobHandler>;
    const jobs = createLocalJobQueue(workers);
    (await import('../../functions/commons/jobs')).useLocalJobQueue(jobs);
    await resendRunningJobs(dynamoEndpoint, tableName, jobs);
    // The table's stream feeds the demand aggregator, as Lambda's event source does in AWS.
    if (options.streams !== false) {
      const { handler: aggregator } = await import('../../functions/demand-aggregator');
      streams = startStreamPoller({ endpoint: dynamoEndpoint, streamArn, handler: aggregator as StreamHandler });
    }
    // The CDN's logs: each file written to the log bucket goes, as EventBridge sends it, to the scan-log worker.
    const { handler: scanLogWorker } = await import('../../functions/scan-log-worker');
    const scanLogs = createLocalQueue('scan-log', scanLogWorker as JobHandler);
    s3.onObjectCreated((object) => {
      if (object.bucket === LOCAL_BUCKETS.logs && object.key.startsWith(`${CDN_LOG_PREFIX}/`)) scanLogs.send(objectCreatedEvent(object));
    });
    cdnLogs = createCdnLogWriter({ endpoint: s3.endpoint, bucket: LOCAL_BUCKETS.logs, intervalMs: options.cdnLogIntervalMs ?? 10_000 });

    const issuer = await createLocalIssuer(`${url}/local-issuer`, dataDir && join(dataDir, 'jwt-key.json'));
    const demo = options.seed === false ? undefined : await seedIfEmpty(dynamoEndpoint, tableName, url, dataDir);

    const server: Server = createServer(
      withAccessLog(
        createGateway({
          handlers,
          issuer,
          // The shopper page and its routes, rewritten as the CloudFront Function does (built first if stale).
          fallback: await createStaticSite(),
          // CloudFront's viewer-request function: Digital Link requests for links go to the resolver.
          viewerRequest: createViewerRequest(),
          localRoutes: {
            // Local only: the deployed stack has no such route; production tokens come from Cognito.
            'POST /api/v1/local/dev-token': ({ body }) => devToken(issuer, body),
            // The console signs in with dev tokens here; in AWS the deployment writes Cognito's settings.
            'GET /console/config.json': async () => ({ status: 200, body: { mode: 'local' } }),
          },
        }),
        cdnLogs.record,
      ),
    );
    await new Promise<void>((ready, fail) => {
      server.once('error', fail);
      server.listen(port, ready);
    });
    // The demo stores' sales history, on every start and while the server already answers (it takes a while
    // on DynamoDB Local): what an earlier start wrote is not written again.
    const withHistory = options.seed !== false && options.salesHistory !== false;
    history = withHistory ? seedHistory(dynamoEndpoint, tableName, seeding.signal) : Promise.resolve(0);
    history.catch(() => undefined); // Handled where it is awaited; never an unhandled rejection.

    return {
      url,
      dynamoEndpoint,
      s3Endpoint: s3.endpoint,
      tableName,
      demo,
      jobs,
      streams,
      cdnLogs,
      scanLogs,
      history,
      async settled() {
        await scanLogs.idle();
        await streams?.idle();
      },
      devToken: async (role, villageId) => (await issuer.issue(role, villageId)).token,
      async stop() {
        seeding.abort();
        await history.catch(() => undefined);
        jobs.stop();
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        // The last requests' log file is counted before the stream stops, unless its worker keeps failing.
        await cdnLogs?.stop();
        await Promise.race([scanLogs.idle(), new Promise((wait) => setTimeout(wait, 5_000))]);
        scanLogs.stop();
        await streams?.stop();
        await s3?.stop();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await cdnLogs?.stop();
    await streams?.stop();
    await s3?.stop();
    await dynamo?.stop();
    throw error;
  }
}

/** Seeds an empty table and remembers what it made, so a restart can print the same demo codes. */
