// `npm run bench:demand`: the demand path's figures on this machine (docs/performance.md, "Demand"), all on
// localhost: the stream aggregator's throughput on DynamoDB Local, the CDN log reader's rate, the latency of a
// forecast over three years of weekly figures, and the forecast error on the demo sales model. It checks
// nothing; it prints. About a minute and a half.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { gzipSync } from 'node:zlib';
import { tallyScans } from '../shared/demand/cdn-logs';
import { forecastSeries, mape, seasonalNaive } from '../shared/demand/forecast';
import { addWeeks, isoWeekOf, weekRange } from '../shared/demand/weeks';
import { chinaDate } from '../shared/dates';
import { dynamoDbRepositories } from '../shared/table/repositories';
import { benchProgram, modelWeeks, shopperLog, writeStoreDays } from './bench/demand-data';
import { type Row, table } from './bench/report';
import { ms, range, spread } from './bench/stats';
import { objectCreatedEvent } from './local/cdn-logs';
import { localClient, startDynamoDbLocal } from './local/dynamodb-local';
import { LOCAL_BUCKETS, LOCAL_S3_CREDENTIALS } from './local/s3';
import { DEMO_SEASONS } from './local/sales-history';
import { streamRecords } from './local/streams';
import { startLocalSystem } from './local/system';

const STORES = 8;
const DAYS = 250;
const LOTS = 200;
const LOG_LINES = 200_000;
const FORECAST_RUNS = 30;
const TABLE = 'bench-demand';

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
const progress = (text: string) => process.stderr.write(`${text}\n`);
const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 60_000 } as unknown as Context;
const perSecond = (count: number, millis: number) => Math.round((count / millis) * 1000).toLocaleString('en');
const timed = async <T>(run: () => Promise<T>) => {
  const started = performance.now();
  const value = await run();
  return { value, millis: performance.now() - started };
};

