// Traceability at scope, for ops: trace lots forward and back, and recall them at scope.
import * as recalls from '../shared/recalls/use-cases';
import { traceLots } from '../shared/trace/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { Reply } from './commons/http';
import { jobs } from './commons/jobs';
import { count, METRIC } from './commons/metrics';

export const handler = createApiHandler('traceability', {
  traceLots: ({ query }) => traceLots(deps, query),
  createRecall: async ({ principal, body }) => {
    const { created, recall } = await recalls.createRecall(deps, jobs, principal, body);
    if (!created) return new Reply(200, recall);
    count(METRIC.recallStarted);
    return recall;
  },
  listRecalls: ({ query }) => recalls.listRecalls(deps, query),
  getRecall: ({ params }) => recalls.getRecall(deps, params.recallId),
  listRecallLots: ({ params, query }) => recalls.listRecalledLots(deps, params.recallId, query),
});
