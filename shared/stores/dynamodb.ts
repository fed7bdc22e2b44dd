// Stores in the single table. Each store's webhook secrets live in an item under a partition prefix of
// their own (STORESECRET#), so IAM can keep them readable by the webhook function alone.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { StoreRecord, StoreRepository } from './store';

export const storeKey = (storeId: string) => ({ pk: `${p.store}${storeId}`, sk: '#STORE' });
export const storeSecretKey = (storeId: string) => ({ pk: `${p.storeSecret}${storeId}`, sk: '#SECRET' });

const STORES = 'STORES';
/** Every store, by id, for the list. The secrets are items of their own and never listed. */
const listed = (storeId: string) => ({ gsi1pk: STORES, gsi1sk: `${p.store}${storeId}` });

interface SecretItem {
  current: string;
  previous?: string;
  previousExpiresAt?: string;
}

export function dynamoDbStores(table: Table): StoreRepository {
  return {
    async create(store, webhookSecret) {
      const outcome = await table.transact({
        store: {
          Put: {
            Item: { ...storeKey(store.storeId), ...listed(store.storeId), entity: 'store', ...store },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        secret: {
          Put: { Item: { ...storeSecretKey(store.storeId), entity: 'storeSecret', current: webhookSecret, createdAt: store.createdAt } },
        },
      });
      return outcome.ok;
    },

    get: (storeId) => table.get<StoreRecord>(storeKey(storeId)),
    list: (limit, cursor) =>
      table.query<StoreRecord>({ index: 'gsi1', partition: STORES, sortKey: { beginsWith: p.store } }, limit, cursor),

    async secretsOf(storeId, at) {
      const item = await table.get<SecretItem>(storeSecretKey(storeId), true);
      if (!item) return [];
      const previousValid = item.previous && item.previousExpiresAt && item.previousExpiresAt > at.toISOString();
      return previousValid ? [item.current, item.previous as string] : [item.current];
    },

    // Never reads either secret back: the IAM policy of every function but the webhook one forbids it.
    async rotateSecret(storeId, secret, rotatedAt, previousExpiresAt) {
      try {
        await table.send(
          new UpdateCommand({
            TableName: table.name,
            Key: storeSecretKey(storeId),
            UpdateExpression: 'SET #previous = #current, previousExpiresAt = :expires, #current = :secret, rotatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#current': 'current', '#previous': 'previous' },
            ExpressionAttributeValues: { ':secret': secret, ':expires': previousExpiresAt, ':now': rotatedAt },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}
