// `npm run bench`: the scan path's budgets, measured against baselines in the same run, side by side.
// Ratios, request counts and the page weight are checked (exit 1 when one is over budget); absolute times
// are only reported, because these machines are noisy. docs/performance.md explains each budget.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { BASELINE, buildBundles, type Bundle } from './bench/bundles';
import { measureInit } from './bench/init-time';
import { countRequests, type RequestCounts } from './bench/requests';
import { kib, ms, range, spread, type Spread } from './bench/stats';
import { buildWeb } from '../web/build';
import { localClient, startDynamoDbLocal } from './local/dynamodb-local';
import { startLocalSystem } from './local/system';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../shared/metrics';
import { tableDefinition } from '../shared/table/definition';

/** What each budget protects is written up in docs/performance.md. */
export const BUDGET = {
  bundleRatio: 1.1,
  initRatio: 1.15,
  latencyRatio: 1.05,
  scanRequests: 1,
  intakeRequests: 2,
  receiptRequests: 2,
  pageGzipBytes: 25 * 1024,
} as const;

function setting(name: string, fallback: number, min = 1): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

const INIT_RUNS = setting('BENCH_INIT_RUNS', 40, 40);
const LATENCY_PAIRS = setting('BENCH_LATENCY_PAIRS', 400, 40);
const LATENCY_ROUNDS = setting('BENCH_LATENCY_ROUNDS', 5, 3);
const LOAD_SECONDS = setting('BENCH_LOAD_SECONDS', 10);
const LOAD_CONNECTIONS = setting('BENCH_LOAD_CONNECTIONS', 20);
const TABLE = 'bench';

interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly budget: string;
  /** Undefined: reported only. */
  readonly ok?: boolean;
}

const step = (text: string) => console.error(`bench: ${text}`);

/** The raw key of a lot's scan item, read from the table (the bench composes no keys of its own). */
async function scanItemKey(endpoint: string, lotCode: string): Promise<Record<string, AttributeValue>> {
  const client = localClient(endpoint);
  const { partitionKey, sortKey } = tableDefinition;
  try {
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: TABLE,
          FilterExpression: 'entity = :scan AND lotCode = :code',
          ExpressionAttributeValues: { ':scan': { S: 'scan' }, ':code': { S: lotCode } },
          ExclusiveStartKey,
        }),
      );
      const item = page.Items?.[0];
      if (item) return { [partitionKey]: item[partitionKey] as AttributeValue, [sortKey]: item[sortKey] as AttributeValue };
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    client.destroy();
  }
  throw new Error(`no scan item for ${lotCode}`);
}

/**
 * Warm latency in LATENCY_ROUNDS fresh worker processes. Each opens its own connections to DynamoDB
 * Local, and a connection can be a little faster or slower for a whole round (a bare GetItem against a
 * copy of itself measured from 0.98 to 1.01 per round), so the checked figure is the median of the
 * rounds' ratios. The spreads pool every round's samples; the in-process throughput comes from the last.
 */
async function warmLatency(baseline: Bundle, scan: Bundle, endpoint: string, lotCode: string) {
  const key = await scanItemKey(endpoint, lotCode);
  const rounds: Round[] = [];
  for (let round = 1; round <= LATENCY_ROUNDS; round++) {
    rounds.push(await latencyRound(baseline, scan, endpoint, key, lotCode, round === LATENCY_ROUNDS));
  }
  const ratios = rounds.map((r) => spread(r.samples.scan).median / spread(r.samples.baseline).median);
  return {
    ratio: spread(ratios),
    baseline: spread(rounds.flatMap((r) => r.samples.baseline)),
    scan: spread(rounds.flatMap((r) => r.samples.scan)),
    perSecond: (rounds.at(-1) as Round).perSecond,
  };
}

interface Round {
  samples: { baseline: number[]; scan: number[] };
  perSecond: { baseline: number; scan: number };
}

