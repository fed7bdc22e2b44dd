// Background jobs in AWS: each kind's queue feeds its worker one job at a time, reports failures per
// message, and moves a job that failed on every delivery to an encrypted dead-letter queue that alarms.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { MAX_RECEIVES } from '../../shared/jobs/queue';
import { synthesized } from './support/synthesized';
import { byPath, statementsOf } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const queues = () => byPath(s.stateless, 'AWS::SQS::Queue');
  const recallQueue = () => queues().get('RecallJobs/Queue/Resource')!;
  const deadLetters = () => queues().get('RecallJobs/DeadLetters/Resource')!;
  const worker = () => byPath(s.stateless, 'AWS::Lambda::Function').get('RecallJobs/Worker/Function/Resource')!;

  it('gives the recall queue a dead-letter queue after as many receives as the local queue allows, both encrypted', () => {
    expect(recallQueue().Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters().logicalId, 'Arn'] },
      maxReceiveCount: MAX_RECEIVES,
    });
    for (const queue of [recallQueue(), deadLetters()]) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(deadLetters().Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('refuses queue requests without TLS', () => {
    const policies = [...byPath(s.stateless, 'AWS::SQS::QueuePolicy').values()];
    for (const queue of [recallQueue(), deadLetters()]) {
      const policy = policies.find((p) => JSON.stringify(p.Properties.Queues).includes(queue.logicalId));
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('feeds the worker one job at a time with per-message failures, and hides a job longer than a run takes', () => {
    const mapping = [...byPath(s.stateless, 'AWS::Lambda::EventSourceMapping').values()].find(
      (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: worker().logicalId }),
    );
    expect(mapping?.Properties).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [recallQueue().logicalId, 'Arn'] },
      FunctionName: { Ref: worker().logicalId },
    });
    expect(recallQueue().Properties.VisibilityTimeout).toBeGreaterThan(worker().Properties.Timeout);
  });

  it('lets only the traceability function send recall jobs, and tells it the queue URL', () => {
    const sends = (statements: readonly { Action: string | readonly string[] }[]) =>
      statements.filter((st) => [st.Action].flat().includes('sqs:SendMessage'));
    const env = byPath(s.stateless, 'AWS::Lambda::Function').get('traceability-function/Function/Resource')!.Properties.Environment
      .Variables;
    expect(env.RECALL_QUEUE_URL).toEqual({ Ref: recallQueue().logicalId });
    expect(sends(statementsOf(s, 'traceability'))).toHaveLength(1);
    for (const group of ['catalogue', 'agreements', 'lots', 'receipts', 'scan'] as const)
      expect(sends(statementsOf(s, group)), group).toEqual([]);
  });

  it('lets the worker invalidate the distribution, as the single-lot recall does', () => {
    const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
    expect(worker().Properties.Environment.Variables.DISTRIBUTION_ID).toEqual({ Ref: distributionId });
  });

  it('alarms on the first job in the dead-letter queue', () => {
    const alarm = [...byPath(s.stateless, 'AWS::CloudWatch::Alarm').values()].find((a) =>
      String(a.Properties.AlarmName).endsWith('recall-jobs-dead-letters'),
    );
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters().logicalId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });
});
