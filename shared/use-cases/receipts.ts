// Store receipts: where money is decided. Every validly signed receipt is stored before the store
// gets a 2xx, applied at most once per webhook id, and kept as an exception when it cannot apply.
import { createHash } from 'node:crypto';
import { Conflict, BadRequest, Unauthorized, issuesOf } from '../errors';
import { receiptProblem, type LotReceipt, type ReceiptProblem, type ReceiptRecord } from '../domain';
import { kgToGrams, payoutFen } from '../money';
import { ReceiptWebhook } from '../schemas';
import { signedHeaders, verifySignature } from '../webhooks';
import type { Repository } from '../table/repository';
import type { Deps } from './deps';

const SECRET_CACHE_MS = 60_000;

/**
 * Store secrets cached per container for a minute, so a receipt costs two table requests (read the
 * lot, write the transaction). A signature that fails against cached secrets is checked once more
 * against fresh ones, so a just-rotated secret works at once.
 */
export function createSecretCache(repo: Repository, now: () => Date, ttlMs = SECRET_CACHE_MS) {
  const cache = new Map<string, { secrets: string[]; until: number }>();
  return async (storeId: string, fresh = false): Promise<{ secrets: string[]; cached: boolean }> => {
    const hit = cache.get(storeId);
    if (!fresh && hit && hit.until > now().getTime()) return { secrets: hit.secrets, cached: true };
    const secrets = await repo.getStoreSecrets(storeId, now());
    if (secrets.length > 0) cache.set(storeId, { secrets, until: now().getTime() + ttlMs });
    else cache.delete(storeId);
    return { secrets, cached: false };
  };
}

export type SecretSource = ReturnType<typeof createSecretCache>;

export interface ReceiptReply {
  status: 200 | 202;
  body: { webhookId: string; status: 'applied' | 'exception'; lotCode?: string; reason?: ReceiptProblem };
}

/** The same answer for the first delivery and every retry of it. */
function replyFor(record: ReceiptRecord): ReceiptReply {
  if (record.httpStatus === 400) {
    throw new BadRequest('The signed receipt does not match the schema; it was kept for ops', record.details as never);
  }
  return {
    status: record.httpStatus,
    body: { webhookId: record.webhookId, status: record.status, lotCode: record.lotCode, reason: record.reason },
  };
}

export async function receiveReceipt(
  { repo, now }: Deps,
  secretsOf: SecretSource,
  storeId: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: Buffer,
): Promise<ReceiptReply> {
  const signed = signedHeaders(headers);
  const body = rawBody.toString('utf8');
  let { secrets, cached } = await secretsOf(storeId);
  let verdict = secrets.length ? verifySignature(secrets, signed, body, now()) : 'bad_signature';
  if (verdict === 'bad_signature' && cached) {
    ({ secrets } = await secretsOf(storeId, true));
    verdict = verifySignature(secrets, signed, body, now());
  }
  if (secrets.length === 0) throw new Unauthorized('No webhook secret is registered for this store');
  if (verdict === 'bad_timestamp') throw new Unauthorized('webhook-timestamp is more than 5 minutes from now');
  if (verdict === 'bad_signature') throw new Unauthorized('No signature matches this store’s secret');

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
  const replay = async (): Promise<ReceiptReply> => {
    const stored = await repo.getReceipt(storeId, signed.webhookId);
    if (!stored) throw new Error('receipt vanished after a conditional write failed');
    if (stored.bodySha256 !== record.bodySha256) {
      throw new Conflict('webhook_id_reused', 'This webhook-id was already used for a different body');
    }
    return replyFor(stored);
  };

  const keep = async (exception: Partial<ReceiptRecord>): Promise<ReceiptReply> => {
    const kept = { ...record, ...exception };
    return (await repo.putReceipt(kept)) ? replyFor(kept) : replay();
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
  const lot = await repo.getLot(data.lotCode, true);
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
  const result = await repo.applyReceipt({ ...record, status: 'applied', httpStatus: 200, lotCode: lot.lotCode }, lot, applied);
  if (result.ok) return { status: 200, body: { webhookId: signed.webhookId, status: 'applied', lotCode: lot.lotCode } };
  if (result.receiptTaken) return replay();
  // Another receipt reached the lot between our read and our write: judge this one again.
  const current = await repo.getLot(data.lotCode, true);
  const late = receiptProblem(current, { storeId, acceptedGrams, rejectedGrams }) ?? { reason: 'duplicate_lot_receipt' as const };
  return keep({ lotCode: data.lotCode, ...late });
}

export async function listReceiptExceptions({ repo }: Deps, query: { limit?: number; cursor?: string }) {
  const page = await repo.listReceiptExceptions(query.limit ?? 20, query.cursor);
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
