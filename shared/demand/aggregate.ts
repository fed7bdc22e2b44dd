// The stream aggregator: turns changes to the table into additions to the weekly demand figures. A store's
// day adds what it sold (a correction adds the difference from the day it replaces), a lot's first receipt
// adds what the store accepted and rejected, and a CDN log file's counts add scans. A change to an agreement
// adds to its village's row of the program summary (shared/program). Every other change adds nothing.
// Changes are applied in stream order; the first that fails stops the batch, and it and those after it are
// delivered again, so each is applied idempotently (DemandRepository.apply, ProgramRepository.apply).
import { chinaDate } from '../dates';
import { type AgreementImage, type ProgramRepository, programChangeOf } from '../program/program';
import type { SalesLine } from '../sales/sales';
import type { StoreRepository } from '../stores/store';
import type { Contribution, DemandRepository, Figures, ScanCell } from './figures';
import { isoWeekOf } from './weeks';

/** A change to one item, as the stream reports it: its images before and after, unmarshalled. */
export interface ItemChange {
  /** Unique per change (the stream record's event id). */
  readonly id: string;
  /** Its position in the stream shard: what a failure is reported by. */
  readonly sequence: string;
  readonly before?: Readonly<Record<string, unknown>>;
  readonly after?: Readonly<Record<string, unknown>>;
}

type Item = Readonly<Record<string, unknown>>;
const entityOf = (item: Item | undefined) => item?.entity as string | undefined;

/**
 * What each crop's lines add going from one version of a store's day to the next (either may be absent),
 * in the city each version was recorded in.
 */
function salesDifference(before: Item | undefined, after: Item | undefined): Contribution[] {
  const week = isoWeekOf(((after ?? before) as { date: string }).date);
  const sums = new Map<string, Contribution & { figures: Required<Pick<Figures, 'soldGrams' | 'revenueFen' | 'wasteGrams'>> }>();
  const add = (day: Item | undefined, sign: 1 | -1) => {
    const city = (day?.city as string | undefined) ?? '';
    for (const line of (day?.lines as SalesLine[] | undefined) ?? []) {
      const key = JSON.stringify([line.crop, city]);
      const sum = sums.get(key) ?? { crop: line.crop, city, week, figures: { soldGrams: 0, revenueFen: 0, wasteGrams: 0 } };
      sum.figures.soldGrams += sign * line.soldGrams;
      sum.figures.revenueFen += sign * line.revenueFen;
      sum.figures.wasteGrams += sign * line.wasteGrams;
      sums.set(key, sum);
    }
  };
  add(before, -1);
  add(after, 1);
  return [...sums.values()].filter(({ figures: f }) => f.soldGrams !== 0 || f.revenueFen !== 0 || f.wasteGrams !== 0);
}

interface ReceivedLot {
  crop: string;
  receipt?: { storeId: string; at: string; acceptedGrams: number; rejectedGrams: number };
}

/** The contributions of one change; `cityOf` names a store's city (receipts carry only the store). */
export async function contributionsOf(change: ItemChange, cityOf: (storeId: string) => Promise<string>): Promise<Contribution[]> {
  const { before, after } = change;
  const entity = entityOf(after) ?? entityOf(before);
  if (entity === 'salesDay') return salesDifference(entityOf(before) ? before : undefined, entityOf(after) ? after : undefined);
  if (entity === 'lot') {
    const lot = after as ReceivedLot | undefined;
    if (!lot?.receipt || (before as ReceivedLot | undefined)?.receipt) return [];
    const { receipt } = lot;
    return [
      {
        crop: lot.crop,
        city: await cityOf(receipt.storeId),
        week: isoWeekOf(chinaDate(new Date(receipt.at))),
        figures: { acceptedGrams: receipt.acceptedGrams, rejectedGrams: receipt.rejectedGrams },
      },
    ];
  }
  if (entity === 'scanLog' && after && !before) {
    const cells = after.cells as ScanCell[];
    return cells.map(({ crop, city, week, scans }) => ({ crop, city, week, figures: { scans } }));
  }
  return [];
}

/** The images of a change to an agreement, before and after; none for a change to anything else. */
function agreementImages({ before, after }: ItemChange): [AgreementImage | undefined, AgreementImage | undefined] {
  const image = (item: Item | undefined) => (entityOf(item) === 'agreement' ? (item as unknown as AgreementImage) : undefined);
  return [image(before), image(after)];
}

type AggregatorDeps = { demand: DemandRepository; program: ProgramRepository; stores: Pick<StoreRepository, 'get'> };

/** A store's city, read once per container: cities do not move. */
export function cityLookup({ stores }: Pick<AggregatorDeps, 'stores'>) {
  const cities = new Map<string, Promise<string>>();
  return (storeId: string): Promise<string> => {
    let city = cities.get(storeId);
    if (!city) {
      city = stores.get(storeId).then((store) => store?.city ?? '');
      city.catch(() => cities.delete(storeId));
      cities.set(storeId, city);
    }
    return city;
  };
}

/**
 * Applies the changes in order. Returns the sequence number of the first change that failed (and
 * nothing after it was applied), or undefined when every one was.
 */
export async function aggregate(
  deps: Pick<AggregatorDeps, 'demand' | 'program'>,
  cityOf: (storeId: string) => Promise<string>,
  changes: readonly ItemChange[],
  onFailure: (change: ItemChange, error: unknown) => void,
): Promise<string | undefined> {
  for (const change of changes) {
    try {
      const contributions = await contributionsOf(change, cityOf);
      if (contributions.length > 0) await deps.demand.apply(change.id, contributions);
      const program = programChangeOf(...agreementImages(change));
      if (program) await deps.program.apply(change.id, program);
    } catch (error) {
      onFailure(change, error);
      return change.sequence;
    }
  }
  return undefined;
}
