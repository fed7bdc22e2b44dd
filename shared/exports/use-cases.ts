// Asking for an export and collecting it. The request checks the scope, stores the export and sends it
// to the job queue (202); the worker (worker.ts) writes the file; reading a ready export mints a
// presigned link to its file, valid for minutes, on every request.
import type { z } from 'zod';
import type { Principal } from '../auth';
import { newId } from '../codes';
import type { Clock } from '../deps';
import { Conflict, NotFound } from '../errors';
import type { JobQueue } from '../jobs/queue';
import { type JobRequest, replayedJob } from '../jobs/replay';
import {
  type CreateExport,
  DOWNLOAD_SECONDS,
  type ExportFiles,
  type ExportRecord,
  type ExportRepository,
  exportView,
  fileName,
  requestHash,
} from './export';
import { assertScopeExists, type ScopeDeps } from './scope';

type Exports = { exports: ExportRepository };

const exportJob: JobRequest<ExportRecord> = {
  kind: 'export',
  idOf: (r) => r.exportId,
  reused: (r) =>
    new Conflict('client_export_id_reused', 'This clientExportId was already used for another export', { exportId: r.exportId }),
};

/** 202 with a new export, or 200 with the export a replay of the same request made. */
export async function createExport(
  deps: Exports & ScopeDeps & Clock,
  jobs: JobQueue,
  principal: Principal,
  input: z.infer<typeof CreateExport>,
): Promise<{ created: boolean; export: ReturnType<typeof exportView> }> {
  const hash = requestHash(input);
  const replay = async () => {
    const earlier = await replayedJob(jobs, exportJob, await deps.exports.getByClientId(input.clientExportId), hash);
    return earlier && { created: false, export: exportView(earlier) };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  await assertScopeExists(deps, input.scope);
  const record: ExportRecord = {
    exportId: newId('exp'),
    clientExportId: input.clientExportId,
    requestSha256: hash,
    format: input.format,
    scope: input.scope,
    status: 'running',
    createdAt: deps.now().toISOString(),
    createdBy: principal.subject,
    lotCount: 0,
    rowCount: 0,
    bytes: 0,
  };
  if (!(await deps.exports.create(record))) {
    const raced = await replay();
    if (raced) return raced;
    throw new Error('clientExportId claim vanished after a conditional write failed');
  }
  await jobs.send('export', record.exportId);
  return { created: true, export: exportView(record) };
}

/** The export as it stands; when ready, with a link to its file minted now and valid for DOWNLOAD_SECONDS. */
export async function listExports(deps: Exports, query: { limit?: number; cursor?: string }) {
  const page = await deps.exports.list(query.limit ?? 20, query.cursor);
  return { items: page.items.map((record) => exportView(record)), nextCursor: page.nextCursor };
}

export async function getExport(deps: Exports & Clock, files: ExportFiles, exportId: string) {
  const record = await deps.exports.get(exportId);
  if (!record) throw new NotFound('Export');
  if (record.status !== 'ready' || !record.objectKey) return exportView(record);
  const now = deps.now();
  const url = await files.presign(record.objectKey, DOWNLOAD_SECONDS, fileName(record));
  return exportView(record, { url, expiresAt: new Date(now.getTime() + DOWNLOAD_SECONDS * 1000).toISOString() });
}
