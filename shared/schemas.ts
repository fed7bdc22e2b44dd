// Request and response schemas of API v1. They validate requests at run time and generate
// the OpenAPI document, so the contract and the checks cannot drift apart.
// The namespace import lets esbuild leave out zod's locales and converters that are never used.
import * as z from 'zod';
import { AGREEMENT_ID_PATTERN, LOT_CODE_PATTERN, LOT_CODE_PROBLEM, VILLAGE_ID_PATTERN, isLotCode, toGtin14 } from './codes';
import { kgToGrams, pctToBasisPoints } from './money';

const text = (max: number) => z.string().trim().min(1).max(max);
const localized = (max: number) => z.strictObject({ zh: text(max), en: text(max) });
const localizedList = (max: number) => z.strictObject({ zh: z.array(text(max)).min(1).max(50), en: z.array(text(max)).min(1).max(50) });

/** Degrees with at most 7 decimals (about 1 cm); also keeps out values DynamoDB cannot store, such as 1e-200. */
const coordinate = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .refine((v) => Math.round(v * 1e7) / 1e7 === v, 'at most 7 decimals');

export const VillageId = z.string().regex(VILLAGE_ID_PATTERN, 'expected a village id such as vil_…');
export const AgreementId = z.string().regex(AGREEMENT_ID_PATTERN, 'expected an agreement id such as agr_…');
export const CropId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'expected a lowercase slug such as dekopon');
export const StoreId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'expected a lowercase slug such as sh-hongqiao-001');
// One problem per code: the check character is only worth checking once the shape holds.
export const LotCode = z
  .string()
  .regex(LOT_CODE_PATTERN, { error: LOT_CODE_PROBLEM.shape, abort: true })
  .refine(isLotCode, LOT_CODE_PROBLEM.check);
export const Grade = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'expected 1–16 letters, digits, _ or -');
export const IsoDate = z.iso.date();
const kgWithin = (min: z.ZodNumber) => min.max(100_000_000).refine((kg) => kgToGrams(kg) !== undefined, 'at most 3 decimals');
export const Kg = kgWithin(z.number().positive());
export const KgOrZero = kgWithin(z.number().nonnegative());
export const Fen = z.number().int().nonnegative();
export const LocalizedText = localized(200);

export const CreateVillage = z.strictObject({
  name: localized(100),
  province: text(50),
  county: text(50),
  location: z.strictObject({ lat: coordinate(90), lng: coordinate(180) }).optional(),
  story: localized(2000).optional(),
  specialties: z.array(CropId).max(20).optional(),
});

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

export const CreateStore = z.strictObject({
  storeId: StoreId,
  name: localized(100),
  city: text(50),
});

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

export const RecordLot = z.strictObject({
  clientLotId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1–64 letters, digits or _ . : -'),
  grade: Grade,
  quantityKg: Kg,
  harvestedOn: IsoDate,
  field: text(100).optional(),
  destinationStoreId: StoreId.optional(),
});

export const DispatchLot = z.strictObject({
  storeId: StoreId,
  dispatchedAt: z.iso.datetime({ offset: true }),
});

/** The signed body a store posts when a shipment arrives (Standard Webhooks payload). */
export const ReceiptWebhook = z.strictObject({
  type: z.literal('shipment.received'),
  timestamp: z.iso.datetime({ offset: true }),
  data: z
    .strictObject({
      lotCode: LotCode,
      receivedAt: z.iso.datetime({ offset: true }),
      acceptedKg: KgOrZero,
      rejectedKg: KgOrZero,
      rejectionReason: text(500).optional(),
      storeReceiptNo: text(64).optional(),
    })
    .refine((d) => d.acceptedKg + d.rejectedKg > 0, { message: 'accepted plus rejected must be more than 0', path: ['acceptedKg'] })
    .refine((d) => d.rejectedKg === 0 || d.rejectionReason !== undefined, {
      message: 'required when rejectedKg is more than 0',
      path: ['rejectionReason'],
    }),
});

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(1024).optional(),
});

export const DevTokenRequest = z.strictObject({
  role: z.enum(['ops', 'village']),
  villageId: VillageId.optional(),
});

// Responses, for the OpenAPI document and for tests that hold the handlers to the contract.

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const Village = CreateVillage.extend({ villageId: VillageId, createdAt: z.iso.datetime() });
export const Crop = PutCrop.extend({ crop: CropId, updatedAt: z.iso.datetime() });
export const StoreCreated = z.object({
  storeId: StoreId,
  name: LocalizedText,
  city: z.string(),
  webhookSecret: z.string().startsWith('whsec_'),
});