const started = Date.now();
const dynamo = await startDynamoDbLocal();
// The bench delivers the stream itself, batch after batch, as Lambda's event source does for a shard.
const system = await startLocalSystem({
  port: 0,
  inMemory: true,
  seed: false,
  streams: false,
  dynamoEndpoint: dynamo.endpoint,
  tableName: TABLE,
});
const client = localClient(dynamo.endpoint);
const rows: Row[] = [];
try {
  const repos = dynamoDbRepositories(client, TABLE);
  const deps = { ...repos, now: () => new Date(), publicBaseUrl: system.url };
  progress(`setting up ${STORES} stores and ${LOTS} lots…`);
  const { stores, lotCodes } = await benchProgram(deps, STORES, LOTS);

  // 1. The aggregator over store days, as the deployed filter passes them (new and corrected days).
  progress(`writing ${STORES * DAYS} store days…`);
  const streams = new DynamoDBStreamsClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
  });
  const streamArn = (await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.LatestStreamArn as string;
  const days = await writeStoreDays(deps, stores, DAYS);
  const records = (await streamRecords(streams, streamArn)).filter((r) => r.dynamodb?.NewImage?.entity?.S === 'salesDay');
  streams.destroy();
  const { handler: aggregate } = (await import('../functions/demand-aggregator')) as unknown as {
    handler: (event: DynamoDBStreamEvent, context: Context) => Promise<{ batchItemFailures: unknown[] }>;
  };
  const deliver = async () => {
    for (let at = 0; at < records.length; at += 100) {
      const reply = await aggregate({ Records: records.slice(at, at + 100) }, context);
      if (reply.batchItemFailures.length) throw new Error('a stream batch failed');
    }
  };
  progress(`aggregating ${records.length} stream records, then again…`);
  const first = await timed(deliver);
  const again = await timed(deliver);
  rows.push(
    {
      figure: `aggregator, ${records.length} store days (2 crops, 1 city each) in batches of 100`,
      measured: `${perSecond(records.length, first.millis)} records/s (${ms(first.millis)})`,
      budget: '',
      ok: undefined,
    },
    {
      figure: '  the same batches delivered again (nothing added)',
      measured: `${perSecond(records.length, again.millis)} records/s (${ms(again.millis)})`,
      budget: '',
      ok: undefined,
    },
  );
  if (days !== records.length) throw new Error(`wrote ${days} days, the stream has ${records.length}`);

  // 2. The CDN log reader: the pure count, then the worker on a gzip file in the local S3 server.
  progress(`reading a ${LOG_LINES.toLocaleString('en')}-line CDN log…`);
  const log = shopperLog(lotCodes, LOG_LINES);
  const lines = log.split('\n');
  const parse: number[] = [];
  for (let i = 0; i < 5; i++) parse.push((await timed(() => tallyScans(lines))).millis);
  const tally = await tallyScans(lines);
  const s3 = new S3Client({ endpoint: system.s3Endpoint, forcePathStyle: true, region: 'local', credentials: LOCAL_S3_CREDENTIALS });
  const zipped = gzipSync(log);
  const { handler: countLog } = (await import('../functions/scan-log-worker')) as unknown as {
    handler: (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: unknown[] }>;
  };
  const worker: number[] = [];
  for (let i = 0; i < 3; i++) {
    // A file is counted once: each run reads a file of its own, with the same lines.
    const key = `cloudfront/bench/run-${i}.gz`;
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKETS.logs, Key: key, Body: zipped }));
    const body = objectCreatedEvent({ bucket: LOCAL_BUCKETS.logs, key, size: zipped.length });
    const run = await timed(() => countLog({ Records: [{ messageId: key, body, attributes: {} }] } as unknown as SQSEvent, context));
    if (run.value.batchItemFailures.length) throw new Error('the log worker failed');
    worker.push(run.millis);
  }
  s3.destroy();
  const parsed = spread(parse);
  const whole = spread(worker);
  rows.push(
    {
      figure: `CDN log, ${LOG_LINES.toLocaleString('en')} lines (${tally.counted.toLocaleString('en')} scans of ${tally.scans.size} lots): reading and counting, in memory, median of 5`,
      measured: `${perSecond(LOG_LINES, parsed.median)} lines/s (${range(parsed)})`,
      budget: '',
      ok: undefined,
    },
    {
      figure: `  the worker on the same file from S3 (${(zipped.length / 1024).toFixed(0)} KiB gzip): read, count, look up lots and cities, keep; median of 3`,
      measured: `${perSecond(LOG_LINES, whole.median)} lines/s (${range(whole)})`,
      budget: '',
      ok: undefined,
    },
  );

  // 3. A forecast over three years of weekly figures: the read of the weeks, then the pure forecast.
  const today = chinaDate(new Date());
  const lastWeek = addWeeks(isoWeekOf(today), -1);
  const firstWeek = addWeeks(lastWeek, -155);
  const weeks = weekRange(firstWeek, lastWeek);
  const history = modelWeeks(DEMO_SEASONS[0]!, firstWeek, weeks.length);
  progress(`writing ${weeks.length} weeks of figures, then ${FORECAST_RUNS} forecasts…`);
  const contributions = weeks.map((week, i) => ({
    crop: 'bench-crop',
    city: 'Chengdu',
    week,
    figures: { soldGrams: history[i] as number },
  }));
  for (let at = 0; at < contributions.length; at += 40) await repos.demand.apply(`bench-history-${at}`, contributions.slice(at, at + 40));
  const reads: number[] = [];
  const forecasts: number[] = [];
  let method = '';
  for (let i = 0; i < FORECAST_RUNS; i++) {
    const read = await timed(() => repos.demand.weekly('bench-crop', { from: firstWeek, to: lastWeek }));
    const sold = new Map(read.value.map((w) => [w.week, w.soldGrams]));
    const series = weeks.map((week) => sold.get(week) ?? 0);
    const forecast = await timed(async () => forecastSeries(series, 26));
    method = forecast.value.method;
    reads.push(read.millis);
    forecasts.push(forecast.millis);
  }
  const read = spread(reads);
  const pure = spread(forecasts);
  const total = spread(reads.map((r, i) => r + (forecasts[i] as number)));
  rows.push(
    {
      figure: `forecast, 156 weeks of history, 26 ahead (${method}): read + forecast, ${FORECAST_RUNS} runs`,
      measured: `median ${ms(total.median)}, p99 ${ms(total.p99)}`,
      budget: '',
      ok: undefined,
    },
    { figure: '  the weekly figures read (one Query, 156 items)', measured: range(read), budget: '', ok: undefined },
    { figure: '  the forecast itself (pure: parameter grid, fit, backtest)', measured: range(pure), budget: '', ok: undefined },
  );

  // 4. The forecast error on the demo model: three years of history, and the fourth year it did not see. MAPE
  // is the forecast's own figure (the mean over weeks that sold, so the thin weeks at a season's edges weigh as
  // much as its peak); the volume-weighted error (Σ|error| ÷ Σ sold) says how far off the season's kilograms are.
  const weighted = (actual: readonly number[], forecast: readonly number[]) =>
    Math.round((actual.reduce((sum, a, i) => sum + Math.abs(a - (forecast[i] ?? 0)), 0) / actual.reduce((sum, a) => sum + a, 0)) * 1000) /
    10;
  for (const season of DEMO_SEASONS) {
    const start = addWeeks(lastWeek, -207);
    const all = modelWeeks(season, start, 208);
    const seen = all.slice(0, 156);
    const unseen = all.slice(156);
    const forecast = forecastSeries(seen, 52);
    const naive = seasonalNaive(seen, 52);
    rows.push(
      {
        figure: `forecast error, demo model, ${season.crop} (${forecast.method}): backtest MAPE; next 52 weeks MAPE, volume-weighted`,
        measured: `${forecast.backtest?.mape}%; ${mape(unseen, forecast.values ?? [])}%, ${weighted(unseen, forecast.values ?? [])}%`,
        budget: '',
        ok: undefined,
      },
      {
        figure: `  seasonal naive on the same 52 weeks, for comparison: MAPE, volume-weighted`,
        measured: `${mape(unseen, naive)}%, ${weighted(unseen, naive)}%`,
        budget: '',
        ok: undefined,
      },
    );
  }
} finally {
  client.destroy();
  await system.stop();
  await dynamo.stop();
}

console.log(table(rows));
console.log(`\nThe run took ${Math.round((Date.now() - started) / 1000)} s (Node ${process.versions.node}, DynamoDB Local).`);
