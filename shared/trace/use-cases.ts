// Tracing lots forward from a village or an agreement and back from a store.
import type { z } from 'zod';
import type { AgreementRepository } from '../agreements/agreement';
import { NotFound } from '../errors';
import type { LotRepository, TraceAnchor } from '../lots/lot';
import type { StoreRepository } from '../stores/store';
import type { VillageRepository } from '../villages/village';
import { anchorOf, TRACE_PAGE, type TraceQuery, traceView } from './trace';

export interface AnchorDeps {
  readonly villages: Pick<VillageRepository, 'get'>;
  readonly agreements: Pick<AgreementRepository, 'get'>;
  readonly stores: Pick<StoreRepository, 'get'>;
}

/** 404 unless the anchor's record exists; a trace of something unknown is a mistake, not an empty list. */
export async function assertAnchorExists({ villages, agreements, stores }: AnchorDeps, anchor: TraceAnchor): Promise<void> {
  if ('villageId' in anchor) {
    if (!(await villages.get(anchor.villageId))) throw new NotFound('Village');
  } else if ('agreementId' in anchor) {
    if (!(await agreements.get(anchor.agreementId))) throw new NotFound('Agreement');
  } else if (!(await stores.get(anchor.storeId))) {
    throw new NotFound('Store');
  }
}

export async function traceLots(deps: AnchorDeps & { lots: Pick<LotRepository, 'trace'> }, query: z.infer<typeof TraceQuery>) {
  const { anchor, filter } = anchorOf(query);
  // A cursor is only ever handed out for the anchor's own partition, so later pages need not look again.
  if (query.cursor === undefined) await assertAnchorExists(deps, anchor);
  const page = await deps.lots.trace(anchor, filter, query.limit ?? TRACE_PAGE, query.cursor);
  return { items: page.items.map(traceView), nextCursor: page.nextCursor };
}
