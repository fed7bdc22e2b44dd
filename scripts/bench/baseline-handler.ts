// The bench's yardstick: the least a Lambda behind the scan route could be. One DynamoDB client and one
// GetItem, no framework, no validation, no logger. It is bundled by the same construct as the real functions.
import { DynamoDBClient, GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;
/** The raw key of the item to read, found by the bench (it writes no key strings of its own). */
const key = JSON.parse(process.env.BENCH_GET_KEY ?? '{}') as Record<string, AttributeValue>;

export const handler = async () => {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: key }));
  return { statusCode: Item ? 200 : 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Item ?? null) };
};
