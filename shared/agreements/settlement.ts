// What an agreement owes its village: per-lot lines and totals, from the lots and their receipts.
import * as z from 'zod';
import { AgreementId, Fen, Grade, LotCode } from '../fields';
import { type LotRecord, lotStatus } from '../lots/lot';
import { gramsToKg } from '../money';

const LotStatus = z.enum(['harvested', 'shipped', 'received']);

export const Settlement = z.object({
  agreementId: AgreementId,
  lots: z.array(
    z.object({
      lotCode: LotCode,
      grade: Grade,
      quantityKg: z.number(),
      fenPerKg: z.number().int(),
      expectedPayoutFen: Fen,
      acceptedKg: z.number().nullable(),
      rejectedKg: z.number().nullable(),
      actualPayoutFen: Fen.nullable(),
      status: LotStatus,
    }),
  ),
  totals: z.object({
    lotCount: z.number().int(),
    quantityKg: z.number(),
    expectedPayoutFen: Fen,
    acceptedKg: z.number(),
    rejectedKg: z.number(),
    actualPayoutFen: Fen,
  }),
});

/** Per-lot lines and totals; totals are sums of the lines, never computed separately. */
export function settlement(agreementId: string, lots: readonly LotRecord[]): z.infer<typeof Settlement> {
  const lines = lots.map((lot) => ({
    lotCode: lot.lotCode,
    grade: lot.grade,
    quantityKg: gramsToKg(lot.grams),
    fenPerKg: lot.fenPerKg,
    expectedPayoutFen: lot.expectedPayoutFen,
    acceptedKg: lot.receipt ? gramsToKg(lot.receipt.acceptedGrams) : null,
    rejectedKg: lot.receipt ? gramsToKg(lot.receipt.rejectedGrams) : null,
    actualPayoutFen: lot.receipt ? lot.receipt.payoutFen : null,
    status: lotStatus(lot),
  }));
  const sum = (pick: (lot: LotRecord) => number) => lots.reduce((total, lot) => total + pick(lot), 0);
  return {
    agreementId,
    lots: lines,
    totals: {
      lotCount: lots.length,
      quantityKg: gramsToKg(sum((l) => l.grams)),
      expectedPayoutFen: sum((l) => l.expectedPayoutFen),
      acceptedKg: gramsToKg(sum((l) => l.receipt?.acceptedGrams ?? 0)),
      rejectedKg: gramsToKg(sum((l) => l.receipt?.rejectedGrams ?? 0)),
      actualPayoutFen: sum((l) => l.receipt?.payoutFen ?? 0),
    },
  };
}
