// Villages, crops and stores (ops), and a village's own record (its staff).
import { createApiHandler, ok } from './commons/api';
import { deps } from './commons/dependencies';
import * as catalogue from '../shared/use-cases/catalogue';

export const handler = createApiHandler('catalogue', {
  createVillage: async ({ body }) => ok('createVillage', await catalogue.createVillage(deps, body)),
  getVillage: async ({ principal, params }) => ok('getVillage', await catalogue.getVillage(deps, principal, params.villageId!)),
  putCrop: async ({ params, body }) => ok('putCrop', await catalogue.putCrop(deps, params.crop!, body)),
  createStore: async ({ body }) => ok('createStore', await catalogue.createStore(deps, body)),
  rotateStoreSecret: async ({ params }) => ok('rotateStoreSecret', await catalogue.rotateStoreSecret(deps, params.storeId!)),
});
