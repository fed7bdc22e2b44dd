// The single table, built from the same definition the local stack creates, so keys and indexes
// cannot drift between DynamoDB Local and AWS.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { partitions, tableDefinition } from '../../shared/table/definition';

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** Partitions that only a function granted them by name may read: stores' webhook secrets. */
export const secretPartitions: readonly string[] = [partitions.storeSecret];

/**
 * The program's only table. Nothing is configurable: it holds agreements, lots and receipts
 * (money owed to farmers), so every stage gets the same protection.
 */
export class SingleTable extends TableV2 {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      globalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: stringKey(gsi.partitionKey),
        sortKey: stringKey(gsi.sortKey),
        // Index queries return whole items, so no read ever needs a second GetItem per result.
        projectionType: ProjectionType.ALL,
      })),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Enabling a stream on the deployed table is an update in place: no item is touched.
      dynamoStream: StreamViewType[tableDefinition.streamViewType],
      // Harvest peaks and scan bursts are spiky and seasonal; on-demand needs no capacity planning.
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * The ARN of each index by name, so grants can name the indexes instead of `index/*`.
   */
  get indexArns(): string[] {
    return tableDefinition.globalSecondaryIndexes.map((gsi) => `${this.tableArn}/index/${gsi.indexName}`);
  }
}
