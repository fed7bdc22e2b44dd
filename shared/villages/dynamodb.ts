// Villages in the single table: one item per village under its own partition.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { VillageRecord, VillageRepository } from './village';

export const villageKey = (villageId: string) => ({ pk: `${p.village}${villageId}`, sk: '#VILLAGE' });

const VILLAGES = 'VILLAGES';
/** Every village, newest first, for the list. */
const listed = (v: Pick<VillageRecord, 'createdAt' | 'villageId'>) => ({
  gsi1pk: VILLAGES,
  gsi1sk: `${p.village}${v.createdAt}#${v.villageId}`,
});

export function dynamoDbVillages(table: Table): VillageRepository {
  return {
    async put(village) {
      await table.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...villageKey(village.villageId), ...listed(village), entity: 'village', ...village },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    get: (villageId) => table.get<VillageRecord>(villageKey(villageId)),
    list: (limit, cursor) =>
      table.query<VillageRecord>(
        { index: 'gsi1', partition: VILLAGES, sortKey: { beginsWith: p.village }, descending: true },
        limit,
        cursor,
      ),
  };
}
