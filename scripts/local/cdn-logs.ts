// The local stand-in for CloudFront's standard logs: every request the local server answers is written as
// CloudFront writes it (W3C: a `#Fields:` header, tab-separated values, URL-encoded, `-` for none; gzip) to
// a file in the local log bucket under the CDN's prefix, one file every few seconds. The bucket's "object
// created" event goes, shaped as EventBridge delivers it, to the same scan-log worker through a local queue.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CDN_LOG_PREFIX } from '../../shared/demand/cdn-logs';
import { type CreatedObject, LOCAL_S3_CREDENTIALS } from './s3';

/** The fields of CloudFront's standard logs, in the order standard logging (v2) delivers them by default. */
// biome-ignore format: one list, read as a table
export const CDN_LOG_FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status', 'cs(Referer)',
  'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id', 'x-host-header', 'cs-protocol',
  'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher', 'x-edge-response-result-type', 'cs-protocol-version',
  'fle-status', 'fle-encrypted-fields', 'c-port', 'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type',
  'sc-content-len', 'sc-range-start', 'sc-range-end', 'c-country', 'cache-behavior-path-pattern',
] as const;

export type CdnLogField = (typeof CDN_LOG_FIELDS)[number];
/** One request as logged: the fields it has; every other is `-`. */
export type LogEntry = Partial<Record<CdnLogField, string | number>>;

/** A value as CloudFront logs it: URL-encoded (so no space or tab), `-` when absent. */
function logValue(value: string | number | undefined): string {
  if (value === undefined || value === '') return '-';
  try {
    return encodeURI(String(value));
  } catch {
    return '-';
  }
}

/** A whole log file's text. */
export function w3cLog(entries: readonly LogEntry[]): string {
  const lines = entries.map((entry) => CDN_LOG_FIELDS.map((field) => logValue(entry[field])).join('\t'));
  return ['#Version: 1.0', `#Fields: ${CDN_LOG_FIELDS.join(' ')}`, ...lines, ''].join('\n');
}

/** The entry of one answered request, as an edge would log it. */
function entryOf(req: IncomingMessage, res: ServerResponse, started: Date): LogEntry {
  const url = new URL(req.url ?? '/', 'http://local');
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(3);
  const length = res.getHeader('content-length');
  return {
    date: started.toISOString().slice(0, 10),
    time: started.toISOString().slice(11, 19),
    'x-edge-location': 'LOCAL',
    'sc-bytes': Number(length ?? 0),
    'c-ip': req.socket.remoteAddress,
    'cs-method': req.method,
    'cs(Host)': header('host'),
    'cs-uri-stem': url.pathname,
    'sc-status': res.statusCode,
    'cs(Referer)': header('referer'),
    'cs(User-Agent)': header('user-agent'),
    'cs-uri-query': url.search.slice(1),
    'x-edge-result-type': 'Miss',
    'x-edge-request-id': randomUUID(),
    'x-host-header': header('host'),
    'cs-protocol': 'http',
    'time-taken': seconds,
    'cs-protocol-version': `HTTP/${req.httpVersion}`,
    'c-port': req.socket.remotePort,
    'time-to-first-byte': seconds,
    'x-edge-detailed-result-type': 'Miss',
    'sc-content-type': String(res.getHeader('content-type') ?? ''),
    'sc-content-len': length === undefined ? undefined : Number(length),
  };
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The server's listener, with each answered request recorded once its answer is sent. */
export function withAccessLog(listener: RequestListener, record: (entry: LogEntry) => void): RequestListener {
  return (req, res) => {
    const started = new Date();
    res.once('finish', () => record(entryOf(req, res, started)));
    return listener(req, res);
  };
}

export interface CdnLogWriter {
  record(entry: LogEntry): void;
  /** Writes what was recorded since the last file as a new file; its key, or undefined when nothing was. */
  flush(): Promise<string | undefined>;
  stop(): Promise<void>;
}

/** Records requests and writes them to `bucket` every `intervalMs`, and on flush and stop. */
export function createCdnLogWriter(options: { endpoint: string; bucket: string; intervalMs: number }): CdnLogWriter {
  const client = new S3Client({ endpoint: options.endpoint, forcePathStyle: true, region: 'local', credentials: LOCAL_S3_CREDENTIALS });
  let pending: LogEntry[] = [];
  // One file at a time, so a flush returns only once everything recorded before it is written.
  let writing: Promise<string | undefined> = Promise.resolve(undefined);

  const write = async (entries: LogEntry[]) => {
    const at = new Date().toISOString();
    const hour = `${at.slice(0, 4)}/${at.slice(5, 7)}/${at.slice(8, 10)}/${at.slice(11, 13)}`;
    const key = `${CDN_LOG_PREFIX}/local/${hour}/LOCAL.${at.slice(0, 13)}.${randomUUID().slice(0, 8)}.gz`;
    await client.send(new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: gzipSync(w3cLog(entries)) }));
    return key;
  };
  const flush = () => {
    const entries = pending;
    pending = [];
    writing = writing.catch(() => undefined).then(() => (entries.length > 0 ? write(entries) : undefined));
    return writing;
  };
  const timer = setInterval(() => {
    flush().catch((error) => console.error('local CDN log:', error));
  }, options.intervalMs);
  timer.unref();

  return {
    record: (entry) => void pending.push(entry),
    flush,
    async stop() {
      clearInterval(timer);
      await flush().catch((error) => console.error('local CDN log:', error));
      client.destroy();
    },
  };
}

/** The body of the message EventBridge puts on the CDN log queue when S3 says an object was created. */
export function objectCreatedEvent(object: CreatedObject, at = new Date()): string {
  return JSON.stringify({
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '000000000000',
    time: at.toISOString(),
    region: 'local',
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: { key: object.key, size: object.size },
      reason: 'PutObject',
    },
  });
}
