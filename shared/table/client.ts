// The document-client side of the one table, shared by the entity adapters: every request goes
// through `send` (throttling becomes 503 in one place), transactions name their items, and lists page
// with cursors that cannot wander into another partition.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BadRequest, ServiceUnavailable } from '../errors';
import type { Page } from '../fields';
import type { IndexName } from './definition';
import { type ItemKey, asTransient, strip } from './items';

type SdkTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Op<K extends keyof SdkTransactItem> = Omit<NonNullable<SdkTransactItem[K]>, 'TableName'>;
/** One item of a transaction; the table fills in its name. */
export type TransactItem = { Put: Op<'Put'> } | { Update: Op<'Update'> } | { ConditionCheck: Op<'ConditionCheck'> };

/**
 * How a transaction ended. When cancelled, `failed(name)` says whether that item's condition failed,
 * and `stored(name)` is the item as it stood, for items that asked for it with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`.
 */
export type TransactOutcome<N extends string> =
  | { readonly ok: true }
  | { readonly ok: false; failed(name: N): boolean; stored<T>(name: N): T | undefined };

/** The most keys one BatchGetItem may name. */
export const BATCH_GET_LIMIT = 100;

/** Transactions that lose to another one on the same item are tried this many times in all. */
export const MAX_TRANSACTION_ATTEMPTS = 10;
/** The first retry waits up to 50 ms; each later one up to twice as long, at most a second. */
const backoffCeilingMs = (attempt: number) => Math.min(1000, 25 * 2 ** attempt);

/** A query of one partition of the table or of an index, in sort-key order. */
export interface IndexQuery {
  /** @default the table itself */
  readonly index?: IndexName;
  /** The partition's key. */
  readonly partition: string;
  /** Sort keys that start with a prefix, or lie between two keys (inclusive). */
  readonly sortKey: { readonly beginsWith: string } | { readonly between: readonly [string, string] };
  /** Descending sort-key order. @default false */
  readonly descending?: boolean;
  /** Only these attributes of each item: less to read, send and convert when a list shows a few. */
  readonly attributes?: readonly string[];
  /** Items the partition holds but the caller does not want; pages are filled past them. */
  readonly filter?: { readonly expression: string; readonly names?: Record<string, string>; readonly values: Record<string, unknown> };
}

const keysOf = (index: IndexName | undefined) => (index === undefined ? { pk: 'pk', sk: 'sk' } : { pk: `${index}pk`, sk: `${index}sk` });

const encodeCursor = (lastKey: Record<string, unknown>) => Buffer.from(JSON.stringify(lastKey)).toString('base64url');

/** Whether a sort key is one the query's sort-key condition selects. */
function selects(query: IndexQuery, sortKey: string): boolean {
  if ('beginsWith' in query.sortKey) return sortKey.startsWith(query.sortKey.beginsWith);
  const [from, to] = query.sortKey.between;
  return sortKey >= from && sortKey <= to;
}

/**
 * A cursor must decode to a key of the partition being listed, and of the items listed there, so it
 * cannot page into another list (another partition, or another list sharing the partition).
 */
function decodeCursor(cursor: string, query: IndexQuery): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const keys = keysOf(query.index);
  const names = [...new Set(['pk', 'sk', keys.pk, keys.sk])];
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.keys(parsed).length === names.length &&
    names.every((n) => typeof (parsed as Record<string, unknown>)[n] === 'string') &&
    (parsed as Record<string, string>)[keys.pk] === query.partition &&
    selects(query, (parsed as Record<string, string>)[keys.sk] as string);
  if (!valid) throw new BadRequest('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this list' }]);
  return parsed as Record<string, string>;
}

/** The QueryCommand input of an index query, without paging. */
function queryInput(TableName: string, query: IndexQuery) {
  const keys = keysOf(query.index);
  const range = 'beginsWith' in query.sortKey ? 'begins_with(#sk, :from)' : '#sk BETWEEN :from AND :to';
  const [from, to] = 'beginsWith' in query.sortKey ? [query.sortKey.beginsWith, undefined] : query.sortKey.between;
  const projected = query.attributes?.map((name, i) => [`#a${i}`, name] as const) ?? [];
  return {
    TableName,
    IndexName: query.index,
    ProjectionExpression: projected.length ? projected.map(([alias]) => alias).join(', ') : undefined,
    // Items of the table's own partitions are read as last written; indexes cannot be read that way.
    ConsistentRead: query.index === undefined,
    KeyConditionExpression: `#pk = :pk AND ${range}`,
    FilterExpression: query.filter?.expression,
    ExpressionAttributeNames: { '#pk': keys.pk, '#sk': keys.sk, ...Object.fromEntries(projected), ...query.filter?.names },
    ExpressionAttributeValues: {
      ':pk': query.partition,
      ':from': from,
      ...(to === undefined ? {} : { ':to': to }),
      ...query.filter?.values,
    },
    ScanIndexForward: !query.descending,
  };
}

