// Store sales in the single table: one item per store and day (its latest summary), and one per signed
// delivery (store, webhook id), which deliveries with unknown crops also index for ops, newest first.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { SalesDayRecord, SalesDeliveryRecord, SalesRepository } from './sales';

export const salesDayKey = (storeId: string, date: string) => ({ pk: `${p.sales}${storeId}`, sk: `DAY#${date}` });
export const salesDeliveryKey = (storeId: string, webhookId: string) => ({
  pk: `${p.salesDelivery}${storeId}#${webhookId}`,
  sk: '#DELIVERY',
});

const EXCEPTIONS = 'SALESEXCEPTION';
const EXCEPTION_PREFIX = 'SALES#';
const deliveryItem = (d: SalesDeliveryRecord) => ({
  ...salesDeliveryKey(d.storeId, d.webhookId),
  ...(d.status === 'exception' ? { gsi1pk: EXCEPTIONS, gsi1sk: `${EXCEPTION_PREFIX}${d.recordedAt}#${d.storeId}#${d.webhookId}` } : {}),
  entity: 'salesDelivery',
  ...d,
});

export function dynamoDbSales(table: Table): SalesRepository {
  return {
    getDelivery: (storeId, webhookId) => table.get<SalesDeliveryRecord>(salesDeliveryKey(storeId, webhookId), true),

    async store(delivery, day) {
      const outcome = await table.transact({
        delivery: { Put: { Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' } },
        // Of two summaries of a day, the one the store produced later stands, whichever arrives last
        // (a retry of an old summary must not undo a correction); the webhook id breaks a tie.
        day: {
          Put: {
            Item: { ...salesDayKey(day.storeId, day.date), entity: 'salesDay', ...day },
            ConditionExpression: 'attribute_not_exists(pk) OR asOf < :asOf OR (asOf = :asOf AND webhookId < :webhookId)',
            ExpressionAttributeValues: { ':asOf': day.asOf, ':webhookId': day.webhookId },
          },
        },
      });
      if (outcome.ok) return 'stored';
      return outcome.failed('delivery') ? 'taken' : 'superseded';
    },

    async keep(delivery) {
      try {
        await table.send(
          new PutCommand({ TableName: table.name, Item: deliveryItem(delivery), ConditionExpression: 'attribute_not_exists(pk)' }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    getDay: (storeId, date) => table.get<SalesDayRecord>(salesDayKey(storeId, date), true),

    listExceptions: (limit, cursor) =>
      table.query<SalesDeliveryRecord>(
        { index: 'gsi1', partition: EXCEPTIONS, sortKey: { beginsWith: EXCEPTION_PREFIX }, descending: true },
        limit,
        cursor,
      ),
  };
}
