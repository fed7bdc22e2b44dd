// Receiving store receipts: every validly signed receipt is stored before the store gets a 2xx,
// applied at most once per webhook id, and kept as an exception when it cannot apply.
import { createHash } from 'node:crypto';
import type { Clock } from '../deps';
import { BadRequest, Conflict, issuesOf } from '../errors';
import type { LotReceipt, LotRepository } from '../lots/lot';
import { kgToGrams, payoutFen } from '../money';
import { type SecretSource, authenticateDelivery } from '../stores/signed-deliveries';
import { type ReceiptProblem, type ReceiptRecord, type ReceiptRepository, ReceiptWebhook, receiptProblem } from './receipt';

type ReceiptDeps = { receipts: ReceiptRepository; lots: LotRepository } & Clock;

/**
 * The stored receipt behind a delivery, and whether this delivery stored it (`fresh`) or repeats one
 * already stored. Retries therefore get the first answer, and are not counted as new events.
 */
export interface ReceivedReceipt {
  readonly record: ReceiptRecord;
  readonly fresh: boolean;
}

/** What the store is told, the same for the first delivery and every retry of it. */
export function replyFor(record: ReceiptRecord): {
  status: 200 | 202;
  body: { webhookId: string; status: 'applied' | 'exception'; lotCode?: string; reason?: ReceiptProblem };
} {
  if (record.httpStatus === 400) {
    throw new BadRequest('The signed receipt does not match the schema; it was kept for ops', record.details as never);
  }
  return {
    status: record.httpStatus,
    body: { webhookId: record.webhookId, status: record.status, lotCode: record.lotCode, reason: record.reason },
  };
}

export async function receiveReceipt(
  { receipts, lots, now }: ReceiptDeps,
  secretsOf: SecretSource,
  storeId: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: Buffer,
): Promise<ReceivedReceipt> {
  const body = rawBody.toString('utf8');
  const signed = await authenticateDelivery(secretsOf, now, storeId, headers, body);

  const record: ReceiptRecord = {
    storeId,
    webhookId: signed.webhookId,
    bodySha256: createHash('sha256').update(rawBody).digest('hex'),
    payload: body,
    signedAt: new Date(Number(signed.timestamp) * 1000).toISOString(),
    recordedAt: now().toISOString(),
    status: 'exception',
    httpStatus: 202,
  };

  /** The stored receipt answers a retry; a different body under the same id is refused. */
  const replay = async (): Promise<ReceivedReceipt> => {
    const stored = await receipts.get(storeId, signed.webhookId);
    if (!stored) throw new Error('receipt vanished after a conditional write failed');
    if (stored.bodySha256 !== record.bodySha256) {
      throw new Conflict('webhook_id_reused', 'This webhook-id was already used for a different body');
    }
    return { record: stored, fresh: false };
  };

  const keep = async (exception: Partial<ReceiptRecord>): Promise<ReceivedReceipt> => {
    const kept = { ...record, ...exception };
    return (await receipts.keep(kept)) ? { record: kept, fresh: true } : replay();
  };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return keep({ reason: 'invalid_payload', httpStatus: 400, details: [{ path: '(body)', message: 'malformed JSON' }] });
  }
  const parsed = ReceiptWebhook.safeParse(json);
  if (!parsed.success) return keep({ reason: 'invalid_payload', httpStatus: 400, details: issuesOf(parsed.error) });

  const { data } = parsed.data;
  const acceptedGrams = kgToGrams(data.acceptedKg) as number;
  const rejectedGrams = kgToGrams(data.rejectedKg) as number;
  const lot = await lots.get(data.lotCode, true);
  const problem = receiptProblem(lot, { storeId, acceptedGrams, rejectedGrams });
  if (problem || !lot) return keep({ lotCode: data.lotCode, ...problem });

  const applied: LotReceipt = {
    storeId,
    webhookId: signed.webhookId,
    at: new Date(data.receivedAt).toISOString(),
    acceptedGrams,
    rejectedGrams,
    payoutFen: payoutFen(acceptedGrams, lot.fenPerKg),
    rejectionReason: data.rejectionReason,
    storeReceiptNo: data.storeReceiptNo,
  };
  const appliedRecord: ReceiptRecord = { ...record, status: 'applied', httpStatus: 200, lotCode: lot.lotCode };
  const result = await receipts.apply(appliedRecord, lot, applied);
  if (result.ok) return { record: appliedRecord, fresh: true };
  if (result.receiptTaken) return replay();
  // Another receipt reached the lot between our read and our write: judge this one again.
  const current = await lots.get(data.lotCode, true);
  const late = receiptProblem(current, { storeId, acceptedGrams, rejectedGrams }) ?? { reason: 'duplicate_lot_receipt' as const };
  return keep({ lotCode: data.lotCode, ...late });
}

export async function listReceiptExceptions({ receipts }: { receipts: ReceiptRepository }, query: { limit?: number; cursor?: string }) {
  const page = await receipts.listExceptions(query.limit ?? 20, query.cursor);
  return {
    items: page.items.map((r) => ({
      storeId: r.storeId,
      webhookId: r.webhookId,
      reason: r.reason as string,
      details: r.details,
      lotCode: r.lotCode,
      payload: r.payload,
      signedAt: r.signedAt,
      recordedAt: r.recordedAt,
    })),
    nextCursor: page.nextCursor,
  };
}
