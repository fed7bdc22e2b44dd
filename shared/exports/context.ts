// What a lot's records say besides the lot itself: its product and village as its agreement fixed them,
// and the stores it went to. Read once per agreement and store of an export, not once per lot.
import type { AgreementRecord, AgreementRepository } from '../agreements/agreement';
import type { LotRecord } from '../lots/lot';
import type { ScanBase } from '../scan/projection';
import type { StoreRecord, StoreRepository } from '../stores/store';

export interface LotContext {
  readonly product: ScanBase['product'];
  readonly village: ScanBase['village'];
  /** The stores the lot was shipped to or received at, by id; a store since removed is absent. */
  readonly stores: ReadonlyMap<string, StoreRecord>;
}

/** A place as the records describe it: English, then Chinese, then where. */
export const villagePlace = (village: ScanBase['village']) =>
  `${village.name.en} (${village.name.zh}), ${village.county}, ${village.province}, China`;

/** Where the program's intake assigns each lot its code: the village's collection point. */
export const collectionPoint = (village: ScanBase['village']) =>
  `${village.name.en} collection point (${village.name.zh}收购点), ${village.county}, ${village.province}, China`;

export const storePlace = (store: StoreRecord | undefined, storeId: string) =>
  store ? `${store.name.en} (${store.name.zh}), ${store.city}, China; store ${storeId}` : `store ${storeId}`;

/** Builds the context of each lot, reading each agreement and store once per export. */
export function contextReader(deps: { agreements: Pick<AgreementRepository, 'get'>; stores: Pick<StoreRepository, 'get'> }) {
  const agreements = new Map<string, Promise<AgreementRecord | undefined>>();
  const stores = new Map<string, Promise<StoreRecord | undefined>>();
  const once = <T>(cache: Map<string, Promise<T>>, id: string, read: () => Promise<T>) => {
    let found = cache.get(id);
    if (!found) {
      found = read();
      cache.set(id, found);
    }
    return found;
  };
  return async function contextOf(lot: LotRecord): Promise<LotContext> {
    const agreement = await once(agreements, lot.agreementId, () => deps.agreements.get(lot.agreementId));
    if (!agreement) throw new Error(`Lot ${lot.lotCode} names agreement ${lot.agreementId}, which does not exist`);
    const ids = [...new Set([lot.dispatch?.storeId, lot.receipt?.storeId].filter((id): id is string => id !== undefined))];
    const found = await Promise.all(ids.map((id) => once(stores, id, () => deps.stores.get(id))));
    const byId = new Map<string, StoreRecord>();
    for (const [i, id] of ids.entries()) if (found[i]) byId.set(id, found[i] as StoreRecord);
    return { product: agreement.scanBase.product, village: agreement.scanBase.village, stores: byId };
  };
}
