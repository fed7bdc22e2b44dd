// Signing an agreement (kg to grams, the cap) and showing it; the schema that refuses what it cannot hold.
import { describe, expect, it } from 'vitest';
import { Agreement, agreementView, CreateAgreement, newAgreement } from '../../../shared/agreements/agreement';
import { AGREEMENT_ID, agreement, agreementInput, PUBLIC_PARTS, VILLAGE_ID } from '../../support/records';
import { newId } from '../../../shared/codes';

const validAgreement = {
  villageId: newId('vil'),
  crop: 'dekopon',
  variety: 'Shiranui',
  gtin: '06931234567899',
  committedKg: 1000,
  tolerancePct: 2.5,
  prices: [
    { grade: 'A', fenPerKg: 1_234 },
    { grade: 'B', fenPerKg: 800 },
  ],
  deliveryWindow: { from: '2025-01-10', to: '2025-02-10' },
};

/** The paths of the issues a parse reports, or [] when it succeeds. */
function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));
}

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

describe('CreateAgreement', () => {
  it('accepts a complete valid body', () => {
    expect(CreateAgreement.safeParse(validAgreement).success).toBe(true);
  });

  it('accepts a window of a single day and a body without the optional fields', () => {
    const { variety: _variety, gtin: _gtin, ...required } = validAgreement;
    expect(CreateAgreement.safeParse({ ...required, deliveryWindow: { from: '2025-01-10', to: '2025-01-10' } }).success).toBe(true);
  });

  it('refuses an unknown field', () => {
    const result = CreateAgreement.safeParse({ ...validAgreement, discountPct: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['discountPct'] });
  });

  it('refuses an unknown field inside a price', () => {
    const result = CreateAgreement.safeParse({ ...validAgreement, prices: [{ grade: 'A', fenPerKg: 1_234, currency: 'CNY' }] });
    expect(result.success).toBe(false);
  });

  it('refuses a tolerance above 30%', () => {
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, tolerancePct: 31 }))).toEqual(['tolerancePct']);
    expect(CreateAgreement.safeParse({ ...validAgreement, tolerancePct: 30 }).success).toBe(true);
  });

  it('refuses a tolerance with more than 2 decimals', () => {
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, tolerancePct: 2.555 }))).toEqual(['tolerancePct']);
  });

  it('refuses the same grade priced twice', () => {
    const prices = [
      { grade: 'A', fenPerKg: 1_234 },
      { grade: 'A', fenPerKg: 900 },
    ];
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, prices }))).toEqual(['prices']);
  });

  it('refuses a window that ends before it starts, pointing at to', () => {
    const deliveryWindow = { from: '2025-02-11', to: '2025-02-10' };
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, deliveryWindow }))).toEqual(['deliveryWindow.to']);
  });

  it('refuses a GTIN with a wrong check digit', () => {
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, gtin: '06931234567898' }))).toEqual(['gtin']);
  });

  it('refuses a committed weight with more than 3 decimals', () => {
    expect(issuePaths(CreateAgreement.safeParse({ ...validAgreement, committedKg: 1.0005 }))).toEqual(['committedKg']);
  });
});
