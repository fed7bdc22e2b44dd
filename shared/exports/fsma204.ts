// The FDA Food Traceability Rule's electronic sortable spreadsheet (21 CFR 1.1455(c)(3)(ii)): one row per
// Critical Tracking Event of each lot, with the Key Data Elements of that event, as CSV (RFC 4180). What
// each column means, and which KDE it carries, is in docs/fsma204-csv.md.
import { chinaDate } from '../dates';
import type { LotRecord } from '../lots/lot';
import { gramsToKg } from '../money';
import { collectionPoint, type LotContext, storePlace, villagePlace } from './context';

/** The contract's headers, in order, exactly. */
export const FSMA_HEADERS = [
  'Traceability Lot Code',
  'Traceability Lot Code Source',
  'Traceability Lot Code Source Reference',
  'Critical Tracking Event',
  'Event Date',
  'Product Description',
  'Commodity',
  'Variety',
  'Quantity',
  'Unit of Measure',
  'Location Description',
  'Immediate Previous Source',
  'Immediate Subsequent Recipient',
  'Field Name',
  'Reference Document Type',
  'Reference Document Number',
] as const;

export type FsmaRow = Record<(typeof FSMA_HEADERS)[number], string>;

/**
 * One CSV record: every field quoted, quotes doubled, CRLF at the end (RFC 4180 §2), so commas, quotes
 * and line breaks in names survive and every field reads back as text.
 */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')}\r\n`;
}

export const csvHeader = () => csvLine(FSMA_HEADERS);

/** A reference to the lot code source that needs no lookup: its coordinates, or the village's id. */
function sourceReference(lot: LotRecord, context: LotContext): string {
  const at = context.village.location;
  return at ? `geo:${at.lat},${at.lng}` : `village ${lot.villageId}`;
}

/** The Critical Tracking Events of one lot, as rows: harvesting and initial packing, then shipping and receiving when they happened. */
export function fsmaRows(lot: LotRecord, context: LotContext): FsmaRow[] {
  const { product, village } = context;
  const farm = villagePlace(village);
  const packer = collectionPoint(village);
  const kg = String(gramsToKg(lot.grams));
  const common = {
    'Traceability Lot Code': lot.lotCode,
    'Traceability Lot Code Source': packer,
    'Traceability Lot Code Source Reference': sourceReference(lot, context),
    'Product Description': `${product.name.en} (${product.name.zh})${product.variety ? `, ${product.variety}` : ''}, grade ${lot.grade}${product.gtin ? `, GTIN ${product.gtin}` : ''}`,
    Commodity: product.name.en,
    Variety: product.variety ?? '',
    'Unit of Measure': 'kg',
    'Field Name': '',
    'Immediate Previous Source': '',
    'Immediate Subsequent Recipient': '',
  };
  const agreement = { 'Reference Document Type': 'Sales agreement', 'Reference Document Number': lot.agreementId };
  const rows: FsmaRow[] = [
    {
      ...common,
      ...agreement,
      'Critical Tracking Event': 'Harvesting',
      'Event Date': lot.harvestedOn,
      Quantity: kg,
      'Location Description': farm,
      'Immediate Subsequent Recipient': packer,
      'Field Name': lot.field ?? '',
    },
    {
      ...common,
      ...agreement,
      'Critical Tracking Event': 'Initial Packing',
      'Event Date': chinaDate(new Date(lot.recordedAt)),
      Quantity: kg,
      'Location Description': packer,
      'Immediate Previous Source': farm,
      'Field Name': lot.field ?? '',
    },
  ];
  if (lot.dispatch) {
    rows.push({
      ...common,
      'Critical Tracking Event': 'Shipping',
      'Event Date': chinaDate(new Date(lot.dispatch.at)),
      Quantity: kg,
      'Location Description': packer,
      'Immediate Subsequent Recipient': storePlace(context.stores.get(lot.dispatch.storeId), lot.dispatch.storeId),
      'Reference Document Type': 'Dispatch',
      'Reference Document Number': `${lot.lotCode}/${lot.dispatch.at}`,
    });
  }
  if (lot.receipt) {
    rows.push({
      ...common,
      'Critical Tracking Event': 'Receiving',
      'Event Date': chinaDate(new Date(lot.receipt.at)),
      Quantity: String(gramsToKg(lot.receipt.acceptedGrams)),
      'Location Description': storePlace(context.stores.get(lot.receipt.storeId), lot.receipt.storeId),
      'Immediate Previous Source': packer,
      'Reference Document Type': 'Store receipt',
      'Reference Document Number': lot.receipt.storeReceiptNo ?? lot.receipt.webhookId,
    });
  }
  return rows;
}

/** The CSV text of one lot's rows. */
export const fsmaLines = (lot: LotRecord, context: LotContext) => {
  const rows = fsmaRows(lot, context);
  return { text: rows.map((row) => csvLine(FSMA_HEADERS.map((header) => row[header]))).join(''), count: rows.length };
};
