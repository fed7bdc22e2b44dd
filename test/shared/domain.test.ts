// The intake rules, agreement and lot projections, and settlement totals, on hand-built records.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { newId, newLotCode } from '../../shared/codes';
import {
  agreementView,
  checkIntake,
  journey,
  lotStatus,
  lotView,
  newAgreement,
  qrUrl,
  receiptProblem,
  sameIntake,
  settlement,
  type AgreementRecord,
  type LotRecord,
} from '../../shared/domain';
import { Conflict } from '../../shared/errors';
import { Agreement, Lot, Settlement, type CreateAgreement } from '../../shared/schemas';

const BASE_URL = 'https://scan.example.cn';
const VILLAGE_ID = newId('vil');
const AGREEMENT_ID = newId('agr');

function agreementInput(overrides: Partial<z.infer<typeof CreateAgreement>> = {}): z.infer<typeof CreateAgreement> {
  return {
    villageId: VILLAGE_ID,
    crop: 'dekopon',
    committedKg: 1000,
    tolerancePct: 2.5,
    prices: [
      { grade: 'A', fenPerKg: 1_234 },
      { grade: 'B', fenPerKg: 800 },
    ],
    deliveryWindow: { from: '2025-01-10', to: '2025-02-10' },
    ...overrides,
  };
}

