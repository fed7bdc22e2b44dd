// The S3 adapter of export files: the worker streams a file in as a multipart upload, and the exports
// function presigns a GET of exactly one object. The same code talks to S3 in AWS and to the local
// S3-compatible server (whose endpoint the SDK reads from AWS_ENDPOINT_URL_S3, with path-style URLs).
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import type { ExportFiles } from './export';

/** S3's smallest part: the most one upload buffers per part in flight. */
const PART_BYTES = 5 * 1024 * 1024;

/** The client of the functions: path-style addressing when an endpoint other than S3's is configured. */
export function exportsS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({ forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) });
}

async function* bytesOf(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) if (chunk.length > 0) yield Buffer.from(chunk, 'utf8');
}

export function s3ExportFiles(bucket: string, client: S3Client): ExportFiles {
  return {
    async write(objectKey, chunks, contentType) {
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: objectKey, Body: Readable.from(bytesOf(chunks)), ContentType: contentType },
        partSize: PART_BYTES,
        // Two parts in flight at most; a failed upload is aborted, so no parts are left behind.
        queueSize: 2,
        leavePartsOnError: false,
      });
      await upload.done();
    },

    presign: (objectKey, seconds, filename) =>
      getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: objectKey,
          ResponseContentDisposition: `attachment; filename="${filename}"`,
        }),
        { expiresIn: seconds },
      ),
  };
}
