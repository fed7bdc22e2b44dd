// Exports for regulators and partners, for ops: ask for one (a worker writes the file), and collect it.
import { createExport, getExport, listExports } from '../shared/exports/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { exportFiles } from './commons/export-files';
import { Reply } from './commons/http';
import { jobs } from './commons/jobs';

export const handler = createApiHandler('exports', {
  createExport: async ({ principal, body }) => {
    const { created, export: started } = await createExport(deps, jobs, principal, body);
    return created ? started : new Reply(200, started);
  },
  listExports: ({ query }) => listExports(deps, query),
  getExport: ({ params }) => getExport(deps, exportFiles, params.exportId),
});
