// A lot's journey, status and QR URL; the intake schema that refuses what a lot cannot hold.
import { describe, expect, it } from 'vitest';
import { journey, Lot, lotStatus, lotView, qrUrl, RecordLot } from '../../../shared/lots/lot';
import { BASE_URL, lotRecord } from '../../support/records';

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
