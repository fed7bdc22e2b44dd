// Harvest intake, dispatch, recall and labels. The volume rule is enforced by the table's transaction;
// the reads before it exist to give precise refusals and to answer replays of the same clientLotId.
import type { z } from 'zod';
import { loadAgreement } from '../agreements/use-cases';
import type { AgreementRepository } from '../agreements/agreement';
import { type Principal, assertVillageAccess } from '../auth';
import { newLotCode } from '../codes';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { BadRequest, Conflict, NotFound, ServiceUnavailable } from '../errors';
import { gramsToKg, kgToGrams, payoutFen } from '../money';
import { type Invalidate, lotPaths } from '../scan/cache';
import { newScanRecord, type ScanRepository } from '../scan/projection';
import type { StoreRepository } from '../stores/store';
import { checkIntake, overCommitment, sameIntake } from './intake';
import { renderLabel } from './label';
import { type DispatchLot, type LotRecord, type LotRepository, type RecallLot, type RecordLot, lotView, qrUrl } from './lot';

type Lots = { lots: LotRepository; publicBaseUrl: string };

/** Returns the lot and whether it was created now (201) or is a replay of an earlier request (200). */
export async function recordLot(
  deps: Lots & { agreements: AgreementRepository } & Clock,
  principal: Principal,
  agreementId: string,
  input: z.infer<typeof RecordLot>,
) {
  const { lots, now, publicBaseUrl } = deps;
  const at = now();
  if (input.harvestedOn > chinaDate(at)) {
    throw new BadRequest('Harvest date is in the future', [{ path: 'harvestedOn', message: 'must not be after today (China time)' }]);
  }
  const agreement = await loadAgreement(deps, principal, agreementId, true);
  const grams = kgToGrams(input.quantityKg) as number;
  const request = { ...input, agreementId, grams };

  const replay = async () => {
    const existing = await lots.getByClientId(agreement.villageId, input.clientLotId);
    if (!existing) return undefined;
    if (!sameIntake(existing, request)) {
      throw new Conflict('client_lot_id_reused', 'This clientLotId was already used for a different lot', {
        lotCode: existing.lotCode,
      });
    }
    return { created: false, lot: lotView(existing, publicBaseUrl) };
  };

  let fenPerKg: number;
  try {
    fenPerKg = checkIntake(agreement, { grade: input.grade, grams, harvestedOn: input.harvestedOn });
  } catch (refusal) {
    // A retry of a lot that was recorded before the agreement filled up or was cancelled still succeeds.
    const earlier = await replay();
    if (earlier) return earlier;
    throw refusal;
  }

  const lot: LotRecord = {
    lotCode: newLotCode(),
    agreementId,
    villageId: agreement.villageId,
    crop: agreement.crop,
    gtin: agreement.gtin,
    clientLotId: input.clientLotId,
    grade: input.grade,
    grams,
    fenPerKg,
    expectedPayoutFen: payoutFen(grams, fenPerKg),
    harvestedOn: input.harvestedOn,
    field: input.field,
    destinationStoreId: input.destinationStoreId,
    recordedBy: principal.subject,
    recordedAt: at.toISOString(),
  };
  const result = await lots.record(lot, newScanRecord(agreement, lot), agreement.capGrams - grams);
  if (result.ok) return { created: true, lot: lotView(lot, publicBaseUrl) };
  if (result.clientLotTaken) {
    const earlier = await replay();
    if (earlier) return earlier;
  }
  if (result.unknownStore) {
    throw new BadRequest('Unknown destination store', [{ path: 'destinationStoreId', message: 'no such store' }], 'unknown_reference');
  }
  if (result.agreement) {
    if (result.agreement.status !== 'active') throw new Conflict('agreement_not_active', `Agreement is ${result.agreement.status}`);
    throw overCommitment(result.agreement);
  }
  // Only a lot-code collision (odds below 2^-80) is left; the client's retry gets a fresh code.
  throw new ServiceUnavailable();
}

/** Reads a lot the principal may see: 404 when missing, 403 when it is another village's. */
async function loadLot({ lots }: { lots: LotRepository }, principal: Principal, lotCode: string, consistent = false) {
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
  deps: Lots & { stores: StoreRepository } & Clock,
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
    if (await deps.lots.dispatch(lotCode, dispatch, store)) return lotView({ ...lot, dispatch }, deps.publicBaseUrl);
  }
  const current = await loadLot(deps, principal, lotCode, true);
  if (sameAsBefore(current)) return lotView(current, deps.publicBaseUrl);
  throw new Conflict('already_dispatched', 'This lot has already been dispatched', current.dispatch);
}

/**
 * Recalls a lot: stored on the lot and in its scan projection in one transaction, then the CDN paths
 * that show it are invalidated. Repeating a recall re-invalidates, so a failed invalidation is retried
 * by calling again; `recalled` says whether this call recalled the lot or it already was.
 */
export async function recallLot(
  deps: Lots & Clock,
  invalidate: Invalidate,
  principal: Principal,
  lotCode: string,
  input: z.infer<typeof RecallLot>,
) {
  let lot = await loadLot(deps, principal, lotCode, true);
  let recalled = false;
  if (!lot.recall) {
    const recall = { reason: input.reason, recalledAt: deps.now().toISOString(), recalledBy: principal.subject };
    recalled = await deps.lots.recall(lotCode, recall);
    lot = recalled ? { ...lot, recall } : await loadLot(deps, principal, lotCode, true);
  }
  await invalidate(lotPaths(lot));
  return { recalled, lot: lotView(lot, deps.publicBaseUrl) };
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
