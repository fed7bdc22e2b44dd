// The FSMA 204 spreadsheet's pure parts: CSV quoting that survives commas, quotes and line breaks, and the
// rows of a lot's Critical Tracking Events.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { LotContext } from '../../../shared/exports/context';
import { csvLine, FSMA_HEADERS, fsmaLines, fsmaRows } from '../../../shared/exports/fsma204';
import { agreement, lotRecord } from '../../support/records';

const context = (): LotContext => {
  const { scanBase } = agreement();
  return { product: scanBase.product, village: scanBase.village, stores: new Map() };
};

describe('csvLine', () => {
  it.each([
    ['plain', 'plain'],
    ['comma, inside', 'comma, inside'],
    ['a "quoted" word', 'a "quoted" word'],
    ['two\r\nlines', 'two\r\nlines'],
    ['中文，全角逗号', '中文，全角逗号'],
    ['', ''],
  ])('quotes %j so that a CSV parser reads it back unchanged', (field, expected) => {
    const line = csvLine([field, 'next']);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parse(line)).toEqual([[expected, 'next']]);
  });

  it('doubles quotes and quotes every field', () => {
    expect(csvLine(['a"b', 'c'])).toBe('"a""b","c"\r\n');
  });
});

describe('fsmaRows', () => {
  it('gives a lot harvested and packed its two events, with the agreement as their reference', () => {
    const lot = lotRecord({ field: 'North terrace', recordedAt: '2025-01-15T20:00:00.000Z' });
    const rows = fsmaRows(lot, context());
    expect(rows.map((r) => r['Critical Tracking Event'])).toEqual(['Harvesting', 'Initial Packing']);
    // Intake at 20:00 UTC is the next day in China.
    expect(rows[1]!['Event Date']).toBe('2025-01-16');
    expect(rows.every((r) => r['Reference Document Number'] === lot.agreementId && r['Field Name'] === 'North terrace')).toBe(true);
  });

  it('adds shipping and receiving, the receipt’s accepted kg and its store receipt number, else its webhook id', () => {
    const shipped = { storeId: 'st-1', at: '2025-01-16T01:00:00.000Z' };
    const receipt = {
      storeId: 'st-1',
      webhookId: 'msg_1',
      at: '2025-01-17T01:00:00.000Z',
      acceptedGrams: 9_500,
      rejectedGrams: 500,
      payoutFen: 1,
    };
    const rows = fsmaRows(lotRecord({ grams: 10_000, dispatch: shipped, receipt }), context());
    expect(rows.map((r) => [r['Critical Tracking Event'], r.Quantity, r['Reference Document Number'].slice(-5)])).toEqual([
      ['Harvesting', '10', rows[0]!['Reference Document Number'].slice(-5)],
      ['Initial Packing', '10', rows[0]!['Reference Document Number'].slice(-5)],
      ['Shipping', '10', '.000Z'],
      ['Receiving', '9.5', 'msg_1'],
    ]);
    const withNumber = fsmaRows(lotRecord({ dispatch: shipped, receipt: { ...receipt, storeReceiptNo: 'R-77' } }), context());
    expect(withNumber[3]!['Reference Document Number']).toBe('R-77');
  });

  it('writes one line per row, in the headers’ order', () => {
    const { text, count } = fsmaLines(lotRecord(), context());
    const parsed = parse(text) as string[][];
    expect(parsed).toHaveLength(count);
    expect(parsed.every((fields) => fields.length === FSMA_HEADERS.length)).toBe(true);
  });
});
