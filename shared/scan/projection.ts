// The public scan projection: one item per lot, written at intake and updated by dispatch, receipt
// and recall, so a scan is one GetItem and nothing is assembled at read time. No zod here: the scan
// function imports this module.
import type { AgreementRecord } from '../agreements/agreement';
import type { CropRecord } from '../crops/crop';
import type { LotRecord } from '../lots/lot';
import type { Localized, VillageRecord } from '../villages/village';
import type { ScanViewData } from './schema';

type PublicStore = { name: Localized; city: string };

/** The public parts of a scan that come from the agreement: product, village and recipes. */
export type ScanBase = Pick<ScanViewData, 'product' | 'village' | 'recipes'>;

/** The scan projection as the table keeps it. */
export interface ScanRecord extends ScanBase {
  lotCode: string;
  harvestedOn: string;
  journey: { shipped?: { at: string; store: PublicStore }; received?: { at: string } };
  recall?: { reason: Localized; recalledAt: string };
  updatedAt: string;
}

/** What the use cases and the scan function need of scan storage. */
export interface ScanRepository {
  /** Exactly one read, eventually consistent (the CDN caches the answer anyway). */
  get(lotCode: string): Promise<ScanRecord | undefined>;
}

/**
 * Scan items must stay within one 4 KB read unit. The story is cut to an excerpt (the page is a
 * label, not a brochure), then recipes are dropped from the end until the item fits.
 */
export const SCAN_ITEM_BUDGET_BYTES = 4000;
/** The most a lot adds: code, dates, a store name and city, a recall reason (schema limits). */
const LOT_PART_MAX_BYTES = 1500;
const STORY_EXCERPT = { zh: 200, en: 480 };
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const shorten = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`);

export function scanBase(village: VillageRecord, crop: CropRecord, agreement: { variety?: string; gtin?: string }): ScanBase {
  const base: ScanBase = {
    product: { crop: crop.crop, name: crop.name, variety: agreement.variety, gtin: agreement.gtin },
    village: {
      name: village.name,
      province: village.province,
      county: village.county,
      location: village.location,
      story: village.story && { zh: shorten(village.story.zh, STORY_EXCERPT.zh), en: shorten(village.story.en, STORY_EXCERPT.en) },
    },
    recipes: [...crop.recipes],
  };
  const budget = SCAN_ITEM_BUDGET_BYTES - LOT_PART_MAX_BYTES;
  while (bytes(base) > budget && base.recipes.length > 0) base.recipes.pop();
  return base;
}

export function newScanRecord(
  agreement: Pick<AgreementRecord, 'scanBase'>,
  lot: Pick<LotRecord, 'lotCode' | 'harvestedOn' | 'recordedAt'>,
): ScanRecord {
  return { ...agreement.scanBase, lotCode: lot.lotCode, harvestedOn: lot.harvestedOn, journey: {}, updatedAt: lot.recordedAt };
}

/** The allowlist at the door: only these fields, copied one by one, ever leave as a scan response. */
export function scanView(record: ScanRecord): ScanViewData {
  const { product, village, journey } = record;
  const steps: ScanViewData['journey'] = [{ step: 'harvested', at: record.harvestedOn }];
  if (journey.shipped) steps.push({ step: 'shipped', at: journey.shipped.at, store: pickStore(journey.shipped.store) });
  if (journey.received) {
    steps.push({ step: 'received', at: journey.received.at, store: journey.shipped && pickStore(journey.shipped.store) });
  }
  return {
    lotCode: record.lotCode,
    product: { crop: product.crop, name: pickText(product.name), variety: product.variety, gtin: product.gtin },
    village: {
      name: pickText(village.name),
      province: village.province,
      county: village.county,
      location: village.location && { lat: village.location.lat, lng: village.location.lng },
      story: village.story && pickText(village.story),
    },
    harvestedOn: record.harvestedOn,
    journey: steps,
    recipes: record.recipes.map((r) => ({
      title: pickText(r.title),
      minutes: r.minutes,
      ingredients: { zh: [...r.ingredients.zh], en: [...r.ingredients.en] },
      steps: { zh: [...r.steps.zh], en: [...r.steps.en] },
    })),
    recall: record.recall && { reason: pickText(record.recall.reason), recalledAt: record.recall.recalledAt },
    updatedAt: record.updatedAt,
  };
}

const pickText = (text: Localized): Localized => ({ zh: text.zh, en: text.en });
const pickStore = (store: PublicStore): PublicStore => ({ name: pickText(store.name), city: store.city });
