// The domain: records as the system keeps them (integer grams and fen), the intake rules, and the
// views callers see. Pure functions only; the use cases feed them what the table returned.
import type { z } from 'zod';
import { Conflict } from './errors';
import { capGrams, gramsToKg, kgToGrams, pctToBasisPoints } from './money';
import { toGtin14 } from './codes';
import type * as s from './schemas';

export type Localized = { zh: string; en: string };

export type VillageRecord = z.infer<typeof s.Village>;
export type CropRecord = z.infer<typeof s.Crop>;
export interface StoreRecord {
  storeId: string;
  name: Localized;
  city: string;
  createdAt: string;
}

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
}

export interface LotRecord {
  lotCode: string;
  agreementId: string;
  villageId: string;
  crop: string;
  gtin?: string;
  clientLotId: string;
  grade: string;
  grams: number;
  fenPerKg: number;
  expectedPayoutFen: number;
  harvestedOn: string;
  field?: string;
  destinationStoreId?: string;
  recordedBy: string;
  recordedAt: string;
  dispatch?: { storeId: string; at: string };
  receipt?: LotReceipt;
  recall?: Recall;
}

export interface Recall {
  reason: Localized;
  recalledAt: string;
  recalledBy: string;
}

export type ScanViewData = z.infer<typeof s.ScanView>;
type PublicStore = { name: Localized; city: string };

/** The public parts of a scan that come from the agreement: product, village and recipes. */
export type ScanBase = Pick<ScanViewData, 'product' | 'village' | 'recipes'>;

/**
 * The scan projection as the table keeps it: one item per lot, written at intake and updated by
 * dispatch, receipt and recall, so a scan is one GetItem and nothing is assembled at read time.
 */