async function latencyRound(
  baseline: Bundle,
  scan: Bundle,
  endpoint: string,
  key: Record<string, AttributeValue>,
  lotCode: string,
  withThroughput: boolean,
): Promise<Round> {
  const child = fork(join(import.meta.dirname, 'bench/latency-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // As in Lambda: metrics on (their output is discarded with stdout), configuration from the environment.
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: TABLE,
      PUBLIC_BASE_URL: 'https://bench.invalid',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      BENCH_GET_KEY: JSON.stringify(key),
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    },
  });
  type Reply = Partial<Round> & { error?: string };
  const reply = await new Promise<Reply>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the latency worker exited with ${code}`)));
    child.send({
      baseline: baseline.file,
      scan: scan.file,
      lotCode,
      warmup: 200,
      pairs: LATENCY_PAIRS,
      concurrency: LOAD_CONNECTIONS,
      throughputMs: withThroughput ? (LOAD_SECONDS * 1000) / 2 : 0,
    });
  });
  if (!reply.samples || !reply.perSecond) throw new Error(`the latency worker failed: ${reply.error}`);
  return { samples: reply.samples, perSecond: reply.perSecond };
}

interface Load {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function loadTest(url: string): Promise<Load> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'bench/load.ts'), url, String(LOAD_CONNECTIONS), String(LOAD_SECONDS)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const result = JSON.parse(out);
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const ratioText = (a: number, b: number) => (a / b).toFixed(2);
const most = (lists: readonly (readonly string[])[]) => Math.max(...lists.map((l) => l.length));
const kinds = (lists: readonly (readonly string[])[]) => [...new Set(lists.map((l) => l.join(' + ') || 'none'))].join(' | ');

function table(rows: readonly Row[]): string {
  const head = { figure: 'figure', measured: 'measured (this run)', budget: 'budget', result: 'result' };
  const cells = rows.map((r) => ({ ...r, result: r.ok === undefined ? 'reported' : r.ok ? 'pass' : 'FAIL' }));
  const width = (k: keyof typeof head) => Math.max(head[k].length, ...cells.map((c) => c[k].length));
  const line = (c: typeof head) =>
    `| ${c.figure.padEnd(width('figure'))} | ${c.measured.padEnd(width('measured'))} | ${c.budget.padEnd(width('budget'))} | ${c.result.padEnd(width('result'))} |`;
  const rule = `|${'-'.repeat(width('figure') + 2)}|${'-'.repeat(width('measured') + 2)}|${'-'.repeat(width('budget') + 2)}|${'-'.repeat(width('result') + 2)}|`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

function bundleSection(bundles: readonly Bundle[], baseline: Bundle): string {
  const lines = [`Bundles (ESM, minified, through infra/constructs/api-function.ts; ÷ baseline ${kib(baseline.bytes)}):`];
  for (const bundle of bundles) {
    const top = bundle.contributors
      .slice(0, bundle.name === 'scan' ? 12 : 6)
      .map((c) => `${c.name} ${kib(c.bytes)}`)
      .join(', ');
    lines.push(
      `  ${bundle.name.padEnd(10)} ${kib(bundle.bytes).padStart(10)}  ×${ratioText(bundle.bytes, baseline.bytes)}  ${bundle.entry}`,
    );
    lines.push(`             largest: ${top}`);
  }
  const mismatched = bundles.filter((b) => b.metafileBytes !== b.bytes);
  lines.push(
    mismatched.length
      ? `  note: the metafile rebuild differs from the construct's output for ${mismatched.map((b) => `${b.name} (${b.metafileBytes} vs ${b.bytes} B)`).join(', ')}: NodejsFunction passes esbuild something infra/constructs/bundling.ts does not hold`
      : "  the metafile rebuild matches the construct's output byte for byte for every bundle",
  );
  return lines.join('\n');
}

