// How the stateless stack treats each route group's function, and each background worker, as the infra
// tests expect it.
import { type FunctionGroup, functionGroups } from '../../../shared/routes';

/** Groups whose function reads and writes the whole table, except store secrets. */
export const wholeTableGroups: readonly FunctionGroup[] = ['catalogue', 'agreements', 'lots', 'traceability', 'exports'];
/** Groups whose function may touch only named partitions of the table. */
export const narrowGroups: readonly FunctionGroup[] = ['receipts', 'sales', 'scan', 'resolver'];
/** Groups whose function reads a store's webhook secrets: the store webhooks. */
export const webhookGroups: readonly FunctionGroup[] = ['receipts', 'sales'];
/** Groups whose function uses the table at all; the docs function reads no data. */
export const tableGroups: readonly FunctionGroup[] = [...wholeTableGroups, ...narrowGroups];
/** Groups whose function is traced by X-Ray: all but the scan hot path. */
export const tracedGroups: readonly FunctionGroup[] = functionGroups.filter((g) => g !== 'scan');

/** The background workers (fed by a queue or the table's stream), by construct path; every one is traced. */
export const workers = {
  recallWorker: 'RecallJobs/Worker',
  exportWorker: 'ExportJobs/Worker',
  demandAggregator: 'DemandAggregator/Worker',
  scanLogWorker: 'ScanLogs/Jobs/Worker',
} as const;
export type WorkerName = keyof typeof workers;
export const workerPaths: readonly string[] = Object.values(workers);
/** Workers that read and write the whole table but secrets; the others touch named partitions only. */
export const wholeTableWorkers: readonly WorkerName[] = ['recallWorker', 'exportWorker'];

export const isWorker = (name: string | undefined): name is WorkerName => name !== undefined && name in workers;

/** The route group, or the worker, whose function a resource under `path` belongs to. */
export const ownerOf = (path: string): FunctionGroup | WorkerName | undefined =>
  functionGroups.find((g) => path.startsWith(`${g}-function/`)) ??
  (Object.entries(workers) as [WorkerName, string][]).find(([, w]) => path.startsWith(`${w}/`))?.[0];