export type Table = ReturnType<typeof createTable>;

export function createTable(client: DynamoDBDocumentClient, tableName: string) {
  const TableName = tableName;

  const send = (async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
    try {
      return await client.send(command);
    } catch (error) {
      throw asTransient(error) ?? error;
    }
  }) as DynamoDBDocumentClient['send'];

  return {
    name: TableName,
    send,

    async get<T>(key: ItemKey, consistent = false): Promise<T | undefined> {
      const { Item } = await send(new GetCommand({ TableName, Key: key, ConsistentRead: consistent }));
      return strip<T>(Item);
    },

    /**
     * The items of up to BATCH_GET_LIMIT keys, those that exist, in no particular order; strongly
     * consistent. With `attributes`, only those attributes of each item.
     */
    async getMany<T>(keys: readonly ItemKey[], attributes?: readonly string[]): Promise<T[]> {
      const items: T[] = [];
      let pending: Record<string, unknown>[] = keys.map((key) => ({ ...key }));
      const projected = attributes?.map((name, i) => [`#a${i}`, name] as const);
      const projection = projected && {
        ProjectionExpression: projected.map(([alias]) => alias).join(', '),
        ExpressionAttributeNames: Object.fromEntries(projected),
      };
      for (let attempt = 1; pending.length > 0; attempt++) {
        const { Responses, UnprocessedKeys } = await send(
          new BatchGetCommand({ RequestItems: { [TableName]: { Keys: pending, ConsistentRead: true, ...projection } } }),
        );
        for (const item of Responses?.[TableName] ?? []) items.push(strip<T>(item) as T);
        pending = UnprocessedKeys?.[TableName]?.Keys ?? [];
        if (pending.length === 0) break;
        // DynamoDB returns unprocessed keys when it is busy: back off, then give up as a transient fault.
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) throw new ServiceUnavailable();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * backoffCeilingMs(attempt)));
      }
      return items;
    },

    /**
     * Runs the named items as one transaction (an undefined item is left out), retrying only
     * conflicts with other transactions, with full jitter. Failed conditions come back by name.
     */
    async transact<N extends string>(named: Record<N, TransactItem | undefined>): Promise<TransactOutcome<N>> {
      const entries = (Object.entries(named) as [N, TransactItem | undefined][]).filter(
        (entry): entry is [N, TransactItem] => entry[1] !== undefined,
      );
      const names = entries.map(([name]) => name);
      const TransactItems = entries.map(([, item]) => {
        const [kind, op] = Object.entries(item)[0] as [string, object];
        return { [kind]: { TableName, ...op } } as SdkTransactItem;
      });
      for (let attempt = 1; ; attempt++) {
        try {
          await send(new TransactWriteCommand({ TransactItems }));
          return { ok: true };
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          const reasons = error.CancellationReasons ?? [];
          const conditionFailed = reasons.some((r) => r.Code === 'ConditionalCheckFailed');
          const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
          if (conditionFailed || !conflicted) {
            const reasonOf = (name: N) => reasons[names.indexOf(name)];
            return {
              ok: false,
              failed: (name) => reasonOf(name)?.Code === 'ConditionalCheckFailed',
              stored: <T>(name: N) => {
                const item = reasonOf(name)?.Item;
                return item ? strip<T>(unmarshall(item)) : undefined;
              },
            };
          }
          if (attempt >= MAX_TRANSACTION_ATTEMPTS) throw new ServiceUnavailable();
          await new Promise((resolve) => setTimeout(resolve, Math.random() * backoffCeilingMs(attempt)));
        }
      }
    },

    /**
     * One page of an index query of at most `limit` items; the cursor must come from the same query's
     * partition. With a filter, further requests fill the page past the items it drops.
     */
    async query<T>(query: IndexQuery, limit: number, cursor?: string): Promise<Page<T>> {
      const items: T[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined = cursor === undefined ? undefined : decodeCursor(cursor, query);
      do {
        const page = await send(new QueryCommand({ ...queryInput(TableName, query), Limit: limit - items.length, ExclusiveStartKey }));
        for (const item of page.Items ?? []) items.push(strip<T>(item) as T);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey && items.length < limit);
      return { items, nextCursor: ExclusiveStartKey ? encodeCursor(ExclusiveStartKey) : undefined };
    },

    /** Every item an index query matches, all pages. */
    async all<T>(query: IndexQuery): Promise<T[]> {
      const items: T[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await send(new QueryCommand({ ...queryInput(TableName, query), ExclusiveStartKey }));
        for (const item of page.Items ?? []) items.push(strip<T>(item) as T);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
  };
}
