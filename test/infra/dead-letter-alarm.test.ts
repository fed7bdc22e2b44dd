// The alarm a background job's dead-letter queue gets, built in memory on a queue as wave 2's jobs will.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { AlarmTopic } from '../../infra/constructs/alarm-topic';
import { addDeadLetterAlarm } from '../../infra/constructs/dead-letter-alarm';

describe('the dead-letter alarm', () => {
  it('fires on the first message in the queue and notifies the topic when it fires and when it clears', () => {
    const stack = new Stack(new App(), 'Probe');
    const topic = new AlarmTopic(stack, 'Alarms', { emails: [] });
    const queue = new Queue(stack, 'RecallsDeadLetters');
    addDeadLetterAlarm(stack, 'RecallsDeadLettersAlarm', { alarmName: 'probe-recalls-dead-letters', job: 'scoped recall', queue, topic });

    const template = Template.fromStack(stack);
    const [queueId] = Object.keys(template.findResources('AWS::SQS::Queue'));
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms).toEqual([
      expect.objectContaining({
        AlarmName: 'probe-recalls-dead-letters',
        AlarmDescription: expect.stringMatching(/scoped recall job failed every retry/),
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      }),
    ]);
  });
});
