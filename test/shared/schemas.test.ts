// The request schemas refuse what the domain cannot hold: unknown fields, ambiguous prices, bad windows and GTINs.
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/codes';
import { CreateAgreement, CreateVillage, RecordLot } from '../../shared/schemas';

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

const validLot = {
  clientLotId: 'phone-7:2025-01-15.001',
  grade: 'A',
  quantityKg: 12.345,
  harvestedOn: '2025-01-15',
  field: 'north slope',
  destinationStoreId: 'sh-hongqiao-001',
};

/** The paths of the issues a parse reports, or [] when it succeeds. */
function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));
}

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

describe('RecordLot', () => {
  it('accepts a valid body', () => {
    expect(RecordLot.safeParse(validLot).success).toBe(true);
  });

  it('refuses an unknown field', () => {
    const result = RecordLot.safeParse({ ...validLot, fenPerKg: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['fenPerKg'] });
  });

  it('refuses a weight with more than 3 decimals or of zero', () => {
    expect(issuePaths(RecordLot.safeParse({ ...validLot, quantityKg: 0.1 + 0.2 }))).toEqual(['quantityKg']);
    expect(issuePaths(RecordLot.safeParse({ ...validLot, quantityKg: 0 }))).toEqual(['quantityKg']);
  });

  it('refuses an impossible harvest date', () => {
    expect(issuePaths(RecordLot.safeParse({ ...validLot, harvestedOn: '2025-02-30' }))).toEqual(['harvestedOn']);
  });
});

describe('village coordinates', () => {
  const village = (lat: number, lng = 103.5) => ({ name: { zh: '村', en: 'V' }, province: 'P', county: 'C', location: { lat, lng } });

  it('accepts up to 7 decimals, including tiny values written in exponent form', () => {
    expect(CreateVillage.safeParse(village(30.1234567)).success).toBe(true);
    expect(CreateVillage.safeParse(village(0.0000005)).success).toBe(true);
  });

  it('refuses more decimals and values DynamoDB cannot store', () => {
    expect(CreateVillage.safeParse(village(30.12345678)).success).toBe(false);
    expect(CreateVillage.safeParse(village(1.5e-323)).success).toBe(false);
  });
});
