// Receiving store sales: authenticated like receipts, stored before the store gets a 2xx, kept once per
// webhook id, and a later summary of a day replaces it. Lines of crops the catalogue does not know are
// kept for ops (202); the others are stored. Bad input is refused with 400 and writes nothing.
import { createHash } from 'node:crypto';
import type { CropRepository } from '../crops/crop';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { BadRequest, Conflict, issuesOf } from '../errors';
import { gramsToKg, kgToGrams } from '../money';
import { type SecretSource, authenticateDelivery } from '../stores/signed-deliveries';
import type { StoreRepository } from '../stores/store';
import {
  type SalesDayRecord,
  type SalesDeliveryRecord,
  type SalesLine,
  type SalesRepository,
  SalesWebhook,
  salesDateProblem,
} from './sales';

type SalesDeps = {
  sales: SalesRepository;
  crops: Pick<CropRepository, 'existing'>;
  stores: Pick<StoreRepository, 'get'>;
} & Clock;

/** The stored delivery behind a request, and whether this request stored it. */
export interface ReceivedSales {
  readonly record: SalesDeliveryRecord;
  readonly fresh: boolean;
}

/** What the store is told, the same for the first delivery and every retry of it. */
export function salesReply(record: SalesDeliveryRecord) {
  const unknown = record.unknownLines?.map((line) => line.crop);
  return {
    status: record.httpStatus,
    body: {
      webhookId: record.webhookId,
      status: record.status,
      date: record.date,
      ...(unknown?.length ? { reason: 'unknown_crop' as const, crops: unknown } : {}),
    },
  };
}

function parseSummary(body: string, today: string) {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new BadRequest('The body is not valid JSON', [{ path: '(body)', message: 'malformed JSON' }], 'invalid_json');
  }
  const parsed = SalesWebhook.safeParse(json);
  if (!parsed.success) throw BadRequest.invalid(issuesOf(parsed.error));
  const problem = salesDateProblem(parsed.data.data.date, today);
  if (problem) throw BadRequest.invalid([problem]);
  return parsed.data;
}

export async function receiveSales(
  { sales, crops, stores, now }: SalesDeps,
  secretsOf: SecretSource,
  storeId: string,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: Buffer,
): Promise<ReceivedSales> {
  const body = rawBody.toString('utf8');
  const signed = await authenticateDelivery(secretsOf, now, storeId, headers, body);
  const at = now();
  const summary = parseSummary(body, chinaDate(at));
  const bodySha256 = createHash('sha256').update(rawBody).digest('hex');

  const lines: SalesLine[] = summary.data.lines.map((line) => ({
    crop: line.crop,
    soldGrams: kgToGrams(line.soldKg) as number,
    revenueFen: line.revenueFen,
    wasteGrams: kgToGrams(line.wasteKg ?? 0) as number,
  }));
  const [known, store] = await Promise.all([crops.existing(lines.map((line) => line.crop)), stores.get(storeId)]);
  const unknownLines = lines.filter((line) => !known.has(line.crop));
  const knownLines = lines.filter((line) => known.has(line.crop));

  const asOf = new Date(summary.timestamp).toISOString();
  const delivery: SalesDeliveryRecord = {
    storeId,
    webhookId: signed.webhookId,
    bodySha256,
    date: summary.data.date,
    asOf,
    signedAt: new Date(Number(signed.timestamp) * 1000).toISOString(),
    recordedAt: at.toISOString(),
    status: unknownLines.length ? 'exception' : 'stored',
    httpStatus: unknownLines.length ? 202 : 200,
    ...(unknownLines.length ? { unknownLines } : {}),
  };
  // Only what the catalogue knows becomes the day; a summary of unknown crops alone leaves the day as it was.
  const day: SalesDayRecord | undefined = knownLines.length
    ? {
        storeId,
        city: store?.city ?? '',
        date: summary.data.date,
        lines: knownLines,
        asOf,
        webhookId: signed.webhookId,
        recordedAt: delivery.recordedAt,
      }
    : undefined;

  const replay = async (): Promise<ReceivedSales> => {
    const stored = await sales.getDelivery(storeId, signed.webhookId);
    if (!stored) throw new Error('sales delivery vanished after a conditional write failed');
    if (stored.bodySha256 !== bodySha256) {
      throw new Conflict('webhook_id_reused', 'This webhook-id was already used for a different body');
    }
    return { record: stored, fresh: false };
  };
  const keep = async (record: SalesDeliveryRecord) => ((await sales.keep(record)) ? { record, fresh: true } : replay());

  if (!day) return keep(delivery);
  const outcome = await sales.store(delivery, day);
  if (outcome === 'stored') return { record: delivery, fresh: true };
  if (outcome === 'taken') return replay();
  return keep(unknownLines.length ? delivery : { ...delivery, status: 'superseded' });
}

export async function listSalesExceptions({ sales }: { sales: SalesRepository }, query: { limit?: number; cursor?: string }) {
  const page = await sales.listExceptions(query.limit ?? 20, query.cursor);
  return {
    items: page.items.map((d) => ({
      storeId: d.storeId,
      webhookId: d.webhookId,
      date: d.date,
      reason: 'unknown_crop' as const,
      lines: (d.unknownLines ?? []).map((l) => ({
        crop: l.crop,
        soldKg: gramsToKg(l.soldGrams),
        revenueFen: l.revenueFen,
        wasteKg: gramsToKg(l.wasteGrams),
      })),
      signedAt: d.signedAt,
      recordedAt: d.recordedAt,
    })),
    nextCursor: page.nextCursor,
  };
}
