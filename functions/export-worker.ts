// The export job's worker: fed by the export queue in AWS and by the local server's in-process queue.
import { MAX_RECEIVES } from '../shared/jobs/queue';
import { runExportDelivery } from '../shared/exports/worker';
import { deps } from './commons/dependencies';
import { exportFiles } from './commons/export-files';
import { createJobHandler } from './commons/job-handler';

export const handler = createJobHandler('export', (exportId, { receiveCount }) =>
  runExportDelivery(deps, exportFiles, exportId, { receiveCount, lastReceive: MAX_RECEIVES }),
);
