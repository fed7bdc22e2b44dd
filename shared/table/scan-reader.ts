// The scan function's one read, on the bare DynamoDB client rather than the document client: the
// shopper's hot path carries nothing it does not use (docs/performance.md). The repository's
// getScan reads the same item for the label; test/integration checks that both agree.
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ScanRecord } from '../domain';
import { asTransient, key, strip } from './keys';

/** Exactly one GetItem per call, eventually consistent (the CDN caches the answer anyway). */
export function createScanReader(client: DynamoDBClient, tableName: string) {
  return async (lotCode: string): Promise<ScanRecord | undefined> => {
    const { pk, sk } = key.scan(lotCode);
    try {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } } }));
      return Item && strip<ScanRecord>(unmarshall(Item));
    } catch (error) {
      throw asTransient(error) ?? error;
    }
  };
}
