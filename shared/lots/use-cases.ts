// Reading, dispatching and labelling lots, for ops and the lot's own village staff. Intake is in
// record-lot.ts; recalls are in ../recalls.
import type { z } from 'zod';
import { assertVillageAccess, type Principal } from '../auth';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { BadRequest, Conflict, NotFound } from '../errors';
import { gramsToKg } from '../money';
import type { ScanRepository } from '../scan/projection';
import type { StoreRepository } from '../stores/store';
import { renderLabel } from './label';
import { type DispatchLot, type LotRecord, type LotRepository, lotView, qrUrl } from './lot';

type Lots = { lots: LotRepository; publicBaseUrl: string };

/** Reads a lot the principal may see: 404 when missing, 403 when it is another village's. */
export async function loadLot({ lots }: { lots: Pick<LotRepository, 'get'> }, principal: Principal, lotCode: string, consistent = false) {
  const lot = await lots.get(lotCode, consistent);
  if (!lot) throw new NotFound('Lot');
  assertVillageAccess(principal, lot.villageId);
  return lot;
}

export async function getLot(deps: Lots, principal: Principal, lotCode: string) {
  return lotView(await loadLot(deps, principal, lotCode), deps.publicBaseUrl);
}

const CLOCK_SKEW_MS = 5 * 60_000;

/** Dispatch happens once; repeating the same dispatch returns the lot, a different one is a conflict. */
export async function dispatchLot(
  deps: Lots & { stores: Pick<StoreRepository, 'get'> } & Clock,
  principal: Principal,
  lotCode: string,
  input: z.infer<typeof DispatchLot>,
) {
  const lot = await loadLot(deps, principal, lotCode, true);
  const dispatchedAt = new Date(input.dispatchedAt);
  if (dispatchedAt.getTime() > deps.now().getTime() + CLOCK_SKEW_MS) {
    throw new BadRequest('Dispatch time is in the future', [{ path: 'dispatchedAt', message: 'must not be in the future' }]);
  }
  if (chinaDate(dispatchedAt) < lot.harvestedOn) {
    throw new BadRequest('Dispatch precedes the harvest', [{ path: 'dispatchedAt', message: `must not be before ${lot.harvestedOn}` }]);
  }
  const dispatch = { storeId: input.storeId, at: dispatchedAt.toISOString() };
  const sameAsBefore = (l: LotRecord) => l.dispatch?.storeId === dispatch.storeId && l.dispatch.at === dispatch.at;
  if (!lot.dispatch) {
    const store = await deps.stores.get(input.storeId);
    if (!store) throw new BadRequest('Unknown store', [{ path: 'storeId', message: 'no such store' }], 'unknown_reference');
    if (await deps.lots.dispatch(lot, dispatch, store)) return lotView({ ...lot, dispatch }, deps.publicBaseUrl);
  }
  const current = await loadLot(deps, principal, lotCode, true);
  if (sameAsBefore(current)) return lotView(current, deps.publicBaseUrl);
  throw new Conflict('already_dispatched', 'This lot has already been dispatched', current.dispatch);
}

/** The printable label of a lot, with the QR code shoppers scan. */
export async function lotLabel(deps: Lots & { scans: ScanRepository }, principal: Principal, lotCode: string): Promise<string> {
  const lot = await loadLot(deps, principal, lotCode);
  const scan = await deps.scans.get(lotCode);
  if (!scan) throw new NotFound('Lot');
  const { product, village } = scan;
  return renderLabel({
    url: qrUrl(lot, deps.publicBaseUrl),
    product: product.variety
      ? { zh: `${product.name.zh} ${product.variety}`, en: `${product.name.en} (${product.variety})` }
      : product.name,
    village: village.name,
    harvestedOn: lot.harvestedOn,
    weightKg: gramsToKg(lot.grams),
    lotCode: lot.lotCode,
  });
}
