// Keeping the crop catalogue.
import type { z } from 'zod';
import type { Clock } from '../deps';
import type { CropRepository, PutCrop } from './crop';

export async function putCrop({ crops, now }: { crops: CropRepository } & Clock, crop: string, input: z.infer<typeof PutCrop>) {
  const record = { ...input, crop, updatedAt: now().toISOString() };
  await crops.put(record);
  return record;
}
