// An export's scope: checked when the export is asked for (an unknown anchor is 404, before anything is
// written), and read by the worker page by page, so a scope of any size is never held whole in memory.
import type { AgreementRepository } from '../agreements/agreement';
import { NotFound } from '../errors';
import type { LotRecord, LotRepository } from '../lots/lot';
import type { RecallRepository } from '../recalls/recall';
import type { StoreRepository } from '../stores/store';
import type { VillageRepository } from '../villages/village';
import type { ExportScopeData } from './export';

/** Lots one page of the scope holds while its rows are written. */
export const SCOPE_PAGE = 500;

export interface ScopeDeps {
  readonly villages: Pick<VillageRepository, 'get'>;
  readonly agreements: Pick<AgreementRepository, 'get'>;
  readonly stores: Pick<StoreRepository, 'get'>;
  readonly recalls: Pick<RecallRepository, 'get' | 'lots'>;
  readonly lots: Pick<LotRepository, 'records' | 'getMany'>;
}

/** 404 unless the scope's anchor exists; listed lot codes must all exist, and the unknown ones are named. */
export async function assertScopeExists(deps: ScopeDeps, scope: ExportScopeData): Promise<void> {
  if (scope.villageId && !(await deps.villages.get(scope.villageId))) throw new NotFound('Village');
  if (scope.agreementId && !(await deps.agreements.get(scope.agreementId))) throw new NotFound('Agreement');
  if (scope.storeId && !(await deps.stores.get(scope.storeId))) throw new NotFound('Store');
  if (scope.recallId && !(await deps.recalls.get(scope.recallId))) throw new NotFound('Recall');
  if (scope.lotCodes) {
    const found = new Set((await deps.lots.getMany(scope.lotCodes)).map((lot) => lot.lotCode));
    const unknown = scope.lotCodes.filter((code) => !found.has(code));
    if (unknown.length > 0) throw new NotFound(`Lot ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ' …' : ''}`);
  }
}

const inDates = (scope: ExportScopeData) => (lot: Pick<LotRecord, 'harvestedOn'>) =>
  (scope.harvestedFrom === undefined || lot.harvestedOn >= scope.harvestedFrom) &&
  (scope.harvestedTo === undefined || lot.harvestedOn <= scope.harvestedTo);

/** Harvest date, then lot code: the order traces read in, so every export of a scope lists lots alike. */
const byHarvest = (a: LotRecord, b: LotRecord) =>
  a.harvestedOn === b.harvestedOn ? (a.lotCode < b.lotCode ? -1 : 1) : a.harvestedOn < b.harvestedOn ? -1 : 1;

/** Every lot of the scope as it stands now, one page at a time. */
export async function* scopeLots(deps: ScopeDeps, scope: ExportScopeData, pageSize = SCOPE_PAGE): AsyncGenerator<LotRecord[]> {
  const keep = inDates(scope);
  if (scope.lotCodes) {
    for (let at = 0; at < scope.lotCodes.length; at += pageSize) {
      const page = (await deps.lots.getMany(scope.lotCodes.slice(at, at + pageSize))).filter(keep).sort(byHarvest);
      if (page.length > 0) yield page;
    }
    return;
  }
  if (scope.recallId) {
    let cursor: string | undefined;
    do {
      const members = await deps.recalls.lots(scope.recallId, pageSize, cursor);
      const page = (await deps.lots.getMany(members.items.map((m) => m.lotCode))).filter(keep).sort(byHarvest);
      if (page.length > 0) yield page;
      cursor = members.nextCursor;
    } while (cursor);
    return;
  }
  const anchor = scope.villageId
    ? { villageId: scope.villageId }
    : scope.agreementId
      ? { agreementId: scope.agreementId }
      : { storeId: scope.storeId as string };
  const filter = { harvestedFrom: scope.harvestedFrom, harvestedTo: scope.harvestedTo };
  let cursor: string | undefined;
  do {
    const page = await deps.lots.records(anchor, filter, pageSize, cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
