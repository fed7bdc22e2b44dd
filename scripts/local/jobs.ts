// The local stand-in for SQS and Lambda's event source mapping: a message sent here runs in this process
// through the same worker handler, with SQS-shaped events. A failed message is delivered again after a
// delay, up to the AWS queue's maximum receives; then it is kept as a dead letter, as the AWS
// dead-letter queue would keep it. Jobs (recalls) go through one such queue per kind.
import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { JobKind, JobMessage, JobQueue } from '../../shared/jobs/queue';
import { MAX_RECEIVES } from '../../shared/jobs/queue';

export type JobHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** One in-process queue: what is sent to it is delivered to its worker as an SQS message body. */
export interface LocalQueue {
  send(body: string): void;
  /** Resolves once no message is waiting, running or due for another delivery. */
  idle(): Promise<void>;
  /** Bodies that failed on every delivery. */
  readonly deadLetters: readonly string[];
  stop(): void;
}

export interface LocalJobQueue extends JobQueue {
  /** Resolves once no job is waiting, running or due for another delivery. */
  idle(): Promise<void>;
  /** Jobs that failed on every delivery. */
  readonly deadLetters: readonly JobMessage[];
  stop(): void;
}

function sqsEvent(queue: string, body: string, messageId: string, receiveCount: number): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
        awsRegion: 'local',
      },
    ],
  };
}

function context(queue: string, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${queue}-worker`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${queue}-worker`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/local/${queue}-worker`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A queue named `name` (its worker's name in logs) whose messages `worker` runs one at a time. */
export function createLocalQueue(name: string, worker: JobHandler, retryDelayMs = 1000): LocalQueue {
  let pending = 0;
  let waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const deadLetters: string[] = [];

  const settle = () => {
    pending--;
    if (pending === 0) for (const wake of waiters.splice(0)) wake();
  };

  async function deliver(body: string, messageId: string, receiveCount: number): Promise<void> {
    let failed: boolean;
    try {
      const reply = await worker(sqsEvent(name, body, messageId, receiveCount), context(name, randomUUID()));
      failed = reply.batchItemFailures.some((failure) => failure.itemIdentifier === messageId);
    } catch {
      failed = true;
    }
    if (failed && receiveCount < MAX_RECEIVES) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void deliver(body, messageId, receiveCount + 1);
      }, retryDelayMs * receiveCount);
      timers.add(timer);
      return;
    }
    if (failed) deadLetters.push(body);
    settle();
  }

  return {
    send(body) {
      pending++;
      setImmediate(() => void deliver(body, randomUUID(), 1));
    },
    idle: () => (pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    deadLetters,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      waiters = [];
    },
  };
}

/** One local queue per kind of job, each running its kind's worker. */
export function createLocalJobQueue(workers: Record<JobKind, JobHandler>, retryDelayMs = 1000): LocalJobQueue {
  const queues = Object.fromEntries(
    (Object.entries(workers) as [JobKind, JobHandler][]).map(([kind, worker]) => [kind, createLocalQueue(kind, worker, retryDelayMs)]),
  ) as Record<JobKind, LocalQueue>;
  const all = Object.values(queues);
  return {
    async send(kind, id) {
      const message: JobMessage = { kind, id };
      queues[kind].send(JSON.stringify(message));
    },
    idle: async () => {
      await Promise.all(all.map((queue) => queue.idle()));
    },
    get deadLetters() {
      return all.flatMap((queue) => queue.deadLetters.map((body) => JSON.parse(body) as JobMessage));
    },
    stop() {
      for (const queue of all) queue.stop();
    },
  };
}
