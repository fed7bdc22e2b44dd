// The S3 adapter of the CDN's log files: an object read as a stream of text lines, unzipped on the way when
// it is gzip (as CloudFront delivers them), so a large file never sits in memory whole. The same code reads
// S3 in AWS and the local S3-compatible server (whose endpoint the SDK reads from AWS_ENDPOINT_URL_S3, with
// path-style URLs).
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';

/** The client of the functions: path-style addressing when an endpoint other than S3's is configured. */
export function logsS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  return new S3Client({ forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) });
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The bytes of a stream, unzipped if they start as gzip does. */
async function* plainBytes(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const rest = (async function* () {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
  if (first.value[0] === GZIP_MAGIC[0] && first.value[1] === GZIP_MAGIC[1]) yield* Readable.from(rest).pipe(createGunzip());
  else yield* rest;
}

/** The lines of a text stream (gzip or not), without their line ends. */
export function linesOf(body: AsyncIterable<Uint8Array>): AsyncIterable<string> {
  return createInterface({ input: Readable.from(plainBytes(body)), crlfDelay: Number.POSITIVE_INFINITY });
}

/** The lines of an object, or undefined when it does not exist (any more). */
export async function objectLines(client: S3Client, bucket: string, key: string): Promise<AsyncIterable<string> | undefined> {
  try {
    const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return linesOf(Body as AsyncIterable<Uint8Array>);
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}
