// The export worker on DynamoDB Local and the local S3 server: a worker that dies part-way leaves a running
// export and no file, the next delivery writes the whole file once, and a finished export is left alone;
// on the queue's last delivery a failure marks the export failed. The download link reads its own file
// and no other: its signature covers the object's key, and it lasts minutes.
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { LOCAL_BUCKETS, LOCAL_S3_CREDENTIALS } from '../../scripts/local/s3';
import type { Principal } from '../../shared/auth';
import type { Repositories } from '../../shared/deps';
import { DOWNLOAD_SECONDS, fileName } from '../../shared/exports/export';
import { s3ExportFiles } from '../../shared/exports/s3';
import { createExport, getExport } from '../../shared/exports/use-cases';
import { runExport, runExportDelivery } from '../../shared/exports/worker';
import type { LotRepository } from '../../shared/lots/lot';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { recordLots, setupAgreement, startTestApi, type TestApi } from '../support/api';

const LOTS = 30;
const OPS: Principal = { role: 'ops', subject: 'ops-drill' };
const now = () => new Date();
const noJobs = { send: async () => undefined };

let api: TestApi;
let repos: Repositories;
let agreementId: string;
let client: ReturnType<typeof localClient>;
let s3: S3Client;
let deps: Repositories & { now: () => Date; publicBaseUrl: string };

const objectsUnder = async (prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: LOCAL_BUCKETS.exports, Prefix: prefix }))).Contents ?? []).map((o) => o.Key);

beforeAll(async () => {
  api = await startTestApi();
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  deps = { ...repos, now, publicBaseUrl: api.system.url };
  s3 = new S3Client({ endpoint: api.system.s3Endpoint, forcePathStyle: true, region: 'local', credentials: LOCAL_S3_CREDENTIALS });
  ({ agreementId } = await setupAgreement(api, { committedKg: 10_000 }));
  await recordLots(api, agreementId, LOTS);
});
afterAll(async () => {
  s3?.destroy();
  client?.destroy();
  await api?.stop();
});

/** Lot storage read in pages of 10 lots that fails after `pages` of them, as a worker killed mid-scope. */
const dyingAfter = (pages: number): LotRepository => {
  let calls = 0;
  return {
    ...repos.lots,
    records: (anchor, filter, _limit, cursor) =>
      ++calls > pages ? Promise.reject(new Error('worker killed')) : repos.lots.records(anchor, filter, 10, cursor),
  };
};

describe('the export worker', () => {
  it('resumes after dying part-way: no file is left, the next run writes it whole once, and a late run changes nothing', async () => {
    const { export: started } = await createExport(deps, noJobs, OPS, {
      clientExportId: 'drill',
      format: 'fsma204-csv',
      scope: { agreementId },
    });
    const files = s3ExportFiles(LOCAL_BUCKETS.exports, s3);
    // Two pages of 10 lots are written into the upload, then the scope's reading dies.
    const dying = { ...deps, lots: dyingAfter(2) };
    await expect(runExport(dying, files, started.exportId)).rejects.toThrow('worker killed');
    const halfway = await repos.exports.get(started.exportId, true);
    expect(halfway).toMatchObject({ status: 'running', lotCount: 0, rowCount: 0, bytes: 0 });
    expect(await objectsUnder(`exports/${started.exportId}/`)).toEqual([]);

    await runExport(deps, files, started.exportId);
    const done = await repos.exports.get(started.exportId, true);
    expect(done).toMatchObject({
      status: 'ready',
      lotCount: LOTS,
      rowCount: LOTS * 2,
      objectKey: `exports/${started.exportId}/${fileName(started)}`,
    });
    expect(await objectsUnder(`exports/${started.exportId}/`)).toEqual([done!.objectKey]);

    // A late redelivery of the finished job does nothing.
    await runExport(deps, files, started.exportId);
    expect(await repos.exports.get(started.exportId, true)).toEqual(done);
  });

  it('marks the export failed on the last delivery that fails, and not before', async () => {
    const { export: started } = await createExport(deps, noJobs, OPS, {
      clientExportId: 'doomed',
      format: 'epcis-2.0-jsonld',
      scope: { agreementId },
    });
    const files = s3ExportFiles(LOCAL_BUCKETS.exports, s3);
    const dying = { ...deps, lots: dyingAfter(0) };
    await expect(runExportDelivery(dying, files, started.exportId, { receiveCount: 4, lastReceive: 5 })).rejects.toThrow();
    expect((await repos.exports.get(started.exportId, true))?.status).toBe('running');
    await expect(runExportDelivery(dying, files, started.exportId, { receiveCount: 5, lastReceive: 5 })).rejects.toThrow();
    const failed = await api.call('GET', `/api/v1/exports/${started.exportId}`, { token: api.opsToken });
    expect(failed.body).toMatchObject({ status: 'failed', error: expect.stringContaining('5 attempts') });
    expect(failed.body.downloadUrl).toBeUndefined();
    // Failed is final: a later success would not resurrect it silently.
    await runExport(deps, files, started.exportId);
    expect((await repos.exports.get(started.exportId, true))?.status).toBe('failed');
  });
});

describe('the download link', () => {
  it('is minted on each read, lasts at most 15 minutes, and its signature covers its own key and no other', async () => {
    const files = s3ExportFiles(LOCAL_BUCKETS.exports, s3);
    const made = [];
    for (const id of ['link-a', 'link-b']) {
      const { export: started } = await createExport(deps, noJobs, OPS, {
        clientExportId: id,
        format: 'fsma204-csv',
        scope: { agreementId },
      });
      await runExport(deps, files, started.exportId);
      made.push(started);
    }
    const [a, b] = made as [(typeof made)[0], (typeof made)[0]];
    const first = await getExport(deps, files, a.exportId);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await getExport(deps, files, a.exportId);
    expect(first.downloadUrl).not.toBe(second.downloadUrl); // signed at each read, not stored

    const url = new URL(second.downloadUrl!);
    const signedAt = url.searchParams.get('X-Amz-Date')!;
    const expires = Number(url.searchParams.get('X-Amz-Expires'));
    expect(expires).toBe(DOWNLOAD_SECONDS);
    expect(expires).toBeLessThanOrEqual(15 * 60);
    const signedMs = Date.parse(signedAt.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
    expect(Math.abs(Date.parse(second.downloadExpiresAt!) - (signedMs + expires * 1000))).toBeLessThan(2000);
    expect(url.pathname).toBe(`/${LOCAL_BUCKETS.exports}/exports/${a.exportId}/${fileName(a)}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');

    // S3 checks the signature over the method, path and query (SigV4): signed again for the same key at
    // the same instant it is the same, for the other export's key it is another, so S3 would refuse it there.
    const signature = (key: string, name: string) =>
      getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: LOCAL_BUCKETS.exports, Key: key, ResponseContentDisposition: `attachment; filename="${name}"` }),
        { expiresIn: expires, signingDate: new Date(signedMs) },
      ).then((signed) => new URL(signed).searchParams.get('X-Amz-Signature'));
    const own = await signature(`exports/${a.exportId}/${fileName(a)}`, fileName(a));
    expect(own).toBe(url.searchParams.get('X-Amz-Signature'));
    expect(await signature(`exports/${b.exportId}/${fileName(b)}`, fileName(a))).not.toBe(own);
    expect(await signature(`exports/${b.exportId}/${fileName(b)}`, fileName(b))).not.toBe(own);

    // What it downloads is that export's file, as measured.
    const body = Buffer.from(await (await fetch(second.downloadUrl!)).arrayBuffer());
    expect(body.byteLength).toBe(second.bytes);
  });
});
