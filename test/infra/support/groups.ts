// How the stateless stack treats each route group's function, as the infra tests expect it.
import { type FunctionGroup, functionGroups } from '../../../shared/routes';

/** Groups whose function reads and writes the whole table, except store secrets. */
export const wholeTableGroups: readonly FunctionGroup[] = ['catalogue', 'agreements', 'lots', 'demand', 'traceability'];
/** Groups whose function may touch only named partitions of the table. */
export const narrowGroups: readonly FunctionGroup[] = ['receipts', 'sales', 'scan'];
/** Groups whose function reads a store's webhook secrets: the store webhooks. */
export const webhookGroups: readonly FunctionGroup[] = ['receipts', 'sales'];
/** Groups whose function uses the table at all; the docs function reads no data. */
export const tableGroups: readonly FunctionGroup[] = [...wholeTableGroups, ...narrowGroups];
/** Groups whose function is traced by X-Ray: all but the scan hot path. */
export const tracedGroups: readonly FunctionGroup[] = functionGroups.filter((g) => g !== 'scan');

/** The background jobs' workers, by construct path; each reads and writes the whole table but secrets, traced. */
export const jobWorkerPaths: readonly string[] = ['RecallJobs/Worker'];
/** The table stream's consumers, by construct path: traced, and limited to named partitions. */
export const streamWorkerPaths: readonly string[] = ['DemandAggregator/Worker'];
/** Every function that serves no route. */
export const workerPaths: readonly string[] = [...jobWorkerPaths, ...streamWorkerPaths];

/** The route group, the job worker or the stream worker whose function a resource under `path` belongs to. */
export const ownerOf = (path: string): FunctionGroup | 'worker' | 'stream-worker' | undefined =>
  functionGroups.find((g) => path.startsWith(`${g}-function/`)) ??
  (jobWorkerPaths.some((w) => path.startsWith(`${w}/`))
    ? 'worker'
    : streamWorkerPaths.some((w) => path.startsWith(`${w}/`))
      ? 'stream-worker'
      : undefined);
