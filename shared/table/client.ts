// The document-client side of the one table, shared by the entity adapters: every request goes
// through `send` (throttling becomes 503 in one place), transactions name their items, and lists page
// with cursors that cannot wander into another partition.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BadRequest, ServiceUnavailable } from '../errors';
import type { Page } from '../fields';
import { tableDefinition } from './definition';
import { type ItemKey, asTransient, strip } from './items';

const GSI1 = tableDefinition.globalSecondaryIndexes[0].indexName;

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

/** Transactions that lose to another one on the same item are tried this many times in all. */
export const MAX_TRANSACTION_ATTEMPTS = 10;
/** The first retry waits up to 50 ms; each later one up to twice as long, at most a second. */
const backoffCeilingMs = (attempt: number) => Math.min(1000, 25 * 2 ** attempt);

const encodeCursor = (lastKey: Record<string, unknown>) => Buffer.from(JSON.stringify(lastKey)).toString('base64url');

/** A cursor must decode to a key of the partition being listed, so it cannot page into another one. */
function decodeCursor(cursor: string, gsi1pk: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const names = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.keys(parsed).length === names.length &&
    names.every((n) => typeof (parsed as Record<string, unknown>)[n] === 'string') &&
    (parsed as Record<string, string>).gsi1pk === gsi1pk;
  if (!valid) throw new BadRequest('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this list' }]);
  return parsed as Record<string, string>;
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

    /** One page of an index partition, newest first; the cursor must come from the same partition. */
    async newestFirst<T>(gsi1pk: string, prefix: string, limit: number, cursor?: string): Promise<Page<T>> {
      const page = await send(
        new QueryCommand({
          TableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': prefix },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: cursor === undefined ? undefined : decodeCursor(cursor, gsi1pk),
        }),
      );
      return {
        items: (page.Items ?? []).map((item) => strip<T>(item) as T),
        nextCursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
      };
    },

    /** Every item of an index partition whose sort key starts with `prefix`, all pages. */
    async allOf<T>(gsi1pk: string, prefix: string): Promise<T[]> {
      const items: T[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await send(
          new QueryCommand({
            TableName,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
            ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': prefix },
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) items.push(strip<T>(item) as T);
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
  };
}
