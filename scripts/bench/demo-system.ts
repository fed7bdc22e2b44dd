// The bench's local system: DynamoDB Local and the handlers behind the local gateway, with fresh demo
// data in an in-memory table, stopped whatever happens.
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { localClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { type LocalSystem, startLocalSystem } from '../local/system';
import { tableDefinition } from '../../shared/table/definition';
import { TABLE } from './settings';

export interface DemoSystem {
  readonly system: LocalSystem;
  readonly endpoint: string;
  /** A demo lot with a scan item. */
  readonly lotCode: string;
}

export async function withDemoSystem<T>(use: (demo: DemoSystem) => Promise<T>): Promise<T> {
  const dynamo = await startDynamoDbLocal();
  try {
    // Without the stream poller or the sales history: in AWS the aggregator is a function of its own, whose
    // requests are not the scan's, an intake's or a receipt's, but locally it would share their DynamoDB
    // client and be counted; and the history's writes would run under the timings.
    const system = await startLocalSystem({
      port: 0,
      inMemory: true,
      dynamoEndpoint: dynamo.endpoint,
      tableName: TABLE,
      streams: false,
      salesHistory: false,
    });
    try {
      const lotCode = system.demo?.lots[0]?.lotCode;
      if (!lotCode) throw new Error('the bench needs the demo data (a fresh in-memory table)');
      return await use({ system, endpoint: dynamo.endpoint, lotCode });
    } finally {
      await system.stop();
    }
  } finally {
    await dynamo.stop();
  }
}

/** The raw key of a lot's scan item, read from the table (the bench composes no keys of its own). */
export async function scanItemKey(endpoint: string, lotCode: string): Promise<Record<string, AttributeValue>> {
  const client = localClient(endpoint);
  const { partitionKey, sortKey } = tableDefinition;
  try {
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: TABLE,
          FilterExpression: 'entity = :scan AND lotCode = :code',
          ExpressionAttributeValues: { ':scan': { S: 'scan' }, ':code': { S: lotCode } },
          ExclusiveStartKey,
        }),
      );
      const item = page.Items?.[0];
      if (item) return { [partitionKey]: item[partitionKey] as AttributeValue, [sortKey]: item[sortKey] as AttributeValue };
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    client.destroy();
  }
  throw new Error(`no scan item for ${lotCode}`);
}