const PUBLIC_PARTS = {
  village: {
    villageId: VILLAGE_ID,
    name: { zh: '龙鹄村', en: 'Longhu Village' },
    province: 'Sichuan',
    county: 'Danling',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  crop: { crop: 'dekopon', name: { zh: '不知火', en: 'Dekopon' }, recipes: [], updatedAt: '2025-01-01T00:00:00.000Z' },
};

function agreement(overrides: Partial<AgreementRecord> = {}): AgreementRecord {
  return {
    ...newAgreement(
      agreementInput(),
      {
        agreementId: AGREEMENT_ID,
        createdBy: 'ops-user',
        createdAt: '2025-01-01T00:00:00.000Z',
      },
      PUBLIC_PARTS,
    ),
    ...overrides,
  };
}

function lotRecord(overrides: Partial<LotRecord> = {}): LotRecord {
  return {
    lotCode: newLotCode(),
    agreementId: AGREEMENT_ID,
    villageId: VILLAGE_ID,
    crop: 'dekopon',
    clientLotId: 'c-1',
    grade: 'A',
    grams: 12_345,
    fenPerKg: 1_234,
    expectedPayoutFen: 15_234,
    harvestedOn: '2025-01-15',
    recordedBy: 'village-user',
    recordedAt: '2025-01-15T08:00:00.000Z',
    ...overrides,
  };
}

/** The Conflict a call throws, so its code and details can be asserted together. */
function refusal(call: () => unknown): Conflict {
  try {
    call();
  } catch (error) {
    if (error instanceof Conflict) return error;
    throw error;
  }
  throw new Error('expected a Conflict, but the call returned');
}

const intake = { grade: 'A', grams: 10_000, harvestedOn: '2025-01-15' };

describe('checkIntake', () => {
  it('accepts a lot inside the window and the cap, returning the price of its grade', () => {
    expect(checkIntake(agreement(), intake)).toBe(1_234);
    expect(checkIntake(agreement(), { ...intake, grade: 'B' })).toBe(800);
  });

  it('refuses a cancelled agreement first, even when the grade is unknown, the date outside and the lot too big', () => {
    const error = refusal(() =>
      checkIntake(agreement({ status: 'cancelled' }), { grade: 'Z', grams: 10_000_000, harvestedOn: '2030-01-01' }),
    );
    expect(error.status).toBe(409);
    expect(error.code).toBe('agreement_not_active');
  });

  it('refuses an unknown grade before checking the window and the volume, listing the priced grades', () => {
    const error = refusal(() => checkIntake(agreement(), { grade: 'Z', grams: 10_000_000, harvestedOn: '2030-01-01' }));
    expect(error.code).toBe('unknown_grade');
    expect(error.details).toEqual({ grades: ['A', 'B'] });
  });

  it('refuses a harvest before the window opens, before checking the volume', () => {
    const error = refusal(() => checkIntake(agreement(), { ...intake, grams: 10_000_000, harvestedOn: '2025-01-09' }));
    expect(error.code).toBe('outside_window');
    expect(error.details).toEqual({ from: '2025-01-10', to: '2025-02-10' });
  });

  it('refuses a harvest after the window closes', () => {
    expect(refusal(() => checkIntake(agreement(), { ...intake, harvestedOn: '2025-02-11' })).code).toBe('outside_window');
  });

  it('accepts harvests on the first and the last day of the window', () => {
    expect(checkIntake(agreement(), { ...intake, harvestedOn: '2025-01-10' })).toBe(1_234);
    expect(checkIntake(agreement(), { ...intake, harvestedOn: '2025-02-10' })).toBe(1_234);
  });

  it('refuses intake over the committed volume plus tolerance, saying how much is left', () => {
    const error = refusal(() => checkIntake(agreement({ deliveredGrams: 1_000_000 }), { ...intake, grams: 25_001 }));
    expect(error.status).toBe(409);
    expect(error.code).toBe('over_commitment');
    expect(error.details).toEqual({ remainingKg: 25 });
  });

  it('accepts a lot that exactly fills the cap', () => {
    expect(checkIntake(agreement({ deliveredGrams: 1_000_000 }), { ...intake, grams: 25_000 })).toBe(1_234);
  });

  it('refuses even one gram on a full agreement, with nothing left', () => {
    const error = refusal(() => checkIntake(agreement({ deliveredGrams: 1_025_000 }), { ...intake, grams: 1 }));
    expect(error.code).toBe('over_commitment');
    expect(error.details).toEqual({ remainingKg: 0 });
  });
});

describe('newAgreement', () => {
  it('stores kg as grams, the tolerance as basis points, and the cap rounded down', () => {
    const record = newAgreement(
      agreementInput({ committedKg: 12.345, tolerancePct: 2.5 }),
      {
        agreementId: AGREEMENT_ID,
        createdBy: 'ops-user',
        createdAt: '2025-01-01T00:00:00.000Z',
      },
      PUBLIC_PARTS,
    );
    expect(record).toMatchObject({
      agreementId: AGREEMENT_ID,
      villageId: VILLAGE_ID,
      committedGrams: 12_345,
      toleranceBasisPoints: 250,
      // 12,345 g × 2.5% = 308.625 g, rounded down.
      capGrams: 12_653,
      status: 'active',
      deliveredGrams: 0,
      expectedPayoutFen: 0,
      lotCount: 0,
      createdBy: 'ops-user',
    });
  });

  it('caps 1000 kg at 2.5% tolerance at 1025 kg', () => {
    expect(agreement().capGrams).toBe(1_025_000);
  });

  it('normalises a GTIN to 14 digits and leaves it out when none is given', () => {
    expect(
      newAgreement(
        agreementInput({ gtin: '4006381333931' }),
        {
          agreementId: AGREEMENT_ID,
          createdBy: 'ops-user',
          createdAt: '2025-01-01T00:00:00.000Z',
        },
        PUBLIC_PARTS,
      ).gtin,
    ).toBe('04006381333931');
    expect(agreement().gtin).toBeUndefined();
  });
});

describe('agreementView', () => {
  it('shows kg and percentages, with what remains under the cap', () => {
    const view = agreementView(agreement({ deliveredGrams: 400_500, lotCount: 3, expectedPayoutFen: 494_217 }));
    expect(view).toMatchObject({
      committedKg: 1000,
      tolerancePct: 2.5,
      maxKg: 1025,
      deliveredKg: 400.5,
      remainingKg: 624.5,
      lotCount: 3,
      expectedPayoutFen: 494_217,
      status: 'active',
    });
    expect(Agreement.safeParse(view).success).toBe(true);
  });

  it('shows nothing remaining on a cancelled agreement', () => {
    const view = agreementView(
      agreement({ status: 'cancelled', deliveredGrams: 100_000, cancelledAt: '2025-01-20T00:00:00.000Z', cancelReason: 'hail' }),
    );
    expect(view.remainingKg).toBe(0);
    expect(view).toMatchObject({ status: 'cancelled', cancelReason: 'hail', deliveredKg: 100 });
  });
});

describe('journey and lotStatus', () => {
  const dispatch = { storeId: 'sh-hongqiao-001', at: '2025-01-16T02:00:00.000Z' };
  const receipt = {
    storeId: 'sh-hongqiao-001',
    webhookId: 'msg_0',
    at: '2025-01-16T09:00:00.000Z',
    acceptedGrams: 12_000,
    rejectedGrams: 345,
    payoutFen: 14_808,
  };

  it('shows a just-recorded lot as harvested, with one step', () => {
    const lot = lotRecord();
    expect(lotStatus(lot)).toBe('harvested');
    expect(journey(lot)).toEqual([{ step: 'harvested', at: '2025-01-15' }]);
  });

  it('lists harvested, shipped, received in that order once the store has received the lot', () => {
    const lot = lotRecord({ dispatch, receipt });
    expect(lotStatus(lot)).toBe('received');
    expect(journey(lot)).toEqual([
      { step: 'harvested', at: '2025-01-15' },
      { step: 'shipped', at: dispatch.at, storeId: dispatch.storeId },
      { step: 'received', at: receipt.at, storeId: receipt.storeId },
    ]);
  });

  it('shows a dispatched lot as shipped', () => {
    const lot = lotRecord({ dispatch });
    expect(lotStatus(lot)).toBe('shipped');
    expect(journey(lot).map((s) => s.step)).toEqual(['harvested', 'shipped']);
  });
});

describe('qrUrl', () => {
  it('uses a GS1 Digital Link with the GTIN and the lot code as batch', () => {
    expect(qrUrl({ lotCode: 'ABCDEFGHJKMNPQRSTV', gtin: '06931234567899' }, BASE_URL)).toBe(
      `${BASE_URL}/01/06931234567899/10/ABCDEFGHJKMNPQRSTV`,
    );
  });

  it('uses the short /l/ form without a GTIN', () => {
    expect(qrUrl({ lotCode: 'ABCDEFGHJKMNPQRSTV' }, BASE_URL)).toBe(`${BASE_URL}/l/ABCDEFGHJKMNPQRSTV`);
  });

  it('gives lotView a URL the Lot schema accepts', () => {
    const view = lotView(lotRecord({ gtin: '06931234567899' }), BASE_URL);
    expect(view.qrUrl).toBe(`${BASE_URL}/01/06931234567899/10/${view.lotCode}`);
    expect(view.quantityKg).toBe(12.345);
    expect(Lot.safeParse(view).success).toBe(true);
  });
});

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

describe('sameIntake', () => {
  const lot = lotRecord({ field: 'north slope', destinationStoreId: 'sh-1' });
  const request = {
    agreementId: lot.agreementId,
    grade: lot.grade,
    grams: lot.grams,
    harvestedOn: lot.harvestedOn,
    field: 'north slope',
    destinationStoreId: 'sh-1',
  };

  it('recognises a replay of the recorded lot', () => {
    expect(sameIntake(lot, request)).toBe(true);
  });

  it.each([
    ['agreement', { agreementId: newId('agr') }],
    ['grade', { grade: 'B' }],
    ['weight, by one gram', { grams: lot.grams + 1 }],
    ['harvest date', { harvestedOn: '2025-01-16' }],
    ['field', { field: 'south slope' }],
    ['missing field', { field: undefined }],
    ['destination store', { destinationStoreId: 'sh-2' }],
  ])('treats a different %s as a different intake', (_label, change) => {
    expect(sameIntake(lot, { ...request, ...change })).toBe(false);
  });
});

describe('receiptProblem', () => {
  const fits = { storeId: 'st-1', acceptedGrams: 12_000, rejectedGrams: 345 };
  const shipped = { dispatch: { storeId: 'st-1', at: '2025-01-16T02:00:00.000Z' } };

  it('finds no problem when the receipt fits a lot shipped to the same store', () => {
    expect(receiptProblem(lotRecord(shipped), fits)).toBeUndefined();
  });

  it('accepts a receipt for a lot not yet marked shipped when no other store was named', () => {
    expect(receiptProblem(lotRecord(), fits)).toBeUndefined();
  });

  it('names an unknown lot', () => {
    expect(receiptProblem(undefined, fits)).toEqual({ reason: 'unknown_lot' });
  });

  it('names a lot shipped, or destined, to another store', () => {
    expect(receiptProblem(lotRecord(shipped), { ...fits, storeId: 'st-2' })).toEqual({
      reason: 'wrong_store',
      details: { shippedTo: 'st-1' },
    });
    expect(receiptProblem(lotRecord({ destinationStoreId: 'st-3' }), fits)?.reason).toBe('wrong_store');
  });

  it('names a receipt for more than the lot weighed, by a single gram', () => {
    expect(receiptProblem(lotRecord(shipped), { ...fits, rejectedGrams: 346 })).toEqual({
      reason: 'over_quantity',
      details: { lotKg: 12.345, receiptKg: 12.346 },
    });
  });

  it('names a second receipt for a lot that already has one', () => {
    const receipt = {
      storeId: 'st-1',
      webhookId: 'msg_first',
      at: '2025-01-16T09:00:00.000Z',
      acceptedGrams: 1,
      rejectedGrams: 0,
      payoutFen: 1,
    };
    expect(receiptProblem(lotRecord({ ...shipped, receipt }), fits)).toEqual({
      reason: 'duplicate_lot_receipt',
      details: { appliedWebhookId: 'msg_first' },
    });
  });
});
