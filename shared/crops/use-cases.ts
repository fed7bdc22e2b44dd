// Keeping the crop catalogue.
import type { z } from 'zod';
import type { Clock } from '../deps';
import type { ListQuery } from '../fields';
import type { CropRepository, PutCrop } from './crop';

export async function putCrop({ crops, now }: { crops: CropRepository } & Clock, crop: string, input: z.infer<typeof PutCrop>) {
  const record = { ...input, crop, updatedAt: now().toISOString() };
  await crops.put(record);
  return record;
}

export async function listCrops({ crops }: { crops: CropRepository }, query: z.infer<typeof ListQuery>) {
  return crops.list(query.limit ?? 20, query.cursor);
}
