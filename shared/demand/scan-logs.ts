// Counting one CDN log file into the demand figures: its lines are read once, each scanned lot is looked up
// (its crop, and the city of the store that has it: where it was received, else shipped, else headed), and
// the file's scans per crop, city and week are kept in one write, once per file, so a redelivered event
// counts nothing again. The stream aggregator adds what is kept to the weekly figures.
import type { LotRecord, LotRepository } from '../lots/lot';
import { type ScanTally, tallyScans } from './cdn-logs';
import type { ScanCell, ScanLogRepository } from './figures';

export type ScanLogDeps = { lots: Pick<LotRepository, 'getMany'>; scanLogs: ScanLogRepository };

export interface CountedLog {
  readonly tally: ScanTally;
  readonly cells: readonly ScanCell[];
  /** Scans of lot codes that match no lot (a lot code is checked by its check character, not looked up, before). */
  readonly unknownLots: number;
  /** False when the file had been counted before (or had no scans): nothing was written. */
  readonly kept: boolean;
}

/** The store whose shoppers scan a lot: the one that received it, else the one it was shipped to, else its destination. */
const storeOf = (lot: LotRecord) => lot.receipt?.storeId ?? lot.dispatch?.storeId ?? lot.destinationStoreId;

/** Counts a log file (`source`: its bucket and key; `lines`: its text, line by line) once. */
export async function countScanLog(
  deps: ScanLogDeps,
  cityOf: (storeId: string) => Promise<string>,
  source: string,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<CountedLog> {
  const tally = await tallyScans(lines);
  const lots = new Map((await deps.lots.getMany([...tally.scans.keys()])).map((lot) => [lot.lotCode, lot]));
  const cells = new Map<string, ScanCell>();
  let unknownLots = 0;
  for (const [lotCode, weeks] of tally.scans) {
    const lot = lots.get(lotCode);
    for (const [week, scans] of weeks) {
      if (!lot) {
        unknownLots += scans;
        continue;
      }
      const store = storeOf(lot);
      const city = store ? await cityOf(store) : '';
      const key = JSON.stringify([lot.crop, city, week]);
      const cell = cells.get(key);
      cells.set(key, { crop: lot.crop, city, week, scans: (cell?.scans ?? 0) + scans });
    }
  }
  // A stable order, so the same file always makes the same record.
  const sorted = [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
  const kept = sorted.length > 0 && (await deps.scanLogs.record(source, sorted));
  return { tally, cells: sorted, unknownLots, kept };
}

/** A log file: where S3 holds it. */
export interface LogObject {
  readonly bucket: string;
  readonly key: string;
}

/**
 * The object of an S3 "Object Created" event as EventBridge delivers it (the body of its queue's message),
 * or undefined for anything else. EventBridge gives the key as written, not URL-encoded as S3's own
 * notifications do.
 */
export function createdObject(body: string): LogObject | undefined {
  let event: { source?: unknown; 'detail-type'?: unknown; detail?: { bucket?: { name?: unknown }; object?: { key?: unknown } } };
  try {
    event = JSON.parse(body);
  } catch {
    return undefined;
  }
  const bucket = event?.detail?.bucket?.name;
  const key = event?.detail?.object?.key;
  if (event?.source !== 'aws.s3' || event['detail-type'] !== 'Object Created' || typeof bucket !== 'string' || typeof key !== 'string') {
    return undefined;
  }
  return { bucket, key };
}
