// Turns a job kind's worker into a Lambda handler for SQS: each message names a job, the worker runs it,
// and a failure is reported for that message alone, so SQS redelivers it (and, after the queue's
// maximum receives, moves it to the dead-letter queue) while the others are done with.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { JobKind, JobMessage } from '../../shared/jobs/queue';
import { logger } from './logger';
import { metrics } from './metrics';

/** What a worker knows of the delivery: which one it is (1 for the first), so it can tell the last. */
export interface Delivery {
  readonly receiveCount: number;
}

export function createJobHandler(kind: JobKind, run: (id: string, delivery: Delivery) => Promise<void>) {
  async function handle(event: SQSEvent): Promise<SQSBatchResponse> {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let message: Partial<JobMessage> = {};
      try {
        message = JSON.parse(record.body);
      } catch {
        // Not a job message: retrying cannot help, so it is logged and left to go.
      }
      if (message.kind !== kind || typeof message.id !== 'string') {
        logger.error('not a job message of this queue; dropped', { messageId: record.messageId, body: record.body.slice(0, 500) });
        continue;
      }
      try {
        await run(message.id, { receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1) });
      } catch (error) {
        logger.error('job failed; it will be retried', {
          kind,
          id: message.id,
          receiveCount: record.attributes.ApproximateReceiveCount,
          error,
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ after: () => void (metrics.hasStoredMetrics() && metrics.publishStoredMetrics()) })
    .handler(handle);
}
