// Traceability at scope: every lot of a village or an agreement (forward), or that went to a store
// (back), with where it went, what the store received and any recall.
import * as z from 'zod';
import {
  AgreementId,
  CropId,
  Grade,
  harvestRange,
  IsoDate,
  LocalizedText,
  LotCode,
  page,
  exactlyOneOf,
  StoreId,
  VillageId,
} from '../fields';
import type { LotFilter, TraceAnchor, TracedLot } from '../lots/lot';
import { gramsToKg } from '../money';

export const TRACE_ANCHORS = ['villageId', 'agreementId', 'storeId'] as const;

export const TraceQuery = z
  .strictObject({
    villageId: VillageId.optional(),
    agreementId: AgreementId.optional(),
    storeId: StoreId.optional(),
    crop: CropId.optional(),
    harvestedFrom: IsoDate.optional(),
    harvestedTo: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().max(1024).optional(),
  })
  .superRefine(exactlyOneOf(TRACE_ANCHORS))
  .superRefine(harvestRange);

export const TraceLot = z.object({
  lotCode: LotCode,
  agreementId: AgreementId,
  villageId: VillageId,
  crop: CropId,
  grade: Grade,
  quantityKg: z.number(),
  harvestedOn: IsoDate,
  dispatch: z.object({ storeId: StoreId, dispatchedAt: z.iso.datetime() }).optional(),
  receipt: z.object({ storeId: StoreId, receivedAt: z.iso.datetime(), acceptedKg: z.number(), rejectedKg: z.number() }).optional(),
  recall: z.object({ reason: LocalizedText, recalledAt: z.iso.datetime(), recallId: z.string().optional() }).optional(),
});

export const TracePage = page(TraceLot);

/** The default page size of a trace; a page holds at most 1,000 lots. */
export const TRACE_PAGE = 100;

/** The one anchor of a valid query, and its filter. */
export function anchorOf(query: z.infer<typeof TraceQuery>): { anchor: TraceAnchor; filter: LotFilter } {
  const { villageId, agreementId, storeId, crop, harvestedFrom, harvestedTo } = query;
  const anchor: TraceAnchor = villageId ? { villageId } : agreementId ? { agreementId } : { storeId: storeId as string };
  return { anchor, filter: { crop, harvestedFrom, harvestedTo } };
}

/** What a trace shows of a lot: where it came from and went, never its price or payout. */
export function traceView(lot: TracedLot): z.infer<typeof TraceLot> {
  return {
    lotCode: lot.lotCode,
    agreementId: lot.agreementId,
    villageId: lot.villageId,
    crop: lot.crop,
    grade: lot.grade,
    quantityKg: gramsToKg(lot.grams),
    harvestedOn: lot.harvestedOn,
    dispatch: lot.dispatch && { storeId: lot.dispatch.storeId, dispatchedAt: lot.dispatch.at },
    receipt: lot.receipt && {
      storeId: lot.receipt.storeId,
      receivedAt: lot.receipt.at,
      acceptedKg: gramsToKg(lot.receipt.acceptedGrams),
      rejectedKg: gramsToKg(lot.receipt.rejectedGrams),
    },
    recall: lot.recall && { reason: lot.recall.reason, recalledAt: lot.recall.recalledAt, recallId: lot.recall.recallId },
  };
}
