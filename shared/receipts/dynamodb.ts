// Receipts in the single table: one item per (store, webhook id), so a delivery is stored once;
// exceptions are also indexed under one partition for ops, newest first.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { agreementKey } from '../agreements/dynamodb';
import { lotKey, storeIndexUpdate } from '../lots/dynamodb';
import { scanKey } from '../scan/dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { ReceiptRecord, ReceiptRepository } from './receipt';

export const receiptKey = (storeId: string, webhookId: string) => ({ pk: `${p.receipt}${storeId}#${webhookId}`, sk: '#RECEIPT' });

const EXCEPTIONS = 'RECEIPTEXCEPTION';
const EXCEPTION_PREFIX = 'RECEIPT#';
const asException = (r: Pick<ReceiptRecord, 'recordedAt' | 'storeId' | 'webhookId'>) => ({
  gsi1pk: EXCEPTIONS,
  gsi1sk: `${EXCEPTION_PREFIX}${r.recordedAt}#${r.storeId}#${r.webhookId}`,
});

export function dynamoDbReceipts(table: Table): ReceiptRepository {
  return {
    get: (storeId, webhookId) => table.get<ReceiptRecord>(receiptKey(storeId, webhookId), true),

    async keep(receipt) {
      try {
        await table.send(
          new PutCommand({
            TableName: table.name,
            Item: {
              ...receiptKey(receipt.storeId, receipt.webhookId),
              ...(receipt.status === 'exception' ? asException(receipt) : {}),
              entity: 'receipt',
              ...receipt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async apply(receipt, lot, applied) {
      const storeIndex = storeIndexUpdate(lot, applied.storeId);
      const outcome = await table.transact({
        receipt: {
          Put: {
            Item: { ...receiptKey(receipt.storeId, receipt.webhookId), entity: 'receipt', ...receipt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        lot: {
          Update: {
            Key: lotKey(lot.lotCode),
            UpdateExpression: `SET receipt = :receipt, ${storeIndex.expression}`,
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(receipt) AND grams >= :total AND ' +
              '(attribute_not_exists(dispatch) OR dispatch.storeId = :store)',
            ExpressionAttributeValues: {
              ':receipt': applied,
              ':total': applied.acceptedGrams + applied.rejectedGrams,
              ':store': applied.storeId,
              ...storeIndex.values,
            },
          },
        },
        agreement: {
          Update: {
            Key: agreementKey(lot.agreementId),
            UpdateExpression: 'ADD acceptedGrams :accepted, rejectedGrams :rejected, actualPayoutFen :fen, receivedLotCount :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':accepted': applied.acceptedGrams,
              ':rejected': applied.rejectedGrams,
              ':fen': applied.payoutFen,
              ':one': 1,
            },
          },
        },
        scan: {
          Update: {
            Key: scanKey(lot.lotCode),
            UpdateExpression: 'SET journey.received = :received, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':received': { at: applied.at }, ':now': receipt.recordedAt },
          },
        },
      });
      return { ok: outcome.ok, receiptTaken: !outcome.ok && outcome.failed('receipt') };
    },

    listExceptions: (limit, cursor) =>
      table.query<ReceiptRecord>(
        { index: 'gsi1', partition: EXCEPTIONS, sortKey: { beginsWith: EXCEPTION_PREFIX }, descending: true },
        limit,
        cursor,
      ),
  };
}
