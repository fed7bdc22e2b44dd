// Recalls in the single table: the recall item (listed newest first), the claim of its clientRecallId,
// one item per recalled lot in the recall's partition, and each village's active scopes.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { lotKey } from '../lots/dynamodb';
import { scanKey } from '../scan/dynamodb';
import type { IndexQuery, Table } from '../table/client';
import { partitions as p } from '../table/definition';
import { recalledLotKey, RECALLED_LOTS, recallKey, recallListed, recallRequestKey, RECALLS, villageRecallsKey } from './keys';
import { NO_RECALLS, type RecalledLotData, type RecallRecord, type RecallRepository, type VillageRecalls } from './recall';

const recalledLots = (recallId: string): IndexQuery => ({ partition: recallKey(recallId).pk, sortKey: { beginsWith: RECALLED_LOTS } });

export function dynamoDbRecalls(table: Table): RecallRepository {
  const addRecalled = (recallId: string) => ({
    Update: { Key: recallKey(recallId), UpdateExpression: 'ADD recalledCount :one', ExpressionAttributeValues: { ':one': 1 } },
  });
  const joinRecall = (recallId: string, lotCode: string, recalledAt: string) => ({
    Put: {
      Item: { ...recalledLotKey(recallId, lotCode), entity: 'recalledLot', lotCode, recalledAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });

  return {
    async create(recall, active) {
      const outcome = await table.transact({
        recall: {
          Put: {
            Item: { ...recallKey(recall.recallId), ...recallListed(recall), entity: 'recall', ...recall },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        request: {
          Put: {
            Item: { ...recallRequestKey(recall.clientRecallId), entity: 'recallRequest', recallId: recall.recallId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        village: active && {
          Update: {
            Key: villageRecallsKey(active.villageId),
            UpdateExpression: 'SET scopes = list_append(if_not_exists(scopes, :none), :scope), entity = :entity ADD version :one',
            ExpressionAttributeValues: { ':none': [], ':scope': [active.scope], ':one': 1, ':entity': 'villageRecalls' },
          },
        },
      });
      return outcome.ok;
    },

    get: (recallId, consistent = false) => table.get<RecallRecord>(recallKey(recallId), consistent),

    async getByClientId(clientRecallId) {
      const claim = await table.get<{ recallId: string }>(recallRequestKey(clientRecallId), true);
      return claim ? table.get<RecallRecord>(recallKey(claim.recallId), true) : undefined;
    },

    list: (limit, cursor) =>
      table.query<RecallRecord>({ index: 'gsi1', partition: RECALLS, sortKey: { beginsWith: p.recall }, descending: true }, limit, cursor),

    lots: (recallId, limit, cursor) => table.query<RecalledLotData>(recalledLots(recallId), limit, cursor),

    async recalledLotCodes(recallId) {
      return (await table.all<RecalledLotData>(recalledLots(recallId))).map((item) => item.lotCode);
    },

    async recallLot(recall, lot, at) {
      const mark = { reason: recall.reason, recalledAt: at, recalledBy: recall.createdBy, recallId: recall.recallId };
      const outcome = await table.transact({
        lot: {
          Update: {
            Key: lotKey(lot.lotCode),
            UpdateExpression: 'SET recall = :recall',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(recall)',
            ExpressionAttributeValues: { ':recall': mark },
          },
        },
        scan: {
          Update: {
            Key: scanKey(lot.lotCode),
            UpdateExpression: 'SET recall = :recall, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':recall': { reason: mark.reason, recalledAt: at }, ':now': at },
          },
        },
        member: joinRecall(recall.recallId, lot.lotCode, at),
        count: addRecalled(recall.recallId),
      });
      if (outcome.ok) return 'recalled';
      if (outcome.failed('member')) return 'already';
      // Another recall covers the lot already: it keeps that recall, and joins this one as it stands.
      const current = await table.get<{ recall?: { recalledAt: string } }>(lotKey(lot.lotCode), true);
      const joined = await table.transact({
        member: joinRecall(recall.recallId, lot.lotCode, current?.recall?.recalledAt ?? at),
        count: addRecalled(recall.recallId),
      });
      return joined.ok ? 'recalled' : 'already';
    },

    async setLotCount(recallId, lotCount) {
      await table
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: recallKey(recallId),
            UpdateExpression: 'SET lotCount = :n',
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':n': lotCount, ':running': 'running' },
          }),
        )
        .catch(ignoreConditionFailure);
    },

    async complete(recallId, at) {
      await table
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: recallKey(recallId),
            UpdateExpression: 'SET #status = :completed, completedAt = :at, lotCount = recalledCount',
            ConditionExpression: '#status = :running',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':completed': 'completed', ':running': 'running', ':at': at },
          }),
        )
        .catch(ignoreConditionFailure);
    },

    async villageRecalls(villageId) {
      const item = await table.get<VillageRecalls>(villageRecallsKey(villageId), true);
      return item ? { version: item.version, scopes: item.scopes } : NO_RECALLS;
    },
  };
}

/** A completed recall stays as it is: a late or repeated worker's write is not an error. */
function ignoreConditionFailure(error: unknown): void {
  if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
}
