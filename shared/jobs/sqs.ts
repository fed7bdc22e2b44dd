// The SQS adapter of the job queue: one queue per kind of job, each with its dead-letter queue.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { JobKind, JobMessage, JobQueue } from './queue';

export function sqsJobQueue(queueUrls: Readonly<Partial<Record<JobKind, string>>>, client = new SQSClient({})): JobQueue {
  return {
    async send(kind, id) {
      const QueueUrl = queueUrls[kind];
      if (!QueueUrl) throw new Error(`No queue is configured for ${kind} jobs`);
      const message: JobMessage = { kind, id };
      await client.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
