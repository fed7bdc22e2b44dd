// Crops in the single table: one item per crop, replaced whole on each change.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { BATCH_GET_LIMIT, type Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { CropRecord, CropRepository } from './crop';

export const cropKey = (crop: string) => ({ pk: `${p.crop}${crop}`, sk: '#CROP' });

const CROPS = 'CROPS';
/** Every crop, by id, for the list. */
const listed = (crop: string) => ({ gsi1pk: CROPS, gsi1sk: `${p.crop}${crop}` });

export function dynamoDbCrops(table: Table): CropRepository {
  return {
    async put(crop) {
      await table.send(
        new PutCommand({ TableName: table.name, Item: { ...cropKey(crop.crop), ...listed(crop.crop), entity: 'crop', ...crop } }),
      );
    },
    get: (crop) => table.get<CropRecord>(cropKey(crop)),
    async existing(crops) {
      const found = new Set<string>();
      const unique = [...new Set(crops)];
      for (let at = 0; at < unique.length; at += BATCH_GET_LIMIT) {
        const keys = unique.slice(at, at + BATCH_GET_LIMIT).map(cropKey);
        for (const item of await table.getMany<{ crop: string }>(keys, ['crop'])) found.add(item.crop);
      }
      return found;
    },
    list: (limit, cursor) => table.query<CropRecord>({ index: 'gsi1', partition: CROPS, sortKey: { beginsWith: p.crop } }, limit, cursor),
  };
}
