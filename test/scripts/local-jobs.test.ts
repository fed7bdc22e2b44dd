// The local job queue stands in for SQS and Lambda's event source: it delivers a failed job again, with
// the receive count SQS would give, and keeps a job that fails on every delivery as a dead letter.
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createLocalJobQueue } from '../../scripts/local/jobs';
import { MAX_RECEIVES } from '../../shared/jobs/queue';

describe('the local job queue', () => {
  it('delivers a job in an SQS-shaped event, again after a reported failure, until it succeeds', async () => {
    const received: { body: unknown; count: string }[] = [];
    const queue = createLocalJobQueue(
      {
        recall: async (event: SQSEvent) => {
          const [record] = event.Records;
          received.push({ body: JSON.parse(record!.body), count: record!.attributes.ApproximateReceiveCount });
          return { batchItemFailures: received.length < 3 ? [{ itemIdentifier: record!.messageId }] : [] };
        },
        export: async () => ({ batchItemFailures: [] }),
      },
      1,
    );
    await queue.send('recall', 'rcl_one');
    await queue.idle();
    expect(received).toEqual([1, 2, 3].map((n) => ({ body: { kind: 'recall', id: 'rcl_one' }, count: String(n) })));
    expect(queue.deadLetters).toEqual([]);
  });

  it('keeps a job that throws on every delivery as a dead letter after the maximum receives', async () => {
    let deliveries = 0;
    const queue = createLocalJobQueue(
      {
        recall: async () => {
          deliveries++;
          throw new Error('always');
        },
        export: async () => ({ batchItemFailures: [] }),
      },
      1,
    );
    await queue.send('recall', 'rcl_bad');
    await queue.idle();
    expect(deliveries).toBe(MAX_RECEIVES);
    expect(queue.deadLetters).toEqual([{ kind: 'recall', id: 'rcl_bad' }]);
  });
});
