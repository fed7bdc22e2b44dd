// Villages: the farming communities the program buys from. Ops register them; their public parts
// (name, place, story) are what shoppers read on the scan page.
import * as z from 'zod';
import { CropId, type LocalizedText, type Page, VillageId, localized, page, text } from '../fields';

/** Degrees with at most 7 decimals (about 1 cm); also keeps out values DynamoDB cannot store, such as 1e-200. */
const coordinate = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .refine((v) => Math.round(v * 1e7) / 1e7 === v, 'at most 7 decimals');

export const CreateVillage = z.strictObject({
  name: localized(100),
  province: text(50),
  county: text(50),
  location: z.strictObject({ lat: coordinate(90), lng: coordinate(180) }).optional(),
  story: localized(2000).optional(),
  specialties: z.array(CropId).max(20).optional(),
});

export const Village = CreateVillage.extend({ villageId: VillageId, createdAt: z.iso.datetime() });
export const VillagePage = page(Village);

export type VillageRecord = z.infer<typeof Village>;
export type Localized = z.infer<typeof LocalizedText>;

/** What the use cases need of village storage. */
export interface VillageRepository {
  /** Writes a new village; its id is fresh, so it never overwrites one. */
  put(village: VillageRecord): Promise<void>;
  get(villageId: string): Promise<VillageRecord | undefined>;
  /** One page of every village, newest first. */
  list(limit: number, cursor?: string): Promise<Page<VillageRecord>>;
}
