// Registering and reading villages.
import type { z } from 'zod';
import { type Principal, assertVillageAccess } from '../auth';
import { newId } from '../codes';
import type { Clock } from '../deps';
import { NotFound } from '../errors';
import type { ListQuery } from '../fields';
import type { CreateVillage, VillageRepository } from './village';

export async function createVillage({ villages, now }: { villages: VillageRepository } & Clock, input: z.infer<typeof CreateVillage>) {
  const village = { ...input, villageId: newId('vil'), createdAt: now().toISOString() };
  await villages.put(village);
  return village;
}

export async function getVillage({ villages }: { villages: VillageRepository }, principal: Principal, villageId: string) {
  assertVillageAccess(principal, villageId);
  const village = await villages.get(villageId);
  if (!village) throw new NotFound('Village');
  return village;
}

export async function listVillages({ villages }: { villages: VillageRepository }, query: z.infer<typeof ListQuery>) {
  return villages.list(query.limit ?? 20, query.cursor);
}
