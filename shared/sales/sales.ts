// Store sales: each store's daily summary per crop (kg sold, revenue, waste), signed like receipts. A day
// is kept as its latest summary, so a store corrects a day by sending it again; the demand figures are
// derived from these days by the stream aggregator.
import * as z from 'zod';
import { addDays } from '../demand/weeks';
import type { FieldIssue } from '../errors';
import { CropId, Fen, IsoDate, KgOrZero, type Page, StoreId, page } from '../fields';

export const MAX_SALES_LINES = 200;
/** How far back a store may send (or correct) a day: its history, for forecasts, when it joins. */
export const BACKFILL_YEARS = 3;

/** The signed body a store posts once a day, or again to correct a day. */
export const SalesWebhook = z.strictObject({
  type: z.literal('sales.daily'),
  /** When the store produced this summary: of two summaries of a day, the later one stands. */
  timestamp: z.iso.datetime({ offset: true }),
  data: z.strictObject({
    date: IsoDate,
    lines: z
      .array(z.strictObject({ crop: CropId, soldKg: KgOrZero, revenueFen: Fen.max(1e13), wasteKg: KgOrZero.optional() }))
      .min(1)
      .max(MAX_SALES_LINES)
      .refine((lines) => new Set(lines.map((l) => l.crop)).size === lines.length, 'each crop at most once a day'),
  }),
});

export const SalesReply = z.object({
  webhookId: z.string(),
  /** `stored`: the day is this summary; `superseded`: a later summary of the day stands; `exception`: some crops are unknown. */
  status: z.enum(['stored', 'superseded', 'exception']),
  date: IsoDate,
  reason: z.literal('unknown_crop').optional(),
  /** The crops the catalogue does not know, kept for ops; the other lines are stored. */
  crops: z.array(z.string()).optional(),
});

export const SalesException = z.object({
  storeId: StoreId,
  webhookId: z.string(),
  date: IsoDate,
  reason: z.literal('unknown_crop'),
  lines: z.array(z.object({ crop: z.string(), soldKg: z.number(), revenueFen: Fen, wasteKg: z.number() })),
  signedAt: z.iso.datetime(),
  recordedAt: z.iso.datetime(),
});
export const SalesExceptionPage = page(SalesException);

/** A line as kept: grams and fen. */
export interface SalesLine {
  crop: string;
  soldGrams: number;
  revenueFen: number;
  wasteGrams: number;
}

/** A store's day as it stands: the lines of its latest summary whose crops the catalogue knows. */
export interface SalesDayRecord {
  storeId: string;
  /** The store's city when the summary arrived: demand is counted per city. */
  city: string;
  date: string;
  lines: SalesLine[];
  /** The summary's own timestamp (UTC), which decides which of two summaries of the day stands. */
  asOf: string;
  webhookId: string;
  recordedAt: string;
}

/** Every signed delivery, kept once per webhook id; `httpStatus` is what a retry is told again. */
export interface SalesDeliveryRecord {
  storeId: string;
  webhookId: string;
  bodySha256: string;
  date: string;
  asOf: string;
  signedAt: string;
  recordedAt: string;
  status: 'stored' | 'superseded' | 'exception';
  httpStatus: 200 | 202;
  /** Lines whose crop the catalogue did not know, kept for ops. */
  unknownLines?: SalesLine[];
}

export type StoreOutcome = 'stored' | 'superseded' | 'taken';

/** What the use cases need of sales storage. */
export interface SalesRepository {
  getDelivery(storeId: string, webhookId: string): Promise<SalesDeliveryRecord | undefined>;
  /**
   * In one transaction, keeps the delivery once per webhook id and makes `day` the store's day. Nothing
   * is written when the webhook id is already kept (`taken`) or a later summary of the day stands
   * (`superseded`).
   */
  store(delivery: SalesDeliveryRecord, day: SalesDayRecord): Promise<StoreOutcome>;
  /** Keeps a delivery that changes no day; false when its webhook id is already kept. */
  keep(delivery: SalesDeliveryRecord): Promise<boolean>;
  getDay(storeId: string, date: string): Promise<SalesDayRecord | undefined>;
  /** One page of deliveries with unknown crops, newest first. */
  listExceptions(limit: number, cursor?: string): Promise<Page<SalesDeliveryRecord>>;
}

/** What is wrong with a sales date on `today` (China): none in the future, none over BACKFILL_YEARS old. */
export function salesDateProblem(date: string, today: string): FieldIssue | undefined {
  if (date > today) return { path: 'data.date', message: 'must not be after today (China time)' };
  const earliest = `${Number(today.slice(0, 4)) - BACKFILL_YEARS}${today.slice(4)}`;
  // 29 February three years back is 1 March when that year has none.
  const floor = earliest.endsWith('-02-29') ? addDays(earliest.replace(/29$/, '28'), 1) : earliest;
  if (date < floor) return { path: 'data.date', message: `must be at most ${BACKFILL_YEARS} years ago (${floor} or later)` };
  return undefined;
}
