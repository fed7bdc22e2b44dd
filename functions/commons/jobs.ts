// Where the functions send jobs: SQS in AWS (the queue URLs come from the environment), or the
// in-process queue the local server installs at start-up, which runs the same workers.
import type { JobQueue } from '../../shared/jobs/queue';
import { sqsJobQueue } from '../../shared/jobs/sqs';
import { config } from './dependencies';

let local: JobQueue | undefined;

/** Local server only: its in-process queue, used when no queue URL is configured. */
export function useLocalJobQueue(queue: JobQueue): void {
  local = queue;
}

const sqs = config.recallQueueUrl ? sqsJobQueue({ recall: config.recallQueueUrl }) : undefined;

export const jobs: JobQueue = {
  send(kind, id) {
    const queue = sqs ?? local;
    if (!queue) throw new Error(`No queue is configured for ${kind} jobs`);
    return queue.send(kind, id);
  },
};
