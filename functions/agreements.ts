// Fixed-price agreements: sign, read, list, cancel, settle; and the receipts ops must resolve.
import { createApiHandler, ok } from './commons/api';
import { deps } from './commons/dependencies';
import * as agreements from '../shared/use-cases/agreements';
import { listReceiptExceptions } from '../shared/use-cases/receipts';

export const handler = createApiHandler('agreements', {
  createAgreement: async ({ principal, body }) => ok('createAgreement', await agreements.createAgreement(deps, principal, body)),
  getAgreement: async ({ principal, params }) => ok('getAgreement', await agreements.getAgreement(deps, principal, params.agreementId!)),
  listVillageAgreements: async ({ principal, params, query }) =>
    ok('listVillageAgreements', await agreements.listVillageAgreements(deps, principal, params.villageId!, query)),
  cancelAgreement: async ({ params, body }) => ok('cancelAgreement', await agreements.cancelAgreement(deps, params.agreementId!, body)),
  getSettlement: async ({ principal, params }) => ok('getSettlement', await agreements.getSettlement(deps, principal, params.agreementId!)),
  listReceiptExceptions: async ({ query }) => ok('listReceiptExceptions', await listReceiptExceptions(deps, query)),
});
