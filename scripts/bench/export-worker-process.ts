// One export job run by the export worker's code alone in a process of its own, as Lambda runs it, so its
// peak memory is the worker's: `npm run bench:exports` starts it once per export and reads the JSON it prints.
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { s3ExportFiles } from '../../shared/exports/s3';
import { runExport } from '../../shared/exports/worker';
import { dynamoDbRepositories } from '../../shared/table/repositories';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variables: ${name}`);
  return value;
};
const [TABLE_NAME, DYNAMO_ENDPOINT, S3_ENDPOINT, BUCKET, EXPORT_ID, PUBLIC_BASE_URL] = [
  'TABLE_NAME',
  'DYNAMO_ENDPOINT',
  'S3_ENDPOINT',
  'BUCKET',
  'EXPORT_ID',
  'PUBLIC_BASE_URL',
].map(setting) as [string, string, string, string, string, string];
// The local key pair written out rather than imported from scripts/local/s3.ts, which would load the S3 server's
// code into the worker's process and its memory figures.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const dynamo = new DynamoDBClient({ endpoint: DYNAMO_ENDPOINT, region: 'local', credentials });
const s3 = new S3Client({ endpoint: S3_ENDPOINT, forcePathStyle: true, region: 'local', credentials });
const deps = { ...dynamoDbRepositories(dynamo, TABLE_NAME), now: () => new Date(), publicBaseUrl: PUBLIC_BASE_URL };

// The live heap: what survives a full collection (the process runs with --expose-gc), sampled every 100 ms,
// so garbage not yet collected is not counted as held.
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const live = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const heapBefore = live();
const rssBefore = process.memoryUsage().rss;
let peakHeap = heapBefore;
const sample = setInterval(() => {
  peakHeap = Math.max(peakHeap, live());
}, 100);
const started = performance.now();
await runExport(deps, s3ExportFiles(BUCKET, s3), EXPORT_ID);
const ms = performance.now() - started;
clearInterval(sample);
console.log(
  JSON.stringify({
    ms,
    rssBeforeMiB: rssBefore / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapBeforeMiB: heapBefore / 2 ** 20,
    peakHeapMiB: peakHeap / 2 ** 20,
  }),
);
dynamo.destroy();
s3.destroy();
