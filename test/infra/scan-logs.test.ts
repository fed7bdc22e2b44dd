// Scan counts from the CDN's logs in AWS: the log bucket tells EventBridge of its objects, a rule sends the
// CDN's log files (and nothing else) to a queue that alone may receive them, its worker reads those files
// only, and a file that fails every delivery waits in a dead-letter queue that alarms.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { MAX_RECEIVES } from '../../shared/jobs/queue';
import { alarmNamed } from './support/alarms';
import { synthesized } from './support/synthesized';
import { byPath, exported, statementsOf } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const queues = () => byPath(s.stateless, 'AWS::SQS::Queue');
  const queue = () => queues().get('ScanLogs/Jobs/Queue/Resource')!;
  const deadLetters = () => queues().get('ScanLogs/Jobs/DeadLetters/Resource')!;
  const rule = () => byPath(s.stateless, 'AWS::Events::Rule').get('ScanLogs/LogFileCreated/Resource')!;
  const worker = () => byPath(s.stateless, 'AWS::Lambda::Function').get('ScanLogs/Jobs/Worker/Function/Resource')!;
  const logBucketId = () => [...byPath(s.stateful, 'AWS::S3::Bucket')].find(([path]) => path === 'Site/Logs/Resource')![1].logicalId;

  it("sends the log bucket's Object Created events under cloudfront/ to the scan-log queue, or its dead letters", () => {
    const { EventPattern, Targets, State } = rule().Properties;
    expect(State).toBe('ENABLED');
    expect(EventPattern.source).toEqual(['aws.s3']);
    expect(EventPattern['detail-type']).toEqual(['Object Created']);
    expect(exported(s.stateful, EventPattern.detail.bucket.name[0])).toEqual({ Ref: logBucketId() });
    expect(EventPattern.detail.object).toEqual({ key: [{ prefix: 'cloudfront/' }] });
    expect(Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [queue().logicalId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters().logicalId, 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 24 * 3600 },
      }),
    ]);
  });

  it('lets EventBridge send to the queue for this rule only, and nothing in without TLS', () => {
    const policy = [...byPath(s.stateless, 'AWS::SQS::QueuePolicy').values()].find((p) =>
      JSON.stringify(p.Properties.Queues).includes(queue().logicalId),
    )!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements.filter((st) => st.Effect === 'Allow')).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [rule().logicalId, 'Arn'] } } },
      }),
    ]);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('feeds the worker one file at a time with per-message failures, moving a file to dead letters after the local queue’s receives', () => {
    expect(queue().Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters().logicalId, 'Arn'] },
      maxReceiveCount: MAX_RECEIVES,
    });
    for (const q of [queue(), deadLetters()]) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const mapping = [...byPath(s.stateless, 'AWS::Lambda::EventSourceMapping').values()].find(
      (m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: worker().logicalId }),
    );
    expect(mapping?.Properties).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [queue().logicalId, 'Arn'] },
    });
    expect(queue().Properties.VisibilityTimeout).toBeGreaterThan(worker().Properties.Timeout);
    expect(alarmNamed(s.stateless, stage, 'scan-log-jobs-dead-letters')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetters().logicalId, 'QueueName'] } }],
      Threshold: 1,
    });
  });

  it('lets the worker read the objects under cloudfront/ of the log bucket, and no other S3 action or object', () => {
    const s3 = statementsOf(s, 'scanLogWorker').filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    expect(s3[0]).toMatchObject({ Effect: 'Allow', Action: 's3:GetObject' });
    const [arn, suffix] = (s3[0]!.Resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(arn).toEqual({ 'Fn::ImportValue': `VillageDirect-${stage}-LogBucketArn` });
    expect(exported(s.stateful, arn)).toEqual({ 'Fn::GetAtt': [logBucketId(), 'Arn'] });
    expect(suffix).toBe('/cloudfront/*');
  });
});
