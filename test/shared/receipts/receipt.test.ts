// Which receipts can apply to a lot, on hand-built lots.
import { describe, expect, it } from 'vitest';
import { receiptProblem } from '../../../shared/receipts/receipt';
import { lotRecord } from '../../support/records';

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
