// Villages, crops and stores: the reference data ops keep.
import type { z } from 'zod';
import { assertVillageAccess, type Principal } from '../auth';
import { newId, newWebhookSecret } from '../codes';
import { Conflict, NotFound } from '../errors';
import type * as s from '../schemas';
import type { Deps } from './deps';

export async function createVillage({ repo, now }: Deps, input: z.infer<typeof s.CreateVillage>) {
  const village = { ...input, villageId: newId('vil'), createdAt: now().toISOString() };
  await repo.putVillage(village);
  return village;
}

export async function getVillage({ repo }: Deps, principal: Principal, villageId: string) {
  assertVillageAccess(principal, villageId);
  const village = await repo.getVillage(villageId);
  if (!village) throw new NotFound('Village');
  return village;
}

export async function putCrop({ repo, now }: Deps, crop: string, input: z.infer<typeof s.PutCrop>) {
  const record = { ...input, crop, updatedAt: now().toISOString() };
  await repo.putCrop(record);
  return record;
}

/** Registers a store and returns its webhook secret; this is the only time the secret is shown. */
export async function createStore({ repo, now }: Deps, input: z.infer<typeof s.CreateStore>) {
  const webhookSecret = newWebhookSecret();
  const store = { ...input, createdAt: now().toISOString() };
  if (!(await repo.createStore(store, webhookSecret))) {
    throw new Conflict('store_exists', `Store ${input.storeId} is already registered`);
  }
  return { ...input, webhookSecret };
}

const PREVIOUS_SECRET_VALID_MS = 24 * 3600_000;

/** A new secret, shown once; the old one keeps verifying for 24 hours so the store can switch over. */
export async function rotateStoreSecret({ repo, now }: Deps, storeId: string) {
  const webhookSecret = newWebhookSecret();
  const at = now();
  const previousSecretValidUntil = new Date(at.getTime() + PREVIOUS_SECRET_VALID_MS).toISOString();
  if (!(await repo.rotateStoreSecret(storeId, webhookSecret, at.toISOString(), previousSecretValidUntil))) {
    throw new NotFound('Store');
  }
  return { storeId, webhookSecret, previousSecretValidUntil };
}
