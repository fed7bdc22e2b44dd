// The export job: every lot of the scope read page by page, its records written as they are made into
// the file's one object, which is measured (rows, bytes, SHA-256) as it streams; then the export is ready.
// Idempotent: the object's key is the export's own and its bytes depend only on the lots, so a worker
// that dies part-way and runs again writes the same file from the start, and a finished export is left
// alone. No row is kept once written: memory holds one page of lots and the upload's part buffers.
import { createHash } from 'node:crypto';
import type { Clock } from '../deps';
import { contextReader } from './context';
import { epcisDocument, epcisLines } from './epcis';
import { type ExportFiles, type ExportRecord, type ExportRepository, FILE_TYPES, objectKeyOf } from './export';
import { csvHeader, fsmaLines } from './fsma204';
import { type ScopeDeps, scopeLots } from './scope';

type WorkerDeps = ScopeDeps & { exports: ExportRepository; publicBaseUrl: string } & Clock;

/** What the file holds so far; filled in as its chunks are written. */
interface Tally {
  lotCount: number;
  rowCount: number;
  bytes: number;
}

/** The file's text, chunk by chunk (one page of lots each), counting what it yields. */
async function* fileChunks(deps: WorkerDeps, record: ExportRecord, tally: Tally): AsyncGenerator<string> {
  const contextOf = contextReader(deps);
  const epcis = record.format === 'epcis-2.0-jsonld' ? epcisDocument(record.createdAt) : undefined;
  yield epcis ? epcis.head : csvHeader();
  for await (const page of scopeLots(deps, record.scope)) {
    let chunk = '';
    for (const lot of page) {
      const context = await contextOf(lot);
      const lines = epcis ? epcisLines(lot, context, deps.publicBaseUrl, tally.rowCount === 0) : fsmaLines(lot, context);
      chunk += lines.text;
      tally.rowCount += lines.count;
      tally.lotCount++;
    }
    yield chunk;
  }
  if (epcis) yield epcis.tail;
}

/** Counts bytes and hashes the chunks on their way to the store. */
async function* measured(chunks: AsyncIterable<string>, tally: Tally, hash: ReturnType<typeof createHash>): AsyncGenerator<string> {
  for await (const chunk of chunks) {
    tally.bytes += Buffer.byteLength(chunk);
    hash.update(chunk);
    yield chunk;
  }
}

export async function runExport(deps: WorkerDeps, files: ExportFiles, exportId: string): Promise<void> {
  const record = await deps.exports.get(exportId, true);
  if (record?.status !== 'running') return;
  const tally: Tally = { lotCount: 0, rowCount: 0, bytes: 0 };
  const hash = createHash('sha256');
  const objectKey = objectKeyOf(record);
  await files.write(objectKey, measured(fileChunks(deps, record, tally), tally, hash), FILE_TYPES[record.format].contentType);
  await deps.exports.complete(exportId, { objectKey, ...tally, sha256: hash.digest('hex') }, deps.now().toISOString());
}

/**
 * Runs the job; on the queue's last delivery a failure also marks the export failed with why, so ops and
 * the caller see it rather than a job that runs forever (the message still goes to the dead letters).
 */
export async function runExportDelivery(
  deps: WorkerDeps,
  files: ExportFiles,
  exportId: string,
  delivery: { receiveCount: number; lastReceive: number },
): Promise<void> {
  try {
    await runExport(deps, files, exportId);
  } catch (error) {
    if (delivery.receiveCount >= delivery.lastReceive) {
      const why = `The file could not be written in ${delivery.receiveCount} attempts; the export worker's log has the cause`;
      await deps.exports.fail(exportId, why, deps.now().toISOString());
    }
    throw error;
  }
}
