// The intake rules: which lots an agreement accepts. Pure; the table's transaction checks the volume
// rule again atomically.
import type { AgreementRecord } from '../agreements/agreement';
import { Conflict } from '../errors';
import { gramsToKg } from '../money';
import type { LotRecord } from './lot';

/** Checked in a fixed order so each refusal has one code. Returns the price per kg. */
export function checkIntake(agreement: AgreementRecord, lot: { grade: string; grams: number; harvestedOn: string }): number {
  if (agreement.status !== 'active') {
    throw new Conflict('agreement_not_active', `Agreement is ${agreement.status}`);
  }
  const price = agreement.prices.find((p) => p.grade === lot.grade);
  if (!price) {
    throw new Conflict('unknown_grade', `Grade ${lot.grade} has no price in this agreement`, {
      grades: agreement.prices.map((p) => p.grade),
    });
  }
  const { from, to } = agreement.deliveryWindow;
  if (lot.harvestedOn < from || lot.harvestedOn > to) {
    throw new Conflict('outside_window', `Harvest date must fall within ${from} – ${to}`, { from, to });
  }
  if (agreement.deliveredGrams + lot.grams > agreement.capGrams) throw overCommitment(agreement);
  return price.fenPerKg;
}

export function overCommitment(agreement: AgreementRecord): Conflict {
  return new Conflict('over_commitment', 'This lot would exceed the committed volume plus tolerance', {
    remainingKg: gramsToKg(agreement.capGrams - agreement.deliveredGrams),
  });
}

/** Whether a replayed intake request describes the lot already recorded under its clientLotId. */
export function sameIntake(
  lot: LotRecord,
  request: { agreementId: string; grade: string; grams: number; harvestedOn: string; field?: string; destinationStoreId?: string },
): boolean {
  return (
    lot.agreementId === request.agreementId &&
    lot.grade === request.grade &&
    lot.grams === request.grams &&
    lot.harvestedOn === request.harvestedOn &&
    lot.field === request.field &&
    lot.destinationStoreId === request.destinationStoreId
  );
}
