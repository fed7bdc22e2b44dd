// Key strings and item hygiene of the single table, shared by the repository and by the scan reader
// (which stays off the document client to keep the scan function small). No SDK code at run time.
import { ServiceUnavailable } from '../errors';
import type { AgreementRecord, LotRecord, ReceiptRecord } from '../domain';
import { partitions as p } from './definition';

export const key = {
  village: (villageId: string) => ({ pk: `${p.village}${villageId}`, sk: '#VILLAGE' }),
  crop: (crop: string) => ({ pk: `${p.crop}${crop}`, sk: '#CROP' }),
  store: (storeId: string) => ({ pk: `${p.store}${storeId}`, sk: '#STORE' }),
  storeSecret: (storeId: string) => ({ pk: `${p.storeSecret}${storeId}`, sk: '#SECRET' }),
  agreement: (agreementId: string) => ({ pk: `${p.agreement}${agreementId}`, sk: '#AGREEMENT' }),
  agreementByVillage: (a: Pick<AgreementRecord, 'villageId' | 'createdAt' | 'agreementId'>) => ({
    gsi1pk: `${p.village}${a.villageId}`,
    gsi1sk: `AGREEMENT#${a.createdAt}#${a.agreementId}`,
  }),
  lot: (lotCode: string) => ({ pk: `${p.lot}${lotCode}`, sk: '#LOT' }),
  lotByAgreement: (l: Pick<LotRecord, 'agreementId' | 'recordedAt' | 'lotCode'>) => ({
    gsi1pk: `${p.agreement}${l.agreementId}`,
    gsi1sk: `LOT#${l.recordedAt}#${l.lotCode}`,
  }),
  clientLot: (villageId: string, clientLotId: string) => ({ pk: `${p.village}${villageId}`, sk: `CLIENTLOT#${clientLotId}` }),
  scan: (lotCode: string) => ({ pk: `${p.scan}${lotCode}`, sk: '#SCAN' }),
  receipt: (storeId: string, webhookId: string) => ({ pk: `${p.receipt}${storeId}#${webhookId}`, sk: '#RECEIPT' }),
  receiptException: (r: Pick<ReceiptRecord, 'recordedAt' | 'storeId' | 'webhookId'>) => ({
    gsi1pk: 'RECEIPTEXCEPTION',
    gsi1sk: `RECEIPT#${r.recordedAt}#${r.storeId}#${r.webhookId}`,
  }),
};

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity'] as const;

/** The record without the table's own attributes. */
export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as T;
}

/**
 * Faults that say "try again later", by the SDK's exception names (the same classes, without
 * importing them): the caller gets 503, never a 4xx and never a 2xx.
 */
const TRANSIENT = new Set(['ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'ThrottlingException', 'InternalServerError']);

/** A 503 for a transient storage fault; undefined for any other error. */
export function asTransient(error: unknown): ServiceUnavailable | undefined {
  return error instanceof Error && TRANSIENT.has(error.name) ? new ServiceUnavailable(undefined, { cause: error }) : undefined;
}
