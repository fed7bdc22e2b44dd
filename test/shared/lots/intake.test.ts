// The intake rules on hand-built records: each refusal has one code, checked in a fixed order.
import { describe, expect, it } from 'vitest';
import { checkIntake, sameIntake } from '../../../shared/lots/intake';
import { newId } from '../../../shared/codes';
import { agreement, intake, lotRecord, refusal } from '../../support/records';

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
