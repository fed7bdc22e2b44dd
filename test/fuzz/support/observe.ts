// What the fuzz properties look at: the whole table (every item, every attribute), the DynamoDB
// requests the handlers sent, and the error contract as docs/api.md documents it.
import { readFileSync } from 'node:fs';
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** JSON with object keys sorted at every level, so equal items print equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export type Table = ReadonlyMap<string, { readonly text: string; readonly item: Record<string, any> }>;

/** Every item of the table, keyed by pk and sk, read consistently. */
export async function readTable(client: DynamoDBClient, tableName: string): Promise<Table> {
  const items = new Map<string, { text: string; item: Record<string, any> }>();
  let ExclusiveStartKey: Record<string, any> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey, ConsistentRead: true }));
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      items.set(`${item.pk}|${item.sk}`, { text: stableJson(item), item });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export interface TableDiff {
  readonly added: Record<string, any>[];
  readonly removed: string[];
  readonly changed: string[];
}

export function diffTables(before: Table, after: Table): TableDiff {
  const added = [...after].filter(([key]) => !before.has(key)).map(([, { item }]) => item);
  const removed = [...before.keys()].filter((key) => !after.has(key));
  const changed = [...after].filter(([key, { text }]) => before.has(key) && before.get(key)?.text !== text).map(([key]) => key);
  return { added, removed, changed };
}

export const isEmptyDiff = (diff: TableDiff) => diff.added.length + diff.removed.length + diff.changed.length === 0;

/** Error codes per status, read from the errors table of docs/api.md: the contract the API publishes. */
export function documentedErrorCodes(file = new URL('../../../docs/api.md', import.meta.url)): Map<number, Set<string>> {
  const codes = new Map<number, Set<string>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const row = /^\|\s*(\d{3})\s*\|([^|]*)\|/.exec(line);
    if (!row) continue;
    const status = Number(row[1]);
    const set = codes.get(status) ?? new Set<string>();
    for (const [, code] of (row[2] as string).matchAll(/`([a-z_]+)`/g)) set.add(code as string);
    codes.set(status, set);
  }
  if (!codes.get(400)?.has('invalid_request')) throw new Error('docs/api.md: no errors table found');
  return codes;
}
