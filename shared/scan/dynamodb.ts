// Scan projections in the single table, read on the bare DynamoDB client rather than the document
// client: the shopper's hot path carries nothing it does not use (docs/performance.md). The lot and
// receipt adapters write these items with `scanKey`.
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { partitions as p } from '../table/definition';
import { asTransient, strip } from '../table/items';
import type { ScanRecord, ScanRepository } from './projection';

export const scanKey = (lotCode: string) => ({ pk: `${p.scan}${lotCode}`, sk: '#SCAN' });

/**
 * The native value of an attribute of the types scan items hold (strings, numbers, booleans, null,
 * maps and lists); any other type means the item was not written by this program, and throws.
 * util-dynamodb's generic unmarshall gives the same values (a property test holds them together)
 * but took about 7 times as long on a scan item: some 40 µs of a warm scan in the bench.
 */
export function fromAttributeValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) {
    const number = Number(value.N);
    if (!Number.isFinite(number) || Math.abs(number) > Number.MAX_SAFE_INTEGER)
      throw new Error(`Number out of range in a scan item: ${value.N}`);
    return number;
  }
  if (value.M !== undefined) {
    const map: Record<string, unknown> = {};
    for (const name of Object.keys(value.M)) map[name] = fromAttributeValue(value.M[name] as AttributeValue);
    return map;
  }
  if (value.L !== undefined) return value.L.map(fromAttributeValue);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL) return null;
  throw new Error(`Unexpected attribute type in a scan item: ${Object.keys(value).join(', ')}`);
}

/** Exactly one GetItem per read, eventually consistent (the CDN caches the answer anyway). */
export function dynamoDbScans(client: DynamoDBClient, tableName: string): ScanRepository {
  return {
    async get(lotCode) {
      const { pk, sk } = scanKey(lotCode);
      let item: Record<string, AttributeValue> | undefined;
      try {
        ({ Item: item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: sk } } })));
      } catch (error) {
        throw asTransient(error) ?? error;
      }
      return item && strip<ScanRecord>(fromAttributeValue({ M: item }) as Record<string, unknown>);
    },
  };
}
