// The table of the stateful stack, in each stage.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { stages } from '../../infra/config';
import { tableDefinition } from '../../shared/table/definition';
import { synthesized } from './support/synthesized';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);

  describe('table', () => {
    it('is retained, deletion-protected, on-demand and point-in-time recoverable', () => {
      s.stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
      s.stateful.hasResource('AWS::DynamoDB::GlobalTable', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          Replicas: [
            Match.objectLike({
              DeletionProtectionEnabled: true,
              PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
            }),
          ],
        }),
      });
    });

    it('has the keys, TTL attribute, stream and all-projection indexes of the shared definition', () => {
      const { partitionKey, sortKey, globalSecondaryIndexes, timeToLiveAttribute, streamViewType } = tableDefinition;
      s.stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        StreamSpecification: { StreamViewType: streamViewType },
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
        GlobalSecondaryIndexes: globalSecondaryIndexes.map((gsi) => ({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      });
    });
  });
});
