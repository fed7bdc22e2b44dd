// Fixed-price sales agreements: a village, a crop, a price per kg for each grade, a committed volume
// with a tolerance, and a delivery window. Kept in grams and fen; shown in kg.
import * as z from 'zod';
import { toGtin14 } from '../codes';
import type { CropRecord } from '../crops/crop';
import { AgreementId, CropId, Fen, Grade, IsoDate, Kg, LocalizedText, type Page, VillageId, page, text } from '../fields';
import { capGrams, gramsToKg, kgToGrams, pctToBasisPoints } from '../money';
import { type ScanBase, scanBase } from '../scan/projection';
import type { VillageRecalls } from '../recalls/recall';
import type { VillageRecord } from '../villages/village';

export const CreateAgreement = z.strictObject({
  villageId: VillageId,
  crop: CropId,
  variety: text(100).optional(),
  gtin: z
    .string()
    .refine((g) => toGtin14(g) !== undefined, 'expected a GTIN-8/12/13/14 with a valid check digit')
    .optional(),
  committedKg: Kg,
  tolerancePct: z
    .number()
    .min(0)
    .max(30)
    .refine((p) => pctToBasisPoints(p) !== undefined, 'at most 2 decimals'),
  prices: z
    .array(z.strictObject({ grade: Grade, fenPerKg: z.number().int().min(1).max(10_000_000) }))
    .min(1)
    .max(10)
    .refine((prices) => new Set(prices.map((p) => p.grade)).size === prices.length, 'grades must be unique'),
  deliveryWindow: z
    .strictObject({ from: IsoDate, to: IsoDate })
    .refine((w) => w.from <= w.to, { message: 'from must not be after to', path: ['to'] }),
});

export const CancelAgreement = z.strictObject({ reason: text(500).optional() });

export const Agreement = z.object({
  agreementId: AgreementId,
  villageId: VillageId,
  crop: CropId,
  /** The crop's name as the agreement was signed with it (what its lots' labels and scans show). */
  cropName: LocalizedText,
  variety: z.string().optional(),
  gtin: z.string().optional(),
  committedKg: z.number(),
  tolerancePct: z.number(),
  maxKg: z.number(),
  prices: z.array(z.object({ grade: Grade, fenPerKg: z.number().int() })),
  deliveryWindow: z.object({ from: IsoDate, to: IsoDate }),
  status: z.enum(['active', 'cancelled']),
  deliveredKg: z.number(),
  remainingKg: z.number(),
  expectedPayoutFen: Fen,
  lotCount: z.number().int(),
  acceptedKg: z.number(),
  rejectedKg: z.number(),
  actualPayoutFen: Fen,
  receivedLotCount: z.number().int(),
  createdAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().optional(),
  cancelReason: z.string().optional(),
});

export const AgreementPage = page(Agreement);

export interface AgreementRecord {
  agreementId: string;
  villageId: string;
  crop: string;
  variety?: string;
  /** GTIN-14, when the produce carries one. */
  gtin?: string;
  committedGrams: number;
  toleranceBasisPoints: number;
  capGrams: number;
  prices: { grade: string; fenPerKg: number }[];
  deliveryWindow: { from: string; to: string };
  status: 'active' | 'cancelled';
  deliveredGrams: number;
  expectedPayoutFen: number;
  lotCount: number;
  /** Receipt totals; absent until the first receipt is applied. */
  acceptedGrams?: number;
  rejectedGrams?: number;
  actualPayoutFen?: number;
  receivedLotCount?: number;
  createdAt: string;
  createdBy: string;
  cancelledAt?: string;
  cancelReason?: string;
  /** What shoppers see of this agreement's product and village, fixed when it is signed. */
  scanBase: ScanBase;
  /**
   * A copy of the village's active recall scopes, checked at intake; the intake transaction proves
   * the copy current by its version, and a stale copy is refreshed.
   */
  recalls?: VillageRecalls;
}

