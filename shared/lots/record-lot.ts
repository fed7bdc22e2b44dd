// Harvest intake. The volume rule is enforced by the table's transaction; the reads before it exist to
// give precise refusals and to answer replays of the same clientLotId. A lot harvested inside one of its
// village's active recalls is recalled as it is recorded, so no lot escapes a recall.
import type { z } from 'zod';
import type { AgreementRecord, AgreementRepository } from '../agreements/agreement';
import { loadAgreement } from '../agreements/use-cases';
import type { Principal } from '../auth';
import { newLotCode } from '../codes';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { BadRequest, Conflict, ServiceUnavailable } from '../errors';
import { kgToGrams, payoutFen } from '../money';
import { type RecallRepository, scopeCovers } from '../recalls/recall';
import { newScanRecord } from '../scan/projection';
import { checkIntake, overCommitment, sameIntake } from './intake';
import { type LotRecord, type LotRepository, lotView, type RecordLot } from './lot';

/** Returns the lot and whether it was created now (201) or is a replay of an earlier request (200). */
export async function recordLot(
  deps: {
    lots: LotRepository;
    agreements: AgreementRepository;
    recalls: Pick<RecallRepository, 'villageRecalls'>;
    publicBaseUrl: string;
  } & Clock,
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

  const lotCode = newLotCode();
  let current = agreement;
  for (let attempt = 1; ; attempt++) {
    const lot = newLot(current, lotCode, { ...input, grams, fenPerKg }, principal, at);
    const scan = newScanRecord(current, lot);
    if (lot.recall) scan.recall = { reason: lot.recall.reason, recalledAt: lot.recall.recalledAt };
    const result = await lots.record(lot, scan, current.capGrams - grams, current.recalls?.version ?? 0);
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
    // A recall of the village arrived since the agreement's copy of its scopes was taken: refresh the
    // copy and judge the lot against it.
    if (result.recallsChanged && attempt < MAX_INTAKE_ATTEMPTS) {
      const recalls = await deps.recalls.villageRecalls(current.villageId);
      await deps.agreements.setRecalls(current.agreementId, recalls);
      current = { ...current, recalls };
      continue;
    }
    // Only a lot-code collision (odds below 2^-80) is left; the client's retry gets a fresh code.
    throw new ServiceUnavailable();
  }
}

/** Intake retries once for each recall of the village that arrives while it runs; more is a storm. */
const MAX_INTAKE_ATTEMPTS = 3;

/** The lot as recorded, recalled at once when its harvest falls inside one of the village's active recalls. */
function newLot(
  agreement: AgreementRecord,
  lotCode: string,
  input: z.infer<typeof RecordLot> & { grams: number; fenPerKg: number },
  principal: Principal,
  at: Date,
): LotRecord {
  const lot: LotRecord = {
    lotCode,
    agreementId: agreement.agreementId,
    villageId: agreement.villageId,
    crop: agreement.crop,
    gtin: agreement.gtin,
    clientLotId: input.clientLotId,
    grade: input.grade,
    grams: input.grams,
    fenPerKg: input.fenPerKg,
    expectedPayoutFen: payoutFen(input.grams, input.fenPerKg),
    harvestedOn: input.harvestedOn,
    field: input.field,
    destinationStoreId: input.destinationStoreId,
    recordedBy: principal.subject,
    recordedAt: at.toISOString(),
  };
  const scope = agreement.recalls?.scopes.find((s) => scopeCovers(s, lot));
  if (scope) lot.recall = { reason: scope.reason, recalledAt: lot.recordedAt, recalledBy: scope.createdBy, recallId: scope.recallId };
  return lot;
}
