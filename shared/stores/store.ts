// Stores: where lots are delivered. A store is not a user; it signs what it posts (receipts) with a
// webhook secret of its own, shown to ops once when the store is registered or the secret rotated.
import * as z from 'zod';
import { LocalizedText, type Page, StoreId, localized, page, text } from '../fields';

export const CreateStore = z.strictObject({
  storeId: StoreId,
  name: localized(100),
  city: text(50),
});

export const Store = z.object({ storeId: StoreId, name: LocalizedText, city: z.string(), createdAt: z.iso.datetime() });
export const StorePage = page(Store);

export const StoreCreated = z.object({
  storeId: StoreId,
  name: LocalizedText,
  city: z.string(),
  webhookSecret: z.string().startsWith('whsec_'),
});

export const RotatedSecret = z.object({
  storeId: StoreId,
  webhookSecret: z.string().startsWith('whsec_'),
  previousSecretValidUntil: z.iso.datetime(),
});

export type StoreRecord = z.infer<typeof Store>;

/** What the use cases need of store storage. Secrets are written and checked, never listed. */
export interface StoreRepository {
  /** Creates the store with its webhook secret; false when the store id is taken. */
  create(store: StoreRecord, webhookSecret: string): Promise<boolean>;
  get(storeId: string): Promise<StoreRecord | undefined>;
  /** One page of every store, by id; never a secret. */
  list(limit: number, cursor?: string): Promise<Page<StoreRecord>>;
  /** The secrets a store may sign with at `at`: the current one, and the previous one until it lapses. */
  secretsOf(storeId: string, at: Date): Promise<string[]>;
  /** Makes `secret` current and keeps the old one valid until `previousExpiresAt`; false when the store does not exist. */
  rotateSecret(storeId: string, secret: string, rotatedAt: string, previousExpiresAt: string): Promise<boolean>;
}
