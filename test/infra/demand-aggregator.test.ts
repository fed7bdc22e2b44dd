// The demand aggregator in AWS: the table's stream feeds it in batches with per-record failures, only the
// changes it counts reach it, and a batch that leaves the stream uncounted lands in a queue that alarms.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { AGGREGATOR_BATCH_SIZE } from '../../infra/constructs/demand-aggregator';
import { alarmNamed } from './support/alarms';
import { synthesized } from './support/synthesized';
import { byPath, exported } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const mapping = () =>
    [...byPath(s.stateless, 'AWS::Lambda::EventSourceMapping').values()].find((m) =>
      String(m.Metadata?.['aws:cdk:path']).includes('DemandAggregator/'),
    )!;
  const failures = () => byPath(s.stateless, 'AWS::SQS::Queue').get('DemandAggregator/Failures/Resource')!;

  it("reads the table's stream from its oldest record in batches, reporting the record that failed", () => {
    const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
    const props = mapping().Properties;
    expect(exported(s.stateful, props.EventSourceArn)).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(props).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: AGGREGATOR_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failures().logicalId, 'Arn'] } } },
    });
  });

  it('lets through only store days, CDN log counts, agreements and lots getting their first receipt', () => {
    const patterns = (mapping().Properties.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { dynamodb: { NewImage: { entity: { S: ['salesDay'] } } } },
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['scanLog'] } } } },
      { dynamodb: { NewImage: { entity: { S: ['agreement'] } } } },
      {
        eventName: ['MODIFY'],
        dynamodb: {
          NewImage: { entity: { S: ['lot'] }, receipt: { M: { storeId: { S: [{ exists: true }] } } } },
          OldImage: { receipt: { M: { storeId: { S: [{ exists: false }] } } } },
        },
      },
    ]);
  });

  it('keeps failed batches encrypted for 14 days, and alarms on the first', () => {
    expect(failures().Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    expect(alarmNamed(s.stateless, stage, 'demand-aggregator-failures')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failures().logicalId, 'QueueName'] } }],
      Threshold: 1,
    });
    expect(alarmNamed(s.stateless, stage, 'demand-aggregator-behind')).toMatchObject({ MetricName: 'IteratorAge' });
  });
});
