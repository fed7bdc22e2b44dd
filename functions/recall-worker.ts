// The recall job's worker: fed by the recall queue in AWS and by the local server's in-process queue.
import { runRecall } from '../shared/recalls/worker';
import { invalidate } from './commons/cdn';
import { deps } from './commons/dependencies';
import { createJobHandler } from './commons/job-handler';

export const handler = createJobHandler('recall', (recallId) => runRecall(deps, invalidate, recallId));
