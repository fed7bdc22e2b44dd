// Villages in the single table: one item per village under its own partition.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { VillageRecord, VillageRepository } from './village';

export const villageKey = (villageId: string) => ({ pk: `${p.village}${villageId}`, sk: '#VILLAGE' });

export function dynamoDbVillages(table: Table): VillageRepository {
  return {
    async put(village) {
      await table.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...villageKey(village.villageId), entity: 'village', ...village },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    get: (villageId) => table.get<VillageRecord>(villageKey(villageId)),
  };
}