/** What demand and recommendations read of a crop's agreements: volume, window, status and prices. */
export type CropAgreement = Pick<
  AgreementRecord,
  'agreementId' | 'villageId' | 'committedGrams' | 'deliveryWindow' | 'status' | 'prices' | 'createdAt'
>;

/** What the use cases need of agreement storage. Intake and receipts change totals through the lot and receipt adapters. */
export interface AgreementRepository {
  /** Writes a new agreement; its id is fresh, so it never overwrites one. */
  create(agreement: AgreementRecord): Promise<void>;
  get(agreementId: string, consistent?: boolean): Promise<AgreementRecord | undefined>;
  /** One page of a village's agreements, newest first. The cursor is opaque to callers. */
  listByVillage(villageId: string, limit: number, cursor?: string): Promise<Page<AgreementRecord>>;
  /** Every agreement of a crop, cancelled ones included, whose delivery window ends on or after a date. */
  listByCrop(crop: string, windowEndsFrom: string): Promise<CropAgreement[]>;
  /** Sets an active agreement to cancelled; returns the agreement as it now stands, or undefined if missing. */
  cancel(agreementId: string, at: string, reason?: string): Promise<AgreementRecord | undefined>;
  /** Replaces the copy of the village's active recall scopes, unless a newer copy is already there. */
  setRecalls(agreementId: string, recalls: VillageRecalls): Promise<void>;
}

export function newAgreement(
  input: z.infer<typeof CreateAgreement>,
  ids: { agreementId: string; createdBy: string; createdAt: string },
  publicParts: { village: VillageRecord; crop: CropRecord; recalls: VillageRecalls },
): AgreementRecord {
  // The schema has already proven these conversions succeed.
  const committedGrams = kgToGrams(input.committedKg) as number;
  const toleranceBasisPoints = pctToBasisPoints(input.tolerancePct) as number;
  const gtin = input.gtin === undefined ? undefined : toGtin14(input.gtin);
  return {
    agreementId: ids.agreementId,
    villageId: input.villageId,
    crop: input.crop,
    variety: input.variety,
    gtin,
    committedGrams,
    toleranceBasisPoints,
    capGrams: capGrams(committedGrams, toleranceBasisPoints),
    prices: input.prices,
    deliveryWindow: input.deliveryWindow,
    status: 'active',
    deliveredGrams: 0,
    expectedPayoutFen: 0,
    lotCount: 0,
    createdAt: ids.createdAt,
    createdBy: ids.createdBy,
    scanBase: scanBase(publicParts.village, publicParts.crop, { variety: input.variety, gtin }),
    recalls: publicParts.recalls,
  };
}

export function agreementView(a: AgreementRecord): z.infer<typeof Agreement> {
  return {
    agreementId: a.agreementId,
    villageId: a.villageId,
    crop: a.crop,
    cropName: a.scanBase.product.name,
    variety: a.variety,
    gtin: a.gtin,
    committedKg: gramsToKg(a.committedGrams),
    tolerancePct: a.toleranceBasisPoints / 100,
    maxKg: gramsToKg(a.capGrams),
    prices: a.prices,
    deliveryWindow: a.deliveryWindow,
    status: a.status,
    deliveredKg: gramsToKg(a.deliveredGrams),
    remainingKg: a.status === 'active' ? gramsToKg(a.capGrams - a.deliveredGrams) : 0,
    expectedPayoutFen: a.expectedPayoutFen,
    lotCount: a.lotCount,
    acceptedKg: gramsToKg(a.acceptedGrams ?? 0),
    rejectedKg: gramsToKg(a.rejectedGrams ?? 0),
    actualPayoutFen: a.actualPayoutFen ?? 0,
    receivedLotCount: a.receivedLotCount ?? 0,
    createdAt: a.createdAt,
    cancelledAt: a.cancelledAt,
    cancelReason: a.cancelReason,
  };
}
