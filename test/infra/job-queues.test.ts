// Background jobs in AWS: each kind's queue feeds its worker one job at a time, reports failures per
// message, and moves a job that failed on every delivery to an encrypted dead-letter queue that alarms.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { MAX_RECEIVES } from '../../shared/jobs/queue';
import { synthesized } from './support/synthesized';
import { functionGroups } from '../../shared/routes';
import { byPath, statementsOf } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const queues = () => byPath(s.stateless, 'AWS::SQS::Queue');

  describe.each([
    ['recall', 'RecallJobs', 'traceability', 'RECALL_QUEUE_URL'],
    ['export', 'ExportJobs', 'exports', 'EXPORT_QUEUE_URL'],
  ] as const)('the %s jobs', (kind, path, sender, variable) => {
    const recallQueue = () => queues().get(`${path}/Queue/Resource`)!;
    const deadLetters = () => queues().get(`${path}/DeadLetters/Resource`)!;
    const worker = () => byPath(s.stateless, 'AWS::Lambda::Function').get(`${path}/Worker/Function/Resource`)!;

    it('gives the queue a dead-letter queue after as many receives as the local queue allows, both encrypted', () => {
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
        (m) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [recallQueue().logicalId, 'Arn'] }),
      );
      expect(mapping?.Properties).toMatchObject({
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        EventSourceArn: { 'Fn::GetAtt': [recallQueue().logicalId, 'Arn'] },
        FunctionName: { Ref: worker().logicalId },
      });
      expect(recallQueue().Properties.VisibilityTimeout).toBeGreaterThan(worker().Properties.Timeout);
    });

    it('lets only the function that starts the jobs send them, and tells it the queue URL', () => {
      const sends = (statements: readonly { Action: string | readonly string[]; Resource: unknown }[]) =>
        statements.filter(
          (st) => [st.Action].flat().includes('sqs:SendMessage') && JSON.stringify(st.Resource).includes(recallQueue().logicalId),
        );
      const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${sender}-function/Function/Resource`)!.Properties.Environment
        .Variables;
      expect(env[variable]).toEqual({ Ref: recallQueue().logicalId });
      expect(sends(statementsOf(s, sender))).toHaveLength(1);
      for (const group of functionGroups.filter((g) => g !== sender)) expect(sends(statementsOf(s, group)), group).toEqual([]);
    });

    it('lets the recall worker alone invalidate the distribution, as the single-lot recall does', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      expect(worker().Properties.Environment.Variables.DISTRIBUTION_ID).toEqual(kind === 'recall' ? { Ref: distributionId } : undefined);
    });

    it('alarms on the first job in the dead-letter queue', () => {
      const alarm = [...byPath(s.stateless, 'AWS::CloudWatch::Alarm').values()].find((a) =>
        String(a.Properties.AlarmName).endsWith(`${kind}-jobs-dead-letters`),
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
});
