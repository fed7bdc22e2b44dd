// How the stateless stack treats each route group's function, as the infra tests expect it.
import { type FunctionGroup, functionGroups } from '../../../shared/routes';

/** Groups whose function reads and writes the whole table, except store secrets. */
export const wholeTableGroups: readonly FunctionGroup[] = ['catalogue', 'agreements', 'lots', 'traceability', 'exports'];
/** Groups whose function uses the table at all; the docs function reads no data. */
export const tableGroups: readonly FunctionGroup[] = [...wholeTableGroups, 'receipts', 'scan', 'resolver'];
/** Groups whose function is traced by X-Ray: all but the scan hot path. */
export const tracedGroups: readonly FunctionGroup[] = functionGroups.filter((g) => g !== 'scan');

/** The background jobs' workers, by construct path; each reads and writes the whole table but secrets, traced. */
export const workerPaths: readonly string[] = ['RecallJobs/Worker', 'ExportJobs/Worker'];

/** The route group, or the worker, whose function a resource under `path` belongs to. */
export const ownerOf = (path: string): FunctionGroup | 'worker' | undefined =>
  functionGroups.find((g) => path.startsWith(`${g}-function/`)) ??
  (workerPaths.some((w) => path.startsWith(`${w}/`)) ? 'worker' : undefined);
