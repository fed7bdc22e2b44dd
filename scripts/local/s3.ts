// The local stand-in for S3: s3rver, an S3-compatible server, in this process on a free port of its own,
// with the program's buckets created at start. The functions reach it through the SDK's own
// AWS_ENDPOINT_URL_S3 (path-style URLs), so the same S3 code runs here as in AWS. It does not check
// signatures: a tampered presigned URL still works here, while S3 refuses it. Like S3, it tells of each
// object written (here to a listener, in AWS through EventBridge).
import type { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import S3rver from 's3rver';

/** The one key pair s3rver knows; DynamoDB Local takes any, so a local run uses this one for both. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** The buckets of a local run, named once: the stacks name theirs in AWS. */
export const LOCAL_BUCKETS = { exports: 'village-direct-exports', logs: 'village-direct-logs' } as const;

/** An object written to a local bucket (its key as written, not URL-encoded). */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
}

export interface LocalS3 {
  readonly endpoint: string;
  /** Calls `listener` after each object written (put, copied or posted). */
  onObjectCreated(listener: (object: CreatedObject) => void): void;
  stop(): Promise<void>;
}

/** What s3rver emits: S3's notification shape, one record per event. */
interface S3rverEvent {
  Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number } } }[];
}

/** Starts the server with its data under `dataDir`, or, without one, in a folder removed when it stops. */
export async function startLocalS3(options: { dataDir?: string } = {}): Promise<LocalS3> {
  const directory = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'village-direct-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: Object.values(LOCAL_BUCKETS).map((name) => ({ name, configs: [] })),
  });
  const { address, port } = await server.run();
  return {
    endpoint: `http://${address}:${port}`,
    onObjectCreated(listener) {
      // s3rver is a Koa application, and so an event emitter, though its types do not say so.
      (server as unknown as EventEmitter).on('event', (event: S3rverEvent) => {
        for (const { eventName, s3 } of event.Records) {
          if (eventName.startsWith('ObjectCreated:')) listener({ bucket: s3.bucket.name, key: s3.object.key, size: s3.object.size ?? 0 });
        }
      });
    },
    async stop() {
      await server.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}
