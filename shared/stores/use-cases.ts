// Registering stores and rotating their webhook secrets.
import type { z } from 'zod';
import { newWebhookSecret } from '../codes';
import type { Clock } from '../deps';
import { Conflict, NotFound } from '../errors';
import type { ListQuery } from '../fields';
import type { CreateStore, StoreRepository } from './store';

type StoreDeps = { stores: StoreRepository } & Clock;

/** Registers a store and returns its webhook secret; this is the only time the secret is shown. */
export async function createStore({ stores, now }: StoreDeps, input: z.infer<typeof CreateStore>) {
  const webhookSecret = newWebhookSecret();
  const store = { ...input, createdAt: now().toISOString() };
  if (!(await stores.create(store, webhookSecret))) {
    throw new Conflict('store_exists', `Store ${input.storeId} is already registered`);
  }
  return { ...input, webhookSecret };
}

const PREVIOUS_SECRET_VALID_MS = 24 * 3600_000;

/** A new secret, shown once; the old one keeps verifying for 24 hours so the store can switch over. */
export async function rotateStoreSecret({ stores, now }: StoreDeps, storeId: string) {
  const webhookSecret = newWebhookSecret();
  const at = now();
  const previousSecretValidUntil = new Date(at.getTime() + PREVIOUS_SECRET_VALID_MS).toISOString();
  if (!(await stores.rotateSecret(storeId, webhookSecret, at.toISOString(), previousSecretValidUntil))) {
    throw new NotFound('Store');
  }
  return { storeId, webhookSecret, previousSecretValidUntil };
}

/** One page of stores, as registered: their public details, never a secret. */
export async function listStores({ stores }: { stores: StoreRepository }, query: z.infer<typeof ListQuery>) {
  const page = await stores.list(query.limit ?? 20, query.cursor);
  return {
    items: page.items.map(({ storeId, name, city, createdAt }) => ({ storeId, name, city, createdAt })),
    nextCursor: page.nextCursor,
  };
}