export interface ScanRecord extends ScanBase {
  lotCode: string;
  harvestedOn: string;
  journey: { shipped?: { at: string; store: PublicStore }; received?: { at: string } };
  recall?: { reason: Localized; recalledAt: string };
  updatedAt: string;
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

export function newScanRecord(agreement: AgreementRecord, lot: LotRecord): ScanRecord {
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

/** What a store's receipt settled for a lot. */
export interface LotReceipt {
  storeId: string;
  webhookId: string;
  at: string;
  acceptedGrams: number;
  rejectedGrams: number;
  payoutFen: number;
  rejectionReason?: string;
  storeReceiptNo?: string;
}

export type ReceiptProblem = 'invalid_payload' | 'unknown_lot' | 'wrong_store' | 'over_quantity' | 'duplicate_lot_receipt';

/**
 * Every signed receipt, kept whatever became of it: `applied` to a lot, or an `exception` for ops
 * with the reason. `httpStatus` is what the store was told, so a retry is told the same.
 */
export interface ReceiptRecord {
  storeId: string;
  webhookId: string;
  bodySha256: string;
  /** The raw signed body, for audit and for ops to resolve exceptions. */
  payload: string;
  signedAt: string;
  recordedAt: string;
  status: 'applied' | 'exception';
  httpStatus: 200 | 202 | 400;
  lotCode?: string;
  reason?: ReceiptProblem;
  details?: unknown;
}

/** Why a valid receipt cannot be applied to the lot, or undefined when it can. */
export function receiptProblem(
  lot: LotRecord | undefined,
  receipt: { storeId: string; acceptedGrams: number; rejectedGrams: number },
): { reason: ReceiptProblem; details?: unknown } | undefined {
  if (!lot) return { reason: 'unknown_lot' };
  const shippedTo = lot.dispatch?.storeId ?? lot.destinationStoreId;
  if (shippedTo !== undefined && shippedTo !== receipt.storeId) {
    return { reason: 'wrong_store', details: { shippedTo } };
  }
  if (lot.receipt) return { reason: 'duplicate_lot_receipt', details: { appliedWebhookId: lot.receipt.webhookId } };
  const total = receipt.acceptedGrams + receipt.rejectedGrams;
  if (total > lot.grams) {
    return { reason: 'over_quantity', details: { lotKg: gramsToKg(lot.grams), receiptKg: gramsToKg(total) } };
  }
  return undefined;
}

export function newAgreement(
  input: z.infer<typeof s.CreateAgreement>,
  ids: { agreementId: string; createdBy: string; createdAt: string },
  publicParts: { village: VillageRecord; crop: CropRecord },
): AgreementRecord {
  // The schema has already proven these conversions succeed.
  const committedGrams = kgToGrams(input.committedKg) as number;
  const toleranceBasisPoints = pctToBasisPoints(input.tolerancePct) as number;
  return {
    agreementId: ids.agreementId,
    villageId: input.villageId,
    crop: input.crop,
    variety: input.variety,
    gtin: input.gtin === undefined ? undefined : toGtin14(input.gtin),
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
    scanBase: scanBase(publicParts.village, publicParts.crop, {
      variety: input.variety,
      gtin: input.gtin === undefined ? undefined : toGtin14(input.gtin),
    }),
  };
}

/**
 * The intake rules, checked in a fixed order so each refusal has one code. Returns the price per kg.
 * The volume rule is checked again atomically by the table's condition expression.
 */
export function checkIntake(agreement: AgreementRecord, lot: { grade: string; grams: number; harvestedOn: string }): number {
  if (agreement.status !== 'active') {
    throw new Conflict('agreement_not_active', `Agreement is ${agreement.status}`);
  }
  const price = agreement.prices.find((p) => p.grade === lot.grade);
  if (!price) {
    throw new Conflict('unknown_grade', `Grade ${lot.grade} has no price in this agreement`, {
      grades: agreement.prices.map((p) => p.grade),
    });
  }
  const { from, to } = agreement.deliveryWindow;
  if (lot.harvestedOn < from || lot.harvestedOn > to) {
    throw new Conflict('outside_window', `Harvest date must fall within ${from} – ${to}`, { from, to });
  }
  if (agreement.deliveredGrams + lot.grams > agreement.capGrams) throw overCommitment(agreement);
  return price.fenPerKg;
}

export function overCommitment(agreement: AgreementRecord): Conflict {
  return new Conflict('over_commitment', 'This lot would exceed the committed volume plus tolerance', {
    remainingKg: gramsToKg(agreement.capGrams - agreement.deliveredGrams),
  });
}

/** Whether a replayed intake request describes the lot already recorded under its clientLotId. */
export function sameIntake(
  lot: LotRecord,
  request: { agreementId: string; grade: string; grams: number; harvestedOn: string; field?: string; destinationStoreId?: string },
): boolean {
  return (
    lot.agreementId === request.agreementId &&
    lot.grade === request.grade &&
    lot.grams === request.grams &&
    lot.harvestedOn === request.harvestedOn &&
    lot.field === request.field &&
    lot.destinationStoreId === request.destinationStoreId
  );
}

export function agreementView(a: AgreementRecord): z.infer<typeof s.Agreement> {
  return {
    agreementId: a.agreementId,
    villageId: a.villageId,
    crop: a.crop,
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

export function lotStatus(lot: LotRecord): 'harvested' | 'shipped' | 'received' {
  if (lot.receipt) return 'received';
  return lot.dispatch ? 'shipped' : 'harvested';
}

export function journey(lot: LotRecord): z.infer<typeof s.JourneyStep>[] {
  const steps: z.infer<typeof s.JourneyStep>[] = [{ step: 'harvested', at: lot.harvestedOn }];
  if (lot.dispatch) steps.push({ step: 'shipped', at: lot.dispatch.at, storeId: lot.dispatch.storeId });
  if (lot.receipt) steps.push({ step: 'received', at: lot.receipt.at, storeId: lot.receipt.storeId });
  return steps;
}

/** The QR target: GS1 Digital Link when the product has a GTIN, the short form otherwise. */
export function qrUrl(lot: Pick<LotRecord, 'lotCode' | 'gtin'>, publicBaseUrl: string): string {
  return lot.gtin ? `${publicBaseUrl}/01/${lot.gtin}/10/${lot.lotCode}` : `${publicBaseUrl}/l/${lot.lotCode}`;
}

export function lotView(lot: LotRecord, publicBaseUrl: string): z.infer<typeof s.Lot> {
  return {
    lotCode: lot.lotCode,
    agreementId: lot.agreementId,
    villageId: lot.villageId,
    crop: lot.crop,
    clientLotId: lot.clientLotId,
    grade: lot.grade,
    quantityKg: gramsToKg(lot.grams),
    fenPerKg: lot.fenPerKg,
    expectedPayoutFen: lot.expectedPayoutFen,
    harvestedOn: lot.harvestedOn,
    field: lot.field,
    destinationStoreId: lot.destinationStoreId,
    status: lotStatus(lot),
    journey: journey(lot),
    qrUrl: qrUrl(lot, publicBaseUrl),
    recall: lot.recall,
    receipt: lot.receipt && {
      storeId: lot.receipt.storeId,
      receivedAt: lot.receipt.at,
      acceptedKg: gramsToKg(lot.receipt.acceptedGrams),
      rejectedKg: gramsToKg(lot.receipt.rejectedGrams),
      actualPayoutFen: lot.receipt.payoutFen,
      rejectionReason: lot.receipt.rejectionReason,
      storeReceiptNo: lot.receipt.storeReceiptNo,
    },
    recordedBy: lot.recordedBy,
    recordedAt: lot.recordedAt,
  };
}

/** Per-lot lines and totals; totals are sums of the lines, never computed separately. */
export function settlement(agreementId: string, lots: readonly LotRecord[]): z.infer<typeof s.Settlement> {
  const lines = lots.map((lot) => ({
    lotCode: lot.lotCode,
    grade: lot.grade,
    quantityKg: gramsToKg(lot.grams),
    fenPerKg: lot.fenPerKg,
    expectedPayoutFen: lot.expectedPayoutFen,
    acceptedKg: lot.receipt ? gramsToKg(lot.receipt.acceptedGrams) : null,
    rejectedKg: lot.receipt ? gramsToKg(lot.receipt.rejectedGrams) : null,
    actualPayoutFen: lot.receipt ? lot.receipt.payoutFen : null,
    status: lotStatus(lot),
  }));
  const sum = (pick: (lot: LotRecord) => number) => lots.reduce((total, lot) => total + pick(lot), 0);
  return {
    agreementId,
    lots: lines,
    totals: {
      lotCount: lots.length,
      quantityKg: gramsToKg(sum((l) => l.grams)),
      expectedPayoutFen: sum((l) => l.expectedPayoutFen),
      acceptedKg: gramsToKg(sum((l) => l.receipt?.acceptedGrams ?? 0)),
      rejectedKg: gramsToKg(sum((l) => l.receipt?.rejectedGrams ?? 0)),
      actualPayoutFen: sum((l) => l.receipt?.payoutFen ?? 0),
    },
  };
}
