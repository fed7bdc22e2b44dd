// The S3 adapter of export files with S3 faked: the file streams into a multipart upload as its chunks are
// made, and an upload that fails part-way is aborted, leaving no parts behind and no file to hand out.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { s3ExportFiles } from '../../../shared/exports/s3';

const client = new S3Client({ region: 'cn-north-1', credentials: { accessKeyId: 'k', secretAccessKey: 's' } });
const s3 = mockClient(client);
afterEach(() => s3.reset());

const MiB = 2 ** 20;
const KEY = 'exports/exp_0000000000000000/fsma204-exp_0000000000000000.csv';

/** `count` chunks of one MiB each, counting how many have been asked for so far. */
function chunksOf(count: number) {
  const made = { count: 0 };
  async function* chunks() {
    for (let i = 0; i < count; i++) {
      made.count++;
      yield 'x'.repeat(MiB);
    }
  }
  return { made, chunks: chunks() };
}

describe('writing an export file to S3', () => {
  it('uploads it in parts as its chunks are made, not after reading them all', async () => {
    // Prepare
    const { made, chunks } = chunksOf(30);
    const madeAtPart: number[] = [];
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake(async () => {
      madeAtPart.push(made.count);
      return { ETag: `"${madeAtPart.length}"` };
    });
    s3.on(CompleteMultipartUploadCommand).resolves({});

    // Act
    await s3ExportFiles('exports-bucket', client).write(KEY, chunks, 'text/csv; charset=utf-8');

    // Assess: six parts of 5 MiB; the first went out when about a third of the file had been made.
    expect(madeAtPart).toHaveLength(6);
    expect(madeAtPart[0]).toBeLessThan(20);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'exports-bucket',
      Key: KEY,
      ContentType: 'text/csv; charset=utf-8',
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(1);
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('aborts the upload when a part fails, so S3 keeps no parts, and fails the write', async () => {
    // Prepare
    const { chunks } = chunksOf(30);
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand)
      .resolvesOnce({ ETag: '"1"' })
      .rejects(new S3ServiceException({ name: 'InternalError', $fault: 'server', $metadata: {}, message: 'S3 is down' }));
    s3.on(AbortMultipartUploadCommand).resolves({});

    // Act
    const writing = s3ExportFiles('exports-bucket', client).write(KEY, chunks, 'text/csv; charset=utf-8');

    // Assess
    await expect(writing).rejects.toThrow('S3 is down');
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'exports-bucket', Key: KEY, UploadId: 'up-2' },
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('aborts the upload when making the file fails part-way, as when the scope’s reading dies', async () => {
    // Prepare
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-3' });
    s3.on(UploadPartCommand).resolves({ ETag: '"1"' });
    s3.on(AbortMultipartUploadCommand).resolves({});
    async function* dying() {
      for (let i = 0; i < 12; i++) yield 'x'.repeat(MiB);
      throw new Error('DynamoDB went away');
    }

    // Act
    const writing = s3ExportFiles('exports-bucket', client).write(KEY, dying(), 'text/csv; charset=utf-8');

    // Assess
    await expect(writing).rejects.toThrow('DynamoDB went away');
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input.UploadId)).toEqual(['up-3']);
  });
});
