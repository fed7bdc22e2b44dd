// Harvested lots: what village staff record against an agreement, where each went, what the store
// received, and any recall. The record is in grams and fen; the internal view in kg.
import * as z from 'zod';
import {
  AgreementId,
  CropId,
  Fen,
  Grade,
  IsoDate,
  Kg,
  LocalizedText,
  LotCode,
  type Page,
  StoreId,
  VillageId,
  localized,
  text,
} from '../fields';
import { gramsToKg } from '../money';
import type { ScanRecord } from '../scan/projection';
import type { StoreRecord } from '../stores/store';
import type { Localized } from '../villages/village';
import type { AgreementRecord } from '../agreements/agreement';

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

export const RecallLot = z.strictObject({ reason: localized(200) });

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
  recall: z
    .object({ reason: LocalizedText, recalledAt: z.iso.datetime(), recalledBy: z.string(), recallId: z.string().optional() })
    .optional(),
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

export interface Recall {
  reason: Localized;
  recalledAt: string;
  recalledBy: string;
  /** The recall that covers the lot; absent on lots recalled one by one before recalls had ids. */
  recallId?: string;
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

/** How recording a lot ended when the table refused it, by which condition failed. */
export type RecordRefusal = {
  readonly clientLotTaken: boolean;
  readonly unknownStore: boolean;
  /** The village's active recall scopes changed since the agreement's copy was taken. */
  readonly recallsChanged: boolean;
  /** The agreement as it stood, when it had no room left or was no longer active. */
  readonly agreement?: AgreementRecord;
};

/** What a trace reads of a lot: where it came from and went, and its recall; no price or payout. */
export type TracedLot = Pick<
  LotRecord,
  'lotCode' | 'agreementId' | 'villageId' | 'crop' | 'grade' | 'grams' | 'harvestedOn' | 'dispatch' | 'receipt' | 'recall'
>;
export const TRACED_ATTRIBUTES = [
  'lotCode',
  'agreementId',
  'villageId',
  'crop',
  'grade',
  'grams',
  'harvestedOn',
  'dispatch',
  'receipt',
  'recall',
] as const satisfies readonly (keyof TracedLot)[];

/** Where a trace starts: every lot of a village or an agreement (forward), or that went to a store (back). */
export type TraceAnchor = { readonly villageId: string } | { readonly agreementId: string } | { readonly storeId: string };

/** Narrows a trace: one crop, harvest dates from and to (inclusive). */
export interface LotFilter {
  readonly crop?: string;
  readonly harvestedFrom?: string;
  readonly harvestedTo?: string;
}

/** What the use cases need of lot storage. Each write keeps the lot's scan projection in step. */
export interface LotRepository {
  /**
   * Records a lot atomically: adds its weight and payout to the agreement only while the agreement is
   * active and has delivered at most `maxDeliveredBefore` grams, claims the clientLotId, writes the
   * lot and its scan projection, and checks the destination store exists when one is given. The
   * village's active recall scopes must still be at `recallsVersion`; a lot that carries a recall joins
   * that recall's lots and counts.
   */
  record(
    lot: LotRecord,
    scan: ScanRecord,
    maxDeliveredBefore: number,
    recallsVersion: number,
  ): Promise<{ ok: true } | ({ ok: false } & RecordRefusal)>;
  getByClientId(villageId: string, clientLotId: string): Promise<LotRecord | undefined>;
  get(lotCode: string, consistent?: boolean): Promise<LotRecord | undefined>;
  /** Sets the lot's dispatch once and shows the store's public name in the projection; false when already dispatched or missing. */
  dispatch(lot: LotRecord, dispatch: { storeId: string; at: string }, store: StoreRecord): Promise<boolean>;
  /** Every lot of an agreement, in harvest order. */
  listByAgreement(agreementId: string): Promise<LotRecord[]>;
  /** One page of the lots of an anchor, by harvest date then lot code, with what a trace shows; never a table scan. */
  trace(anchor: TraceAnchor, filter: LotFilter, limit: number, cursor?: string): Promise<Page<TracedLot>>;
  /** The lots of these codes that exist, in no particular order. */
  getMany(lotCodes: readonly string[]): Promise<LotRecord[]>;
  /** One page of whole lot records of an anchor, in trace order (exports need every attribute); never a table scan. */
  records(anchor: TraceAnchor, filter: LotFilter, limit: number, cursor?: string): Promise<Page<LotRecord>>;
}

export function lotStatus(lot: LotRecord): 'harvested' | 'shipped' | 'received' {
  if (lot.receipt) return 'received';
  return lot.dispatch ? 'shipped' : 'harvested';
}

export function journey(lot: LotRecord): z.infer<typeof JourneyStep>[] {
  const steps: z.infer<typeof JourneyStep>[] = [{ step: 'harvested', at: lot.harvestedOn }];
  if (lot.dispatch) steps.push({ step: 'shipped', at: lot.dispatch.at, storeId: lot.dispatch.storeId });
  if (lot.receipt) steps.push({ step: 'received', at: lot.receipt.at, storeId: lot.receipt.storeId });
  return steps;
}

/** The QR target: GS1 Digital Link when the product has a GTIN, the short form otherwise. */
export function qrUrl(lot: Pick<LotRecord, 'lotCode' | 'gtin'>, publicBaseUrl: string): string {
  return lot.gtin ? `${publicBaseUrl}/01/${lot.gtin}/10/${lot.lotCode}` : `${publicBaseUrl}/l/${lot.lotCode}`;
}

export function lotView(lot: LotRecord, publicBaseUrl: string): z.infer<typeof Lot> {
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
