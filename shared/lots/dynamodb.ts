// Lots in the single table: one item each, indexed under their agreement, and a claim item per
// (village, clientLotId) so a lot is created once. Every write changes the lot and its scan
// projection in one transaction.
import { agreementKey } from '../agreements/dynamodb';
import type { AgreementRecord } from '../agreements/agreement';
import { recalledLotKey, recallKey, villageRecallsKey } from '../recalls/keys';
import { scanKey } from '../scan/dynamodb';
import { storeKey } from '../stores/dynamodb';
import { BATCH_GET_LIMIT, type IndexQuery, type Table } from '../table/client';
import { type IndexName, partitions as p } from '../table/definition';
import { type LotFilter, type LotRecord, type LotRepository, TRACED_ATTRIBUTES, type TraceAnchor, type TracedLot } from './lot';

export const lotKey = (lotCode: string) => ({ pk: `${p.lot}${lotCode}`, sk: '#LOT' });
const clientLotKey = (villageId: string, clientLotId: string) => ({ pk: `${p.village}${villageId}`, sk: `CLIENTLOT#${clientLotId}` });

const LOTS = 'LOT#';
/** Every lot index sorts by harvest date, then lot code: the order traces are read in. */
const harvestKey = (l: Pick<LotRecord, 'harvestedOn' | 'lotCode'>) => `${LOTS}${l.harvestedOn}#${l.lotCode}`;

/** A lot's index keys: under its agreement (gsi1) and its village (gsi2). */
const lotIndexes = (l: Pick<LotRecord, 'agreementId' | 'villageId' | 'harvestedOn' | 'lotCode'>) => ({
  gsi1pk: `${p.agreement}${l.agreementId}`,
  gsi1sk: harvestKey(l),
  gsi2pk: `${p.village}${l.villageId}`,
  gsi2sk: harvestKey(l),
});

/**
 * The store a lot went to (gsi3), set by its dispatch and again by its receipt (a lot received without
 * a recorded dispatch is found at the receiving store too). An update expression and its values.
 */
export const storeIndexUpdate = (lot: Pick<LotRecord, 'harvestedOn' | 'lotCode'>, storeId: string) => ({
  expression: 'gsi3pk = :storeIndexPk, gsi3sk = :storeIndexSk',
  values: { ':storeIndexPk': `${p.store}${storeId}`, ':storeIndexSk': harvestKey(lot) },
});

/** The index query of a trace anchor, in harvest order, optionally by crop and harvest dates. */
function traceQuery(anchor: TraceAnchor, filter: LotFilter): IndexQuery {
  const [index, partition]: [IndexName, string] =
    'villageId' in anchor
      ? ['gsi2', `${p.village}${anchor.villageId}`]
      : 'agreementId' in anchor
        ? ['gsi1', `${p.agreement}${anchor.agreementId}`]
        : ['gsi3', `${p.store}${anchor.storeId}`];
  // '~' sorts after every lot-code character, so the last day's lots are all inside the range.
  const from = `${LOTS}${filter.harvestedFrom ?? '0000-00-00'}#`;
  const to = `${LOTS}${filter.harvestedTo ?? '9999-12-31'}#~`;
  return {
    index,
    partition,
    sortKey: { between: [from, to] },
    filter: filter.crop === undefined ? undefined : { expression: 'crop = :crop', values: { ':crop': filter.crop } },
  };
}

export function dynamoDbLots(table: Table): LotRepository {
  return {
    async record(lot, scan, maxDeliveredBefore, recallsVersion) {
      const recallId = lot.recall?.recallId;
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
            Item: { ...lotKey(lot.lotCode), ...lotIndexes(lot), entity: 'lot', ...lot },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        scan: { Put: { Item: { ...scanKey(lot.lotCode), entity: 'scan', ...scan } } },
        destination: lot.destinationStoreId
          ? { ConditionCheck: { Key: storeKey(lot.destinationStoreId), ConditionExpression: 'attribute_exists(pk)' } }
          : undefined,
        // The village's active recall scopes must be those the intake checked the lot against.
        recalls: {
          ConditionCheck: {
            Key: villageRecallsKey(lot.villageId),
            ConditionExpression: 'attribute_not_exists(pk) OR version = :version',
            ExpressionAttributeValues: { ':version': recallsVersion },
          },
        },
        // A lot recorded inside an active recall's scope joins that recall at once.
        recalledLot: recallId
          ? {
              Put: {
                Item: { ...recalledLotKey(recallId, lot.lotCode), entity: 'recalledLot', lotCode: lot.lotCode, recalledAt: lot.recordedAt },
              },
            }
          : undefined,
        recallCounts: recallId
          ? {
              Update: {
                Key: recallKey(recallId),
                UpdateExpression: 'ADD lotCount :one, recalledCount :one',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':one': 1 },
              },
            }
          : undefined,
      });
      if (outcome.ok) return { ok: true };
      return {
        ok: false,
        clientLotTaken: outcome.failed('clientLot'),
        unknownStore: outcome.failed('destination'),
        recallsChanged: outcome.failed('recalls'),
        agreement: outcome.failed('agreement') ? outcome.stored<AgreementRecord>('agreement') : undefined,
      };
    },

    async getByClientId(villageId, clientLotId) {
      const claim = await table.get<{ lotCode: string }>(clientLotKey(villageId, clientLotId), true);
      return claim ? table.get<LotRecord>(lotKey(claim.lotCode), true) : undefined;
    },

    get: (lotCode, consistent = false) => table.get<LotRecord>(lotKey(lotCode), consistent),

    async dispatch(lot, dispatch, store) {
      const storeIndex = storeIndexUpdate(lot, dispatch.storeId);
      const outcome = await table.transact({
        lot: {
          Update: {
            Key: lotKey(lot.lotCode),
            UpdateExpression: `SET dispatch = :dispatch, ${storeIndex.expression}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dispatch)',
            ExpressionAttributeValues: { ':dispatch': dispatch, ...storeIndex.values },
          },
        },
        scan: {
          Update: {
            Key: scanKey(lot.lotCode),
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

    listByAgreement: (agreementId) => table.all<LotRecord>(traceQuery({ agreementId }, {})),

    trace: (anchor, filter, limit, cursor) =>
      table.query<TracedLot>({ ...traceQuery(anchor, filter), attributes: TRACED_ATTRIBUTES }, limit, cursor),

    records: (anchor, filter, limit, cursor) => table.query<LotRecord>(traceQuery(anchor, filter), limit, cursor),

    async getMany(lotCodes) {
      const lots: LotRecord[] = [];
      for (let at = 0; at < lotCodes.length; at += BATCH_GET_LIMIT) {
        lots.push(...(await table.getMany<LotRecord>(lotCodes.slice(at, at + BATCH_GET_LIMIT).map(lotKey))));
      }
      return lots;
    },
  };
}
