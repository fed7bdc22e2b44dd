// The recall job: every lot in the recall's scope recalled, then the CDN told to forget their scans, then
// the recall completed. Idempotent: each lot joins the recall once (a transaction that also marks it),
// so a worker that dies part-way and runs again skips what is done and finishes the rest.
import type { Clock } from '../deps';
import type { LotRepository, TracedLot } from '../lots/lot';
import { type Invalidate, recallPaths } from '../scan/cache';
import { type RecallRecord, type RecallRepository, scopeCovers } from './recall';

/** Lots recalled at once; each is one transaction of four items. */
const CONCURRENCY = 16;
/** Lots a trace page holds while the scope is resolved. */
const PAGE = 1000;

type WorkerDeps = { recalls: RecallRepository; lots: Pick<LotRepository, 'trace' | 'getMany'> } & Clock;

/** Every lot of the recall's scope, as it stands now. */
export async function lotsInScope({ lots }: Pick<WorkerDeps, 'lots'>, recall: RecallRecord): Promise<TracedLot[]> {
  const { scope } = recall;
  const filter = { crop: scope.crop, harvestedFrom: scope.harvestedFrom, harvestedTo: scope.harvestedTo };
  if (scope.lotCodes) return (await lots.getMany(scope.lotCodes)).filter((lot) => scopeCovers(filter, lot));
  const anchor = scope.villageId ? { villageId: scope.villageId } : { agreementId: scope.agreementId as string };
  const found: TracedLot[] = [];
  let cursor: string | undefined;
  do {
    const page = await lots.trace(anchor, filter, PAGE, cursor);
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * Runs `work` on every item, at most `limit` at a time. The first failure stops new work; what is under
 * way finishes, and then the failure is thrown.
 */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failure) {
      try {
        await work(items[next++] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw failure.error;
}

export async function runRecall(deps: WorkerDeps, invalidate: Invalidate, recallId: string): Promise<void> {
  const recall = await deps.recalls.get(recallId, true);
  if (!recall || recall.status === 'completed') return;
  const inScope = await lotsInScope(deps, recall);
  await deps.recalls.setLotCount(recallId, inScope.length);
  const done = new Set(await deps.recalls.recalledLotCodes(recallId));
  await eachLimited(
    inScope.filter((lot) => !done.has(lot.lotCode)),
    CONCURRENCY,
    (lot) => deps.recalls.recallLot(recall, lot, deps.now().toISOString()),
  );
  await invalidate(recallPaths(inScope.map((lot) => lot.lotCode)));
  await deps.recalls.complete(recallId, deps.now().toISOString());
}
