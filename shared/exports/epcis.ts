// GS1 EPCIS 2.0 events of each lot, in one JSON-LD EPCISDocument: the lot's commissioning (its code
// assigned at intake), its shipping to a store, its receiving there and its recall, each an ObjectEvent
// on the lot as a quantity of its class (the lot's GS1 Digital Link URI) in kilograms (UN/CECE "KGM").
import type { LotRecord } from '../lots/lot';
import { qrUrl } from '../lots/lot';
import { gramsToKg } from '../money';
import type { LotContext } from './context';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** Every event of the program happens in China: UTC+8, no daylight saving. */
export const CHINA_OFFSET = '+08:00';

/**
 * The document around the events, split where the events go, so they can be written one by one. Its
 * creation date is the export's, so writing the same export twice gives the same bytes.
 */
export function epcisDocument(createdAt: string): { head: string; tail: string } {
  const head = JSON.stringify({
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: createdAt,
    epcisBody: { eventList: ['EVENTS'] },
  });
  const at = head.indexOf('"EVENTS"');
  return { head: head.slice(0, at), tail: head.slice(at + '"EVENTS"'.length) };
}

/** Identifiers of the program's places under its own domain (no GLNs are assigned yet). */
const placeId = (publicBaseUrl: string, kind: 'village' | 'store', id: string) => `${publicBaseUrl}/id/${kind}/${id}`;

export function epcisEvents(lot: LotRecord, context: LotContext, publicBaseUrl: string): object[] {
  const epcClass = qrUrl({ lotCode: lot.lotCode, gtin: lot.gtin ?? context.product.gtin }, publicBaseUrl);
  const quantity = (grams: number) => [{ epcClass, quantity: gramsToKg(grams), uom: 'KGM' }];
  const village = { id: placeId(publicBaseUrl, 'village', lot.villageId) };
  const observed = (eventTime: string) => ({ type: 'ObjectEvent', eventTime, eventTimeZoneOffset: CHINA_OFFSET });
  const events: object[] = [
    {
      ...observed(lot.recordedAt),
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      quantityList: quantity(lot.grams),
      readPoint: village,
      bizLocation: village,
    },
  ];
  if (lot.dispatch) {
    events.push({
      ...observed(lot.dispatch.at),
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      quantityList: quantity(lot.grams),
      readPoint: village,
      sourceList: [{ type: 'location', source: village.id }],
      destinationList: [{ type: 'location', destination: placeId(publicBaseUrl, 'store', lot.dispatch.storeId) }],
    });
  }
  if (lot.receipt) {
    const store = { id: placeId(publicBaseUrl, 'store', lot.receipt.storeId) };
    events.push({
      ...observed(lot.receipt.at),
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      quantityList: quantity(lot.receipt.acceptedGrams),
      readPoint: store,
      bizLocation: store,
      sourceList: [{ type: 'location', source: village.id }],
      destinationList: [{ type: 'location', destination: store.id }],
    });
  }
  if (lot.recall) {
    events.push({
      ...observed(lot.recall.recalledAt),
      action: 'OBSERVE',
      disposition: 'recalled',
      quantityList: quantity(lot.grams),
    });
  }
  return events;
}

/** The JSON text of one lot's events, each preceded by a comma but the document's first. */
export function epcisLines(lot: LotRecord, context: LotContext, publicBaseUrl: string, first: boolean) {
  const events = epcisEvents(lot, context, publicBaseUrl);
  const text = events.map((event, i) => `${first && i === 0 ? '' : ','}${JSON.stringify(event)}`).join('');
  return { text, count: events.length };
}
