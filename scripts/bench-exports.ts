// `npm run bench:exports`: exports at scale on this machine, on DynamoDB Local and the local S3 server. It
// records 10,000 lots of one village (half of them shipped to a store), then runs an FSMA 204 export and an
// EPCIS 2.0 export of the village, each by the export worker's code in a process of its own, and prints the
// time, the file's size and rows, and the worker's peak memory. It fails when a file misses a lot, when the
// EPCIS document does not validate, or when the worker's live heap grew by more than MAX_LIVE_GROWTH, a bound
// that does not grow with the scope: the file is streamed, so the heap holds a page of lots, not the file
// (10,000 lots make an 11 MiB CSV, twice that as JavaScript strings). The upload's two 5 MiB parts are
// buffers outside the heap, counted in the worker's RSS.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import epcis from 'epcis2.js';
import type { Principal } from '../shared/auth';
import type { ExportFormat } from '../shared/exports/export';
import { createExport } from '../shared/exports/use-cases';
import { recordLot } from '../shared/lots/record-lot';
import { dynamoDbRepositories } from '../shared/table/repositories';
import { chinaDay, inParallel, startDrillSystem } from './bench/drill-system';
import { LOCAL_BUCKETS, LOCAL_S3_CREDENTIALS } from './local/s3';

const LOTS = Number(process.env.BENCH_EXPORT_LOTS ?? 10_000);
const TABLE = 'bench-exports';
const OPS: Principal = { role: 'ops', subject: 'bench' };
const step = (text: string) => console.error(`bench:exports: ${text}`);
const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const MAX_LIVE_GROWTH = 16 * 2 ** 20;

const { dynamo, system, client, call, stop } = await startDrillSystem(TABLE);
const s3 = new S3Client({ endpoint: system.s3Endpoint, forcePathStyle: true, region: 'local', credentials: LOCAL_S3_CREDENTIALS });
let failed = false;
try {
  await call('PUT', '/api/v1/crops/strawberry', { name: { zh: '草莓', en: 'Strawberry' }, recipes: [] });
  await call('POST', '/api/v1/stores', { storeId: 'sh-bench', name: { zh: '门店', en: 'Bench store' }, city: 'Shanghai' });
  const { body: village } = await call('POST', '/api/v1/villages', {
    name: { zh: '蒲江村', en: 'Pujiang, "Big" Village' },
    province: 'Sichuan',
    county: 'Pujiang',
  });
  const { body: agreement } = await call('POST', '/api/v1/agreements', {
    villageId: village.villageId,
    crop: 'strawberry',
    gtin: '06931234567899',
    committedKg: LOTS * 2,
    tolerancePct: 0,
    prices: [{ grade: 'A', fenPerKg: 1000 }],
    deliveryWindow: { from: chinaDay(-200), to: chinaDay(0) },
  });
  const deps = { ...dynamoDbRepositories(client, TABLE), now: () => new Date(), publicBaseUrl: system.url };
  const store = await deps.stores.get('sh-bench');
  let started = Date.now();
  const codes: string[] = [];
  await inParallel(LOTS, async (i) => {
    const { lot } = await recordLot(deps, OPS, agreement.agreementId, {
      clientLotId: `b-${i}`,
      grade: 'A',
      quantityKg: 1 + (i % 7) / 8,
      harvestedOn: chinaDay(-(i % 180)),
      field: `Plot ${i % 12}, east`,
    });
    codes[i] = lot.lotCode;
  });
  step(`recorded ${LOTS} lots in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  await inParallel(LOTS / 2, async (i) => {
    const lot = await deps.lots.get(codes[i * 2] as string, true);
    if (lot && store) await deps.lots.dispatch(lot, { storeId: 'sh-bench', at: new Date().toISOString() }, store);
  });
  step(`shipped ${LOTS / 2} of them in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const noJobs = { send: async () => undefined };
  const rows: string[] = [];
  for (const format of ['fsma204-csv', 'epcis-2.0-jsonld'] as ExportFormat[]) {
    const { export: job } = await createExport(deps, noJobs, OPS, {
      clientExportId: `bench-${format}`,
      format,
      scope: { villageId: village.villageId },
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'scripts/bench/export-worker-process.ts'],
      {
        env: {
          ...process.env,
          TABLE_NAME: TABLE,
          DYNAMO_ENDPOINT: dynamo.endpoint,
          S3_ENDPOINT: system.s3Endpoint,
          BUCKET: LOCAL_BUCKETS.exports,
          EXPORT_ID: job.exportId,
          PUBLIC_BASE_URL: system.url,
        },
        maxBuffer: 1024 * 1024,
      },
    );
    const worker = JSON.parse(stdout.trim().split('\n').pop() as string) as {
      ms: number;
      rssBeforeMiB: number;
      maxRssMiB: number;
      heapBeforeMiB: number;
      peakHeapMiB: number;
    };
    const done = await deps.exports.get(job.exportId, true);
    const object = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKETS.exports, Key: done?.objectKey }));
    const file = Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    const problems: string[] = [];
    if (done?.status !== 'ready' || done.lotCount !== LOTS) problems.push(`${done?.lotCount} lots, not ${LOTS}`);
    if (createHash('sha256').update(file).digest('hex') !== done?.sha256 || file.byteLength !== done?.bytes)
      problems.push('file differs from its measure');
    const expectedRows = LOTS * 2 + LOTS / 2;
    const expectedEvents = LOTS + LOTS / 2;
    if (format === 'fsma204-csv' && done?.rowCount !== expectedRows) problems.push(`${done?.rowCount} rows, not ${expectedRows}`);
    if (format === 'epcis-2.0-jsonld') {
      const document = JSON.parse(file.toString('utf8'));
      if (document.epcisBody.eventList.length !== expectedEvents) problems.push(`${document.epcisBody.eventList.length} events`);
      try {
        epcis.validateEpcisDocument(document);
      } catch (error) {
        problems.push(`invalid EPCIS: ${(error as Error).message.slice(0, 200)}`);
      }
    }
    const heapGrowth = (worker.peakHeapMiB - worker.heapBeforeMiB) * 2 ** 20;
    if (heapGrowth > MAX_LIVE_GROWTH) problems.push(`live heap grew ${MiB(heapGrowth)} MiB, over ${MiB(MAX_LIVE_GROWTH)} MiB`);
    failed ||= problems.length > 0;
    rows.push(
      `${format.padEnd(17)} ${String(done?.lotCount).padStart(6)} lots ${String(done?.rowCount).padStart(6)} rows ` +
        `${String(file.byteLength).padStart(9)} bytes (${MiB(file.byteLength)} MiB)  ${(worker.ms / 1000).toFixed(1).padStart(5)} s  ` +
        `worker live heap peak ${worker.peakHeapMiB.toFixed(0)} MiB (+${MiB(heapGrowth)} during the export), ` +
        `RSS ${worker.rssBeforeMiB.toFixed(0)} MiB before, ${worker.maxRssMiB.toFixed(0)} MiB at most` +
        (problems.length ? `  FAILED: ${problems.join('; ')}` : ''),
    );
  }
  console.log(
    ['', `Exports of ${LOTS} lots (half shipped), DynamoDB Local and s3rver on this machine:`, ...rows.map((r) => `  ${r}`), ''].join('\n'),
  );
} finally {
  s3.destroy();
  await stop();
}
process.exit(failed ? 1 : 0);