async function main(outdir: string) {
  const started = Date.now();
  step('bundling the functions and the baseline through the ApiFunction construct…');
  const bundles = await buildBundles(outdir);
  const baseline = bundles.find((b) => b.name === BASELINE) as Bundle;
  const scan = bundles.find((b) => b.name === 'scan') as Bundle;

  step(`timing module init: ${INIT_RUNS} fresh node processes per bundle, interleaved…`);
  const init = await measureInit([baseline, scan], INIT_RUNS);
  const initBaseline = spread(init.get(BASELINE) as number[]);
  const initScan = spread(init.get('scan') as number[]);

  step('starting DynamoDB Local and the local system with demo data…');
  const dynamo = await startDynamoDbLocal();
  let counts: RequestCounts;
  let latency: { ratio: Spread; baseline: Spread; scan: Spread; perSecond: { baseline: number; scan: number } };
  let load: Load;
  try {
    const system = await startLocalSystem({ port: 0, inMemory: true, dynamoEndpoint: dynamo.endpoint, tableName: TABLE });
    try {
      const lot = system.demo?.lots[0]?.lotCode as string;
      step('counting DynamoDB requests per scan, intake and receipt…');
      counts = await countRequests(system);
      step(
        `timing warm handlers: ${LATENCY_ROUNDS} worker processes × ${LATENCY_PAIRS} interleaved calls each, then ${LOAD_CONNECTIONS} in flight for ${LOAD_SECONDS / 2} s each…`,
      );
      latency = await warmLatency(baseline, scan, dynamo.endpoint, lot);
      step(`loading GET /api/v1/scan/{lotCode} on localhost: ${LOAD_CONNECTIONS} connections for ${LOAD_SECONDS} s…`);
      load = await loadTest(`${system.url}/api/v1/scan/${lot}`);
    } finally {
      await system.stop();
    }
  } finally {
    await dynamo.stop();
  }

  step('building the shopper page…');
  const page = await buildWeb();

  const scanMost = Math.max(most(counts.scan), counts.unknownScan.length);
  const rows: Row[] = [
    {
      figure: 'scan bundle ÷ baseline bundle',
      measured: `${kib(scan.bytes)} ÷ ${kib(baseline.bytes)} = ${ratioText(scan.bytes, baseline.bytes)}`,
      budget: `≤ ${BUDGET.bundleRatio.toFixed(2)}`,
      ok: scan.bytes / baseline.bytes <= BUDGET.bundleRatio,
    },
    {
      figure: `scan module init ÷ baseline init (median of ${INIT_RUNS} fresh processes each)`,
      measured: `${ms(initScan.median)} ÷ ${ms(initBaseline.median)} = ${ratioText(initScan.median, initBaseline.median)}`,
      budget: `≤ ${BUDGET.initRatio.toFixed(2)}`,
      ok: initScan.median / initBaseline.median <= BUDGET.initRatio,
    },
    { figure: '  scan init min / median / max', measured: range(initScan), budget: '', ok: undefined },
    { figure: '  baseline init min / median / max', measured: range(initBaseline), budget: '', ok: undefined },
    {
      figure: `warm scan handler ÷ bare GetItem (median of ${LATENCY_ROUNDS} rounds × ${LATENCY_PAIRS} interleaved calls each)`,
      measured: `${latency.ratio.median.toFixed(3)} (rounds ${range(latency.ratio, (r) => r.toFixed(3))})`,
      budget: `≤ ${BUDGET.latencyRatio.toFixed(2)}`,
      ok: latency.ratio.median <= BUDGET.latencyRatio,
    },
    {
      figure: '  warm scan min / median / max (p99), all rounds',
      measured: `${range(latency.scan)} (${ms(latency.scan.p99)})`,
      budget: '',
      ok: undefined,
    },
    {
      figure: '  bare GetItem min / median / max (p99), all rounds',
      measured: `${range(latency.baseline)} (${ms(latency.baseline.p99)})`,
      budget: '',
      ok: undefined,
    },
    {
      figure: 'DynamoDB requests per origin scan (found / unknown / malformed)',
      measured: `${kinds(counts.scan)} / ${kinds([counts.unknownScan])} / ${kinds([counts.malformedScan])}`,
      budget: `${BUDGET.scanRequests} / ${BUDGET.scanRequests} / 0`,
      ok:
        scanMost === BUDGET.scanRequests &&
        Math.min(...counts.scan.map((c) => c.length)) === BUDGET.scanRequests &&
        counts.malformedScan.length === 0,
    },
    {
      figure: 'DynamoDB requests per intake',
      measured: `${most(counts.intake)} (${kinds(counts.intake)})`,
      budget: `≤ ${BUDGET.intakeRequests}`,
      ok: most(counts.intake) <= BUDGET.intakeRequests,
    },
    {
      figure: 'DynamoDB requests per receipt (secret cache warm)',
      measured: `${most(counts.receiptWarm)} (${kinds(counts.receiptWarm)})`,
      budget: `≤ ${BUDGET.receiptRequests}`,
      ok: most(counts.receiptWarm) <= BUDGET.receiptRequests,
    },
    {
      figure: '  first receipt of a store per container (cold cache)',
      measured: `${counts.receiptCold.length} (${kinds([counts.receiptCold])})`,
      budget: '',
      ok: undefined,
    },
    {
      figure: 'scan page first load (HTML + JS + CSS), gzipped',
      measured: `${kib(page.gzipBytes.total)} (html ${kib(page.gzipBytes.html)}, js ${kib(page.gzipBytes.js)}, css ${kib(page.gzipBytes.css)})`,
      budget: `≤ ${kib(BUDGET.pageGzipBytes)}`,
      ok: page.gzipBytes.total <= BUDGET.pageGzipBytes,
    },
    {
      figure: `  in-process handlers, ${LOAD_CONNECTIONS} in flight: scan bundle / bare GetItem`,
      measured: `${latency.perSecond.scan.toFixed(0)} / ${latency.perSecond.baseline.toFixed(0)} calls/s (reference: the same bundles in-process, no HTTP)`,
      budget: '',
      ok: undefined,
    },
    {
      figure: `local HTTP scan, ${LOAD_CONNECTIONS} connections × ${LOAD_SECONDS} s`,
      measured: `${load.requestsPerSecond.toFixed(0)} req/s (${load.total} requests), p50 ${load.p50} ms, p99 ${load.p99} ms, max ${load.max} ms, non-2xx ${load.non2xx}, errors ${load.errors}`,
      budget: '',
      ok: undefined,
    },
  ];

  console.log(`\n${table(rows)}\n`);
  console.log(`${bundleSection(bundles, baseline)}\n`);
  const failed = rows.filter((r) => r.ok === false);
  console.log(
    failed.length
      ? `bench: ${failed.length} budget(s) exceeded: ${failed.map((r) => r.figure).join('; ')} (${((Date.now() - started) / 1000).toFixed(0)} s)`
      : `bench: every budget met (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  process.exitCode = failed.length ? 1 : 0;
}

const outdir = mkdtempSync(join(tmpdir(), 'village-direct-bench-'));
try {
  await main(outdir);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
