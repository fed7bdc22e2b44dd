// Villages, crops and stores (ops), and a village's own record (its staff).
import * as crops from '../shared/crops/use-cases';
import * as stores from '../shared/stores/use-cases';
import * as villages from '../shared/villages/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';

export const handler = createApiHandler('catalogue', {
  listVillages: ({ query }) => villages.listVillages(deps, query),
  createVillage: ({ body }) => villages.createVillage(deps, body),
  getVillage: ({ principal, params }) => villages.getVillage(deps, principal, params.villageId),
  listCrops: ({ query }) => crops.listCrops(deps, query),
  putCrop: ({ params, body }) => crops.putCrop(deps, params.crop, body),
  listStores: ({ query }) => stores.listStores(deps, query),
  createStore: ({ body }) => stores.createStore(deps, body),
  rotateStoreSecret: ({ params }) => stores.rotateStoreSecret(deps, params.storeId),
});
