// Weekly demand figures in the single table: one partition per crop, with a total item per week and one
// per city and week; the marks of the stream records already added, which expire once the stream
// (24 hours) can no longer deliver them again; and the scan counts of each CDN log file, kept once.
import type { Table, TransactItem } from '../table/client';
import { partitions as p } from '../table/definition';
import {
  type Contribution,
  FIGURES,
  type Figure,
  type Figures,
  type DemandRepository,
  type ScanLogRepository,
  type WeeklyFigures,
} from './figures';

const TOTAL = 'TOTAL#';
const CITY = 'CITY#';
/** A transaction holds 100 items: one is the mark, the rest weekly items. */
const TARGETS_PER_TRANSACTION = 99;
const MARK_LIFETIME_SECONDS = 2 * 86_400;

export const demandPartition = (crop: string) => `${p.demand}${crop}`;
const totalKey = (crop: string, week: string) => ({ pk: demandPartition(crop), sk: `${TOTAL}${week}` });
// Cities are free text: encoded, so one cannot end in another's prefix.
const cityPrefix = (city: string) => `${CITY}${encodeURIComponent(city)}#`;
const cityKey = (crop: string, city: string, week: string) => ({ pk: demandPartition(crop), sk: `${cityPrefix(city)}${week}` });
export const aggregatedKey = (source: string, part: number | string) => ({ pk: `${p.aggregated}${source}`, sk: `#${part}` });

/**
 * The transaction item that marks a part of a source as added, refused when it already is: the condition
 * that makes adding a redelivered stream record a no-op. The mark expires once the stream can no longer
 * deliver the record again.
 */
export function markOnce(source: string, part: number | string, now: Date): TransactItem {
  const expiresAt = Math.floor(now.getTime() / 1000) + MARK_LIFETIME_SECONDS;
  return {
    Put: { Item: { ...aggregatedKey(source, part), entity: 'aggregated', expiresAt }, ConditionExpression: 'attribute_not_exists(pk)' },
  };
}

interface Target {
  readonly key: { pk: string; sk: string };
  readonly crop: string;
  readonly week: string;
  readonly city?: string;
  readonly figures: Figures;
}

/** The weekly items the contributions change, each once, with the contributions to it summed, in a stable order. */
function targetsOf(contributions: readonly Contribution[]): Target[] {
  const targets = new Map<string, Target>();
  const add = (key: Target['key'], target: Omit<Target, 'key' | 'figures'>, figures: Figures) => {
    const id = `${key.pk}|${key.sk}`;
    const sum: Figures = { ...targets.get(id)?.figures };
    for (const [name, value] of Object.entries(figures) as [Figure, number][]) sum[name] = (sum[name] ?? 0) + value;
    targets.set(id, { key, ...target, figures: sum });
  };
  for (const c of contributions) {
    add(totalKey(c.crop, c.week), { crop: c.crop, week: c.week }, c.figures);
    add(cityKey(c.crop, c.city, c.week), { crop: c.crop, week: c.week, city: c.city }, c.figures);
  }
  return [...targets.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, target]) => target);
}

function addition(target: Target): TransactItem {
  const figures = (Object.entries(target.figures) as [Figure, number][]).filter(([, value]) => value !== 0);
  const names = Object.fromEntries(figures.map(([name], i) => [`#f${i}`, name]));
  const values = Object.fromEntries(figures.map(([, value], i) => [`:f${i}`, value]));
  return {
    Update: {
      Key: target.key,
      UpdateExpression: `SET crop = :crop, week = :week, entity = :entity${target.city === undefined ? '' : ', city = :city'} ADD ${figures
        .map((_, i) => `#f${i} :f${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ...values,
        ':crop': target.crop,
        ':week': target.week,
        ':entity': 'demandWeek',
        ...(target.city === undefined ? {} : { ':city': target.city }),
      },
    },
  };
}

export function dynamoDbDemand(table: Table, now: () => Date = () => new Date()): DemandRepository {
  return {
    async apply(source, contributions) {
      const targets = targetsOf(contributions).filter((t) => Object.values(t.figures).some((value) => value !== 0));
      // A source with many targets is added in parts, each marked on its own: a redelivery after a failure
      // part-way adds only the parts that were not added.
      for (let part = 0; part * TARGETS_PER_TRANSACTION < targets.length; part++) {
        const chunk = targets.slice(part * TARGETS_PER_TRANSACTION, (part + 1) * TARGETS_PER_TRANSACTION);
        const items: Record<string, TransactItem> = { mark: markOnce(source, part, now()) };
        chunk.forEach((target, i) => {
          items[`t${i}`] = addition(target);
        });
        const outcome = await table.transact(items);
        if (!outcome.ok && !outcome.failed('mark')) throw new Error(`Adding ${source} part ${part} was refused`);
      }
    },

    async weekly(crop, range, city) {
      const prefix = city === undefined ? TOTAL : cityPrefix(city);
      const items = await table.all<WeeklyFigures>({
        partition: demandPartition(crop),
        sortKey: { between: [`${prefix}${range.from}`, `${prefix}${range.to}`] },
      });
      return items.map((item) => ({ ...item, ...Object.fromEntries(FIGURES.map((f) => [f, item[f] ?? 0])) }));
    },
  };
}

/** Cells per scan-log item: tens of KB, well within an item's 400 KB. */
export const CELLS_PER_PART = 400;
/** A transaction holds 100 items, so a file may have at most this many cells (tens of crops × hundreds of cities). */
export const MAX_SCAN_LOG_CELLS = 100 * CELLS_PER_PART;
/** Longer than the log bucket keeps a file, so no delivery of a file's event can come after its record is gone. */
export const SCAN_LOG_LIFETIME_DAYS = 400;

export const scanLogKey = (source: string, part: number) => ({ pk: `${p.scanLog}${source}`, sk: `#${part}` });

export function dynamoDbScanLogs(table: Table, now: () => Date = () => new Date()): ScanLogRepository {
  return {
    async record(source, cells) {
      if (cells.length > MAX_SCAN_LOG_CELLS) throw new Error(`${source} has ${cells.length} cells, over ${MAX_SCAN_LOG_CELLS}`);
      const recordedAt = now();
      const expiresAt = Math.floor(recordedAt.getTime() / 1000) + SCAN_LOG_LIFETIME_DAYS * 86_400;
      const items: Record<string, TransactItem> = {};
      for (let part = 0; part * CELLS_PER_PART < cells.length; part++) {
        const chunk = cells.slice(part * CELLS_PER_PART, (part + 1) * CELLS_PER_PART);
        items[`p${part}`] = {
          Put: {
            Item: { ...scanLogKey(source, part), entity: 'scanLog', source, cells: chunk, recordedAt: recordedAt.toISOString(), expiresAt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        };
      }
      // Every part in one transaction: the file is kept whole or not at all, so its first part tells.
      const outcome = await table.transact(items);
      if (outcome.ok) return true;
      if (outcome.failed('p0')) return false;
      throw new Error(`Keeping the scans of ${source} was refused`);
    },
  };
}
