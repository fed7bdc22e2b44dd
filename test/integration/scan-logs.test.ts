// Scan counts from the CDN's logs, end to end on the local system: shoppers open lots through the local
// server, which logs every request as CloudFront does into the local log bucket; the bucket's event runs the
// scan-log worker, which keeps each file's counts once; the stream aggregator adds them to the weekly
// figures per crop and city. A redelivered event counts nothing again; nothing of the viewer is kept.
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectCreatedEvent, w3cLog } from '../../scripts/local/cdn-logs';
import { localClient } from '../../scripts/local/dynamodb-local';
import { LOCAL_BUCKETS, LOCAL_S3_CREDENTIALS } from '../../scripts/local/s3';
import { newLotCode } from '../../shared/codes';
import { chinaDate } from '../../shared/dates';
import { isoWeekOf } from '../../shared/demand/weeks';
import type { Repositories } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';
import { lambdaContext } from '../support/events';

const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
const BOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

let api: TestApi;
let repos: Repositories;
let client: ReturnType<typeof localClient>;
let s3: S3Client;
let worker: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let hangzhouLot: string;
let unshippedLot: string;
const week = isoWeekOf(chinaDate(new Date()));

const totals = async (city?: string) => (await repos.demand.weekly('strawberry', { from: week, to: week }, city))[0];
const open = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.system.url}${path}`, { headers: { 'user-agent': PHONE, ...headers } }).then((r) => r.status);
/** Writes what the server answered as a log file, and waits until it is counted and added up. */
const counted = async () => {
  const key = await api.system.cdnLogs.flush();
  await api.system.scanLogs.idle();
  await api.system.streams!.idle();
  return key;
};
const deliver = (key: string, bucket: string = LOCAL_BUCKETS.logs) =>
  worker(
    { Records: [{ messageId: key, body: objectCreatedEvent({ bucket, key, size: 0 }), attributes: {} }] } as unknown as SQSEvent,
    lambdaContext('scan-log-worker'),
  );

beforeAll(async () => {
  api = await startTestApi({ streams: true });
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  s3 = new S3Client({ endpoint: api.system.s3Endpoint, forcePathStyle: true, region: 'local', credentials: LOCAL_S3_CREDENTIALS });
  ({ handler: worker } = await import('../../functions/scan-log-worker'));
  await api.call('POST', '/api/v1/stores', {
    token: api.opsToken,
    body: { storeId: 'hz-9', name: { zh: '店', en: 'Store' }, city: 'Hangzhou' },
  });
  const { agreementId } = await setupAgreement(api);
  const intake = (clientLotId: string, destinationStoreId?: string) =>
    api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId, grade: 'A', quantityKg: 5, harvestedOn: chinaDay(0), destinationStoreId },
    });
  hangzhouLot = (await intake('scan-1', 'hz-9')).body.lotCode;
  unshippedLot = (await intake('scan-2')).body.lotCode;
  await counted();
});
afterAll(async () => {
  s3?.destroy();
  client?.destroy();
  await api?.stop();
});

describe('scans from the local CDN logs', () => {
  it("counts shoppers' page hits and outside lookups per crop, city and week, and nothing else", async () => {
    expect(await open(`/l/${hangzhouLot}`)).toBe(200);
    // The page's own lookup, made from the page: the same opening.
    expect(await open(`/api/v1/scan/${hangzhouLot}`, { referer: `${api.system.url}/l/${hangzhouLot}` })).toBe(200);
    // A partner's app looking the lot up: an opening of its own.
    expect(await open(`/api/v1/scan/${hangzhouLot}`)).toBe(200);
    expect(await open(`/l/${unshippedLot}`)).toBe(200);
    // Not scans: a robot, a lot that does not exist, a malformed code, another route.
    expect(await open(`/l/${hangzhouLot}`, { 'user-agent': BOT })).toBe(200);
    expect(await open(`/api/v1/scan/${newLotCode()}`)).toBe(404);
    expect(await open('/api/v1/scan/NOT-A-CODE')).toBe(400);
    expect(await open('/api/v1/openapi.json')).toBe(200);
    await counted();

    expect(await totals()).toMatchObject({ scans: 3 });
    expect(await totals('Hangzhou')).toMatchObject({ scans: 2 });
    // A lot not yet at any store is counted in no city.
    expect(await totals('')).toMatchObject({ scans: 1 });
  });

  it('counts a file once, however often its event is delivered', async () => {
    await open(`/l/${hangzhouLot}`);
    const key = (await counted()) as string;
    const once = await totals();
    for (let i = 0; i < 3; i++) expect((await deliver(key)).batchItemFailures).toEqual([]);
    await api.system.streams!.idle();
    expect(await totals()).toEqual(once);
  });

  it('keeps of a file only crops, cities, weeks and counts: no address, no user agent', async () => {
    await open(`/l/${hangzhouLot}`);
    const key = (await counted()) as string;
    // The log itself is CloudFront's: gzip, W3C, every field named, the viewer's address and agent in it.
    const log = await s3.send(new GetObjectCommand({ Bucket: LOCAL_BUCKETS.logs, Key: key }));
    const text = gunzipSync(Buffer.from((await log.Body?.transformToByteArray()) ?? [])).toString('utf8');
    expect(text).toMatch(/^#Version: 1\.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method /);
    expect(text).toContain(encodeURI(PHONE));
    const { Items = [] } = await client.send(new ScanCommand({ TableName: api.system.tableName, ConsistentRead: true }));
    const kept = Items.filter((item) => item.entity?.S === 'scanLog');
    expect(kept.length).toBeGreaterThan(0);
    for (const item of kept) {
      const text = JSON.stringify(item);
      expect(text).not.toMatch(/127\.0\.0\.1|::1|Mozilla|Googlebot|Android/);
      for (const cell of item.cells?.L ?? []) expect(Object.keys(cell.M ?? {}).sort()).toEqual(['city', 'crop', 'scans', 'week']);
    }
  });

  it('reads plain and gzip files, passes over a file in another format, and drops an event of a file that is gone', async () => {
    const at = new Date();
    const line = { date: at.toISOString().slice(0, 10), time: at.toISOString().slice(11, 19), 'cs-method': 'GET', 'sc-status': 200 };
    const entries = [
      { ...line, 'cs-uri-stem': `/l/${hangzhouLot}`, 'cs(User-Agent)': PHONE },
      { ...line, 'cs-uri-stem': `/l/${hangzhouLot}`, 'cs(User-Agent)': PHONE },
    ];
    const before = (await totals())?.scans ?? 0;
    const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: LOCAL_BUCKETS.logs, Key: key, Body: body }));
    await put('cloudfront/test/plain.log', w3cLog(entries));
    await put('cloudfront/test/zipped.gz', gzipSync(w3cLog(entries)));
    await put('cloudfront/test/other.json', JSON.stringify({ 'cs-uri-stem': `/l/${hangzhouLot}` }));
    // Outside the CDN's prefix: the page bucket's access logs, say. No event reaches the worker.
    await put('page-bucket/access.log', w3cLog(entries));
    await api.system.scanLogs.idle();
    await api.system.streams!.idle();
    expect((await totals())?.scans).toBe(before + 4);
    expect(await deliver('cloudfront/test/never-written.gz')).toEqual({ batchItemFailures: [] });
  });
});

describe('failures', () => {
  it('reports a file it could not read or keep for another delivery, and drops a message that is no log event', async () => {
    const before = await totals();
    const s3Fault = mockClient(S3Client);
    try {
      s3Fault.rejects(Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }));
      expect(await deliver('cloudfront/test/plain.log')).toEqual({ batchItemFailures: [{ itemIdentifier: 'cloudfront/test/plain.log' }] });
    } finally {
      s3Fault.restore();
    }
    const notEvent = { Records: [{ messageId: 'm', body: '{"hello":1}', attributes: {} }] } as unknown as SQSEvent;
    expect(await worker(notEvent, lambdaContext('scan-log-worker'))).toEqual({ batchItemFailures: [] });
    await api.system.streams!.idle();
    expect(await totals()).toEqual(before);
  });
});
