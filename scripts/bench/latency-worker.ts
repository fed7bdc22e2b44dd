// Child process of the bench: imports the baseline bundle and the one compared with it (the scan function,
// or in the self-check a copy of the baseline), as Lambda would, and calls each warm handler in turn
// against the same DynamoDB Local item. Its stdout is discarded (the scan function prints its metrics
// there, as in Lambda); the samples go back over IPC.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ORIGIN_HEADER } from '../../shared/config';
import { BENCH_ORIGIN_SECRET } from './settings';

interface Job {
  readonly baseline: string;
  readonly subject: string;
  readonly lotCode: string;
  readonly warmup: number;
  readonly pairs: number;
  /** Then each handler alone, this many calls in flight, for this long (0: not at all): what DynamoDB Local itself allows. */
  readonly concurrency: number;
  readonly throughputMs: number;
}

type Handler = (event: unknown, context: unknown) => Promise<{ statusCode: number }>;

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'bench-scan',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:bench-scan',
  memoryLimitInMB: '1024',
  awsRequestId: 'bench',
  logGroupName: '/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 10_000,
};

/** The API Gateway v2 event of a shopper's scan through the CDN, without If-None-Match: the full 200 path. */
function scanEvent(lotCode: string) {
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: 'GET /api/v1/scan/{lotCode}',
    rawPath: `/api/v1/scan/${lotCode}`,
    rawQueryString: '',
    headers: { accept: 'application/json', [ORIGIN_HEADER]: BENCH_ORIGIN_SECRET },
    pathParameters: { lotCode },
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      requestId,
      routeKey: 'GET /api/v1/scan/{lotCode}',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      http: { method: 'GET', path: `/api/v1/scan/${lotCode}`, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
    },
    isBase64Encoded: false,
  };
}

/**
 * One call, timed until its reply, as a shopper waits for it. Work a handler leaves for just after its
 * reply (the scan function's metrics line) then runs before the next call starts, outside any timing,
 * so it cannot land inside the next call, whichever handler that is.
 */
async function timed(handler: Handler, lotCode: string): Promise<number> {
  const started = performance.now();
  const { statusCode } = await handler(scanEvent(lotCode), context);
  const elapsed = performance.now() - started;
  if (statusCode !== 200) throw new Error(`a warm call answered ${statusCode}`);
  await new Promise((resolve) => setImmediate(resolve));
  return elapsed;
}

process.once('message', async (job: Job) => {
  try {
    const baseline = ((await import(pathToFileURL(job.baseline).href)) as { handler: Handler }).handler;
    const subject = ((await import(pathToFileURL(job.subject).href)) as { handler: Handler }).handler;
    for (let i = 0; i < job.warmup; i++) {
      await timed(baseline, job.lotCode);
      await timed(subject, job.lotCode);
    }
    const samples = { baseline: [] as number[], subject: [] as number[] };
    for (let i = 0; i < job.pairs; i++) {
      if (i % 2 === 0) {
        samples.baseline.push(await timed(baseline, job.lotCode));
        samples.subject.push(await timed(subject, job.lotCode));
      } else {
        samples.subject.push(await timed(subject, job.lotCode));
        samples.baseline.push(await timed(baseline, job.lotCode));
      }
    }
    // Two half-length phases each, in ABBA order, so warming up DynamoDB Local favours neither.
    const calls = async (handler: Handler) => {
      let count = 0;
      const until = performance.now() + job.throughputMs / 2;
      await Promise.all(
        Array.from({ length: job.concurrency }, async () => {
          for (; performance.now() < until; count++) await timed(handler, job.lotCode);
        }),
      );
      return count;
    };
    let perSecond = { baseline: 0, subject: 0 };
    if (job.throughputMs > 0) {
      const [b1, s1, s2, b2] = [await calls(baseline), await calls(subject), await calls(subject), await calls(baseline)];
      perSecond = { baseline: ((b1 + b2) * 1000) / job.throughputMs, subject: ((s1 + s2) * 1000) / job.throughputMs };
    }
    process.send?.({ samples, perSecond }, () => process.exit(0));
  } catch (error) {
    process.send?.({ error: String((error as Error).stack ?? error) }, () => process.exit(1));
  }
});
