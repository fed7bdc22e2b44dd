// A job request is idempotent on the caller's client id: its replay gets the job it made, and the same id
// sent with another request is refused. Recalls and exports both keep this rule, here once.
import type { Conflict } from '../errors';
import type { JobKind, JobQueue } from './queue';

/** How a kind of job request is replayed. */
export interface JobRequest<R> {
  readonly kind: JobKind;
  readonly idOf: (record: R) => string;
  /** The 409 for a client id already used for another request. */
  readonly reused: (record: R) => Conflict;
}

/**
 * The job that `earlier` (the record under the same client id, if any) is, when this request is its replay.
 * A running job's message is sent again: a replay may follow a lost message, and the worker is idempotent.
 */
export async function replayedJob<R extends { readonly requestSha256: string; readonly status: string }>(
  jobs: JobQueue,
  request: JobRequest<R>,
  earlier: R | undefined,
  hash: string,
): Promise<R | undefined> {
  if (!earlier) return undefined;
  if (earlier.requestSha256 !== hash) throw request.reused(earlier);
  if (earlier.status === 'running') await jobs.send(request.kind, request.idOf(earlier));
  return earlier;
}
