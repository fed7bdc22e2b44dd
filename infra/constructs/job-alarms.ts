// The alarm of each kind of background job: a job in its dead-letter queue failed on every delivery
// (a recall that did not finish, an export that was not written), and only ops can move it on.
import { type Alarm, ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { JobKind } from '../../shared/jobs/queue';
import type { AlarmTopic } from './alarm-topic';
import type { JobQueue } from './job-queue';
import { FIVE_MINUTES } from './thresholds';

export function addJobAlarms(
  scope: Construct,
  name: string,
  topic: AlarmTopic,
  queues: Readonly<Partial<Record<JobKind, JobQueue>>>,
): Alarm[] {
  return Object.entries(queues).map(([kind, jobs]) =>
    topic.alarm(scope, `${kind}-dead-letters`, {
      alarmName: `${name}-${kind}-jobs-dead-letters`,
      alarmDescription:
        `A ${kind} job failed on every delivery and waits in its dead-letter queue. Read the worker's log for the ` +
        'job id and the error, fix the cause, then redrive the queue (docs/operations.md); the worker resumes the ' +
        'job where it stopped.',
      metric: (jobs as JobQueue).deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    }),
  );
}