export const Agreement = z.object({
  agreementId: AgreementId,
  villageId: VillageId,
  crop: CropId,
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

export const AgreementPage = z.object({ items: z.array(Agreement), nextCursor: z.string().optional() });

export const JourneyStep = z.object({
  step: z.enum(['harvested', 'shipped', 'received']),
  at: z.string(),
  storeId: StoreId.optional(),
});

export const Lot = z.object({
  lotCode: LotCode,
  agreementId: AgreementId,
  villageId: VillageId,
  crop: CropId,
  clientLotId: z.string(),
  grade: Grade,
  quantityKg: z.number(),
  fenPerKg: z.number().int(),
  expectedPayoutFen: Fen,
  harvestedOn: IsoDate,
  field: z.string().optional(),
  destinationStoreId: StoreId.optional(),
  status: z.enum(['harvested', 'shipped', 'received']),
  journey: z.array(JourneyStep),
  qrUrl: z.url(),
  recall: z.object({ reason: LocalizedText, recalledAt: z.iso.datetime(), recalledBy: z.string() }).optional(),
  receipt: z
    .object({
      storeId: StoreId,
      receivedAt: z.string(),
      acceptedKg: z.number(),
      rejectedKg: z.number(),
      actualPayoutFen: Fen,
      rejectionReason: z.string().optional(),
      storeReceiptNo: z.string().optional(),
    })
    .optional(),
  recordedBy: z.string(),
  recordedAt: z.iso.datetime(),
});

export const Settlement = z.object({
  agreementId: AgreementId,
  lots: z.array(
    z.object({
      lotCode: LotCode,
      grade: Grade,
      quantityKg: z.number(),
      fenPerKg: z.number().int(),
      expectedPayoutFen: Fen,
      acceptedKg: z.number().nullable(),
      rejectedKg: z.number().nullable(),
      actualPayoutFen: Fen.nullable(),
      status: z.enum(['harvested', 'shipped', 'received']),
    }),
  ),
  totals: z.object({
    lotCount: z.number().int(),
    quantityKg: z.number(),
    expectedPayoutFen: Fen,
    acceptedKg: z.number(),
    rejectedKg: z.number(),
    actualPayoutFen: Fen,
  }),
});

/** What the store is told: whether its receipt was applied or kept for ops. No prices or payouts. */
export const ReceiptReply = z.object({
  webhookId: z.string(),
  status: z.enum(['applied', 'exception']),
  lotCode: z.string().optional(),
  reason: z.string().optional(),
});

export const ReceiptException = z.object({
  storeId: StoreId,
  webhookId: z.string(),
  reason: z.string(),
  details: z.unknown().optional(),
  lotCode: z.string().optional(),
  payload: z.string(),
  signedAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
});

export const ReceiptExceptionPage = z.object({ items: z.array(ReceiptException), nextCursor: z.string().optional() });

export const RotatedSecret = z.object({
  storeId: StoreId,
  webhookSecret: z.string().startsWith('whsec_'),
  previousSecretValidUntil: z.iso.datetime(),
});

export const RecallLot = z.strictObject({ reason: localized(200) });

/**
 * The public scan projection: the only shape `GET /api/v1/scan/{lotCode}` may return. Strict, so a
 * field that is not on this allowlist (a price, a payout, a person) fails the response instead of
 * leaking. Dates only; no weights, no store receipt figures, no staff identities.
 */
export const ScanView = z.strictObject({
  lotCode: LotCode,
  product: z.strictObject({
    crop: CropId,
    name: LocalizedText,
    variety: z.string().optional(),
    gtin: z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
  }),
  village: z.strictObject({
    name: LocalizedText,
    province: z.string(),
    county: z.string(),
    location: z.strictObject({ lat: z.number(), lng: z.number() }).optional(),
    story: z.strictObject({ zh: z.string(), en: z.string() }).optional(),
  }),
  harvestedOn: IsoDate,
  journey: z.array(
    z.strictObject({
      step: z.enum(['harvested', 'shipped', 'received']),
      /** A date (harvested) or an ISO timestamp (shipped, received). */
      at: z.string(),
      store: z.strictObject({ name: LocalizedText, city: z.string() }).optional(),
    }),
  ),
  recipes: z.array(Recipe),
  recall: z.strictObject({ reason: LocalizedText, recalledAt: z.iso.datetime() }).optional(),
  updatedAt: z.iso.datetime(),
});

export const DevToken = z.object({ token: z.string(), expiresAt: z.iso.datetime() });
