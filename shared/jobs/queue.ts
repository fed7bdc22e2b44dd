// Background work has one pattern: the request writes a job item (a recall, an export) and answers 202,
// then sends the job's id to a queue; a worker reads the item and does the work, idempotently, so a
// redelivered or resumed job does nothing twice. In AWS the queue is SQS with a dead-letter queue; the
// local server runs an in-process queue that calls the same worker.

export type JobKind = 'recall' | 'export';

/** Deliveries of a job before it is kept as a dead letter: the AWS queues' maxReceiveCount, and the local queue's. */
export const MAX_RECEIVES = 5;

export interface JobQueue {
  /** Asks for the job to be run; at least once, and again after a failure. */
  send(kind: JobKind, id: string): Promise<void>;
}

/** The body of a job's message, as the workers read it. */
export interface JobMessage {
  readonly kind: JobKind;
  readonly id: string;
}
