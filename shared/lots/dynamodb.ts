// Lots in the single table: one item each, indexed under their agreement, and a claim item per
// (village, clientLotId) so a lot is created once. Every write changes the lot and its scan
// projection in one transaction.
import { agreementKey } from '../agreements/dynamodb';
import type { AgreementRecord } from '../agreements/agreement';
import { scanKey } from '../scan/dynamodb';
import { storeKey } from '../stores/dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { LotRecord, LotRepository } from './lot';

export const lotKey = (lotCode: string) => ({ pk: `${p.lot}${lotCode}`, sk: '#LOT' });
const clientLotKey = (villageId: string, clientLotId: string) => ({ pk: `${p.village}${villageId}`, sk: `CLIENTLOT#${clientLotId}` });

const AGREEMENT_INDEX_PREFIX = 'LOT#';
/** Lots by agreement, in the order they were recorded. */
const byAgreement = (l: Pick<LotRecord, 'agreementId' | 'recordedAt' | 'lotCode'>) => ({
  gsi1pk: `${p.agreement}${l.agreementId}`,
  gsi1sk: `${AGREEMENT_INDEX_PREFIX}${l.recordedAt}#${l.lotCode}`,
});

export function dynamoDbLots(table: Table): LotRepository {
  return {
    async record(lot, scan, maxDeliveredBefore) {
      const outcome = await table.transact({
        agreement: {
          Update: {
            Key: agreementKey(lot.agreementId),
            UpdateExpression: 'ADD deliveredGrams :grams, expectedPayoutFen :fen, lotCount :one',
            ConditionExpression: '#status = :active AND deliveredGrams <= :maxBefore',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':grams': lot.grams,
              ':fen': lot.expectedPayoutFen,
              ':one': 1,
              ':active': 'active',
              ':maxBefore': maxDeliveredBefore,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        clientLot: {
          Put: {
            Item: { ...clientLotKey(lot.villageId, lot.clientLotId), entity: 'clientLot', lotCode: lot.lotCode },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        lot: {
          Put: {
            Item: { ...lotKey(lot.lotCode), ...byAgreement(lot), entity: 'lot', ...lot },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        scan: { Put: { Item: { ...scanKey(lot.lotCode), entity: 'scan', ...scan } } },
        destination: lot.destinationStoreId
          ? { ConditionCheck: { Key: storeKey(lot.destinationStoreId), ConditionExpression: 'attribute_exists(pk)' } }
          : undefined,
      });
      if (outcome.ok) return { ok: true };
      return {
        ok: false,
        clientLotTaken: outcome.failed('clientLot'),
        unknownStore: outcome.failed('destination'),
        agreement: outcome.failed('agreement') ? outcome.stored<AgreementRecord>('agreement') : undefined,
      };
    },

    async getByClientId(villageId, clientLotId) {
      const claim = await table.get<{ lotCode: string }>(clientLotKey(villageId, clientLotId), true);
      return claim ? table.get<LotRecord>(lotKey(claim.lotCode), true) : undefined;
    },

    get: (lotCode, consistent = false) => table.get<LotRecord>(lotKey(lotCode), consistent),

    async dispatch(lotCode, dispatch, store) {
      const outcome = await table.transact({
        lot: {
          Update: {
            Key: lotKey(lotCode),
            UpdateExpression: 'SET dispatch = :dispatch',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dispatch)',
            ExpressionAttributeValues: { ':dispatch': dispatch },
          },
        },
        scan: {
          Update: {
            Key: scanKey(lotCode),
            UpdateExpression: 'SET journey.shipped = :shipped, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':shipped': { at: dispatch.at, store: { name: store.name, city: store.city } },
              ':now': dispatch.at,
            },
          },
        },
      });
      return outcome.ok;
    },

    async recall(lotCode, recall) {
      const outcome = await table.transact({
        lot: {
          Update: {
            Key: lotKey(lotCode),
            UpdateExpression: 'SET recall = :recall',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(recall)',
            ExpressionAttributeValues: { ':recall': recall },
          },
        },
        scan: {
          Update: {
            Key: scanKey(lotCode),
            UpdateExpression: 'SET recall = :recall, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':recall': { reason: recall.reason, recalledAt: recall.recalledAt }, ':now': recall.recalledAt },
          },
        },
      });
      return outcome.ok;
    },

    listByAgreement: (agreementId) => table.allOf<LotRecord>(`${p.agreement}${agreementId}`, AGREEMENT_INDEX_PREFIX),
  };
}
