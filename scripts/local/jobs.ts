// The local stand-in for SQS and Lambda's event source mapping: a job sent here runs in this process
// through the same worker handler, with SQS-shaped events. A failed job is delivered again after a
// delay, up to the AWS queue's maximum receives; then it is kept as a dead letter, as the AWS
// dead-letter queue would keep it.
import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { JobKind, JobMessage, JobQueue } from '../../shared/jobs/queue';
import { MAX_RECEIVES } from '../../shared/jobs/queue';

export type JobHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface LocalJobQueue extends JobQueue {
  /** Resolves once no job is waiting, running or due for another delivery. */
  idle(): Promise<void>;
  /** Jobs that failed on every delivery. */
  readonly deadLetters: readonly JobMessage[];
  stop(): void;
}

function sqsEvent(kind: JobKind, message: JobMessage, messageId: string, receiveCount: number): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: messageId,
        body: JSON.stringify(message),
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:local:000000000000:${kind}`,
        awsRegion: 'local',
      },
    ],
  };
}

function context(kind: JobKind, requestId: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${kind}-worker`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${kind}-worker`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/local/${kind}-worker`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createLocalJobQueue(workers: Record<JobKind, JobHandler>, retryDelayMs = 1000): LocalJobQueue {
  let pending = 0;
  let waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const deadLetters: JobMessage[] = [];

  const settle = () => {
    pending--;
    if (pending === 0) for (const wake of waiters.splice(0)) wake();
  };

  async function deliver(message: JobMessage, messageId: string, receiveCount: number): Promise<void> {
    let failed: boolean;
    try {
      const reply = await workers[message.kind](
        sqsEvent(message.kind, message, messageId, receiveCount),
        context(message.kind, randomUUID()),
      );
      failed = reply.batchItemFailures.some((failure) => failure.itemIdentifier === messageId);
    } catch {
      failed = true;
    }
    if (failed && receiveCount < MAX_RECEIVES) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        void deliver(message, messageId, receiveCount + 1);
      }, retryDelayMs * receiveCount);
      timers.add(timer);
      return;
    }
    if (failed) deadLetters.push(message);
    settle();
  }

  return {
    async send(kind, id) {
      pending++;
      const message: JobMessage = { kind, id };
      setImmediate(() => void deliver(message, randomUUID(), 1));
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
