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

// Each function is told the URL of the queues it sends to, and only those.
const queueUrls = { recall: config.recallQueueUrl, export: config.exportQueueUrl };
const sqs = queueUrls.recall || queueUrls.export ? sqsJobQueue(queueUrls) : undefined;

export const jobs: JobQueue = {
  send(kind, id) {
    const queue = sqs ?? local;
    if (!queue) throw new Error(`No queue is configured for ${kind} jobs`);
    return queue.send(kind, id);
  },
};
