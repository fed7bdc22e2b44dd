// The crop catalogue: a crop's names and the recipes shoppers see on the scan page.
import * as z from 'zod';
import { CropId, localized, localizedList, type Page, page } from '../fields';

export const Recipe = z.strictObject({
  title: localized(120),
  minutes: z.number().int().min(1).max(1440),
  ingredients: localizedList(200),
  steps: localizedList(500),
});

export const PutCrop = z.strictObject({
  name: localized(100),
  recipes: z.array(Recipe).max(20),
});

export const Crop = PutCrop.extend({ crop: CropId, updatedAt: z.iso.datetime() });
export const CropPage = page(Crop);

export type CropRecord = z.infer<typeof Crop>;

/** What the use cases need of crop storage. */
export interface CropRepository {
  /** Creates or replaces the crop's entry. */
  put(crop: CropRecord): Promise<void>;
  get(crop: string): Promise<CropRecord | undefined>;
  /** Which of these crops the catalogue has. */
  existing(crops: readonly string[]): Promise<Set<string>>;
  /** One page of the catalogue, by crop id. */
  list(limit: number, cursor?: string): Promise<Page<CropRecord>>;
}
