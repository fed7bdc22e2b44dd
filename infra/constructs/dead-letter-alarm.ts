// The alarm every background job's dead-letter queue gets (docs/architecture.md, "A new background
// job"): a message there is a job that failed every retry, and nothing will try it again by itself.
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { ComparisonOperator } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { AlarmTopic } from './alarm-topic';
import { FIVE_MINUTES, thresholds } from './thresholds';

export interface DeadLetterAlarmProps {
  /** The alarm's name, e.g. `VillageDirect-prod-recalls-dead-letters`. */
  readonly alarmName: string;
  /** What the job does, for the alarm's description (e.g. `scoped recalls`). */
  readonly job: string;
  /** The job's dead-letter queue. */
  readonly queue: IQueue;
  /** Where the alarm notifies, when it fires and when it clears. */
  readonly topic: AlarmTopic;
  /**
   * What ops should do about a message there.
   * @default - read the message and the worker's log, fix the cause, then redrive it to the job queue
   */
  readonly advice?: string;
}

/** Alarms as soon as one message waits in the dead-letter queue. */
export function addDeadLetterAlarm(scope: Construct, id: string, props: DeadLetterAlarmProps): Alarm {
  return props.topic.alarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription:
      `A ${props.job} job failed every retry and waits in its dead-letter queue. ` +
      (props.advice ??
        "Read the message and the worker's log for the cause; once fixed, move it back to the job queue (SQS redrive) or drop it."),
    metric: props.queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
    threshold: thresholds.deadLetters,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  });
}
