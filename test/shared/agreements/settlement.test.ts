// Settlement totals on hand-built lots: every total is the sum of its lines.
import { describe, expect, it } from 'vitest';
import { Settlement, settlement } from '../../../shared/agreements/settlement';
import { AGREEMENT_ID, lotRecord } from '../../support/records';

describe('settlement', () => {
  const lots = [
    lotRecord({ grams: 100, fenPerKg: 1_234, expectedPayoutFen: 123 }),
    lotRecord({ grams: 200, fenPerKg: 1_234, expectedPayoutFen: 247, dispatch: { storeId: 'sh-1', at: '2025-01-16T00:00:00.000Z' } }),
    lotRecord({
      grams: 12_345,
      fenPerKg: 1_234,
      expectedPayoutFen: 15_234,
      dispatch: { storeId: 'sh-1', at: '2025-01-16T00:00:00.000Z' },
      receipt: {
        storeId: 'sh-1',
        webhookId: 'msg_1',
        at: '2025-01-16T06:00:00.000Z',
        acceptedGrams: 12_000,
        rejectedGrams: 345,
        payoutFen: 14_808,
      },
    }),
    lotRecord({
      grams: 5_000,
      fenPerKg: 800,
      expectedPayoutFen: 4_000,
      grade: 'B',
      receipt: {
        storeId: 'sh-2',
        webhookId: 'msg_2',
        at: '2025-01-17T06:00:00.000Z',
        acceptedGrams: 4_999,
        rejectedGrams: 1,
        payoutFen: 3_999,
      },
    }),
  ];
  const sumOf = (values: readonly (number | null)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);
  const gramsOf = (kg: number | null) => Math.round((kg ?? 0) * 1000);

  it('totals every column as the sum of its lines', () => {
    const result = settlement(AGREEMENT_ID, lots);
    expect(result.lots).toHaveLength(4);
    expect(result.totals.lotCount).toBe(4);
    expect(result.totals.expectedPayoutFen).toBe(sumOf(result.lots.map((l) => l.expectedPayoutFen)));
    expect(result.totals.expectedPayoutFen).toBe(123 + 247 + 15_234 + 4_000);
    expect(result.totals.actualPayoutFen).toBe(sumOf(result.lots.map((l) => l.actualPayoutFen)));
    expect(result.totals.actualPayoutFen).toBe(14_808 + 3_999);
    expect(gramsOf(result.totals.quantityKg)).toBe(sumOf(result.lots.map((l) => gramsOf(l.quantityKg))));
    expect(result.totals.quantityKg).toBe(17.645);
    expect(result.totals.acceptedKg).toBe(16.999);
    expect(result.totals.rejectedKg).toBe(0.346);
    expect(Settlement.safeParse(result).success).toBe(true);
  });

  it('shows receipt columns as null on lots not yet received', () => {
    const result = settlement(AGREEMENT_ID, lots);
    expect(result.lots.map((l) => l.status)).toEqual(['harvested', 'shipped', 'received', 'received']);
    expect(result.lots[0]).toMatchObject({ acceptedKg: null, rejectedKg: null, actualPayoutFen: null });
    expect(result.lots[2]).toMatchObject({ acceptedKg: 12, rejectedKg: 0.345, actualPayoutFen: 14_808 });
  });

  it('totals zero received and paid when no lot has a receipt', () => {
    const result = settlement(AGREEMENT_ID, lots.slice(0, 2));
    expect(result.totals).toEqual({
      lotCount: 2,
      quantityKg: 0.3,
      expectedPayoutFen: 370,
      acceptedKg: 0,
      rejectedKg: 0,
      actualPayoutFen: 0,
    });
  });

  it('adds grams before converting, so 0.1 kg and 0.2 kg total exactly 0.3 kg', () => {
    const result = settlement(AGREEMENT_ID, lots.slice(0, 2));
    expect(result.lots.map((l) => l.quantityKg)).toEqual([0.1, 0.2]);
    expect(result.totals.quantityKg).toBe(0.3);
  });

  it('settles an agreement without lots to zeros', () => {
    expect(settlement(AGREEMENT_ID, []).totals).toEqual({
      lotCount: 0,
      quantityKg: 0,
      expectedPayoutFen: 0,
      acceptedKg: 0,
      rejectedKg: 0,
      actualPayoutFen: 0,
    });
  });
});
