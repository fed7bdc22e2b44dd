// Store receipts: what a store reports when a shipment arrives. Where money is decided: accepted kg ×
// the lot's fixed price. Every validly signed receipt is kept, applied to its lot or as an exception.
import * as z from 'zod';
import { KgOrZero, LotCode, StoreId, page, text } from '../fields';
import type { LotReceipt, LotRecord } from '../lots/lot';
import { gramsToKg } from '../money';
import type { Page } from '../fields';

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

export const ReceiptExceptionPage = page(ReceiptException);

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

/** What the use cases need of receipt storage. */
export interface ReceiptRepository {
  get(storeId: string, webhookId: string): Promise<ReceiptRecord | undefined>;
  /** Keeps a receipt that is not applied (an exception); false when its webhook id is already stored. */
  keep(receipt: ReceiptRecord): Promise<boolean>;
  /**
   * Applies a receipt in one transaction: stores it (once per webhook id), marks the lot received
   * (once, if it still fits and was not shipped elsewhere), adds to the agreement's totals and shows
   * the arrival in the lot's scan projection. `receiptTaken` when the webhook id was already stored.
   */
  apply(receipt: ReceiptRecord, lot: LotRecord, applied: LotReceipt): Promise<{ ok: boolean; receiptTaken: boolean }>;
  /** One page of receipt exceptions, newest first. */
  listExceptions(limit: number, cursor?: string): Promise<Page<ReceiptRecord>>;
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
