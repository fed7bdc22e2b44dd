// Fixed-price agreements: sign, read, list, cancel, settle; and the receipts and sales lines ops must resolve.
import * as agreements from '../shared/agreements/use-cases';
import { listReceiptExceptions } from '../shared/receipts/use-cases';
import { listSalesExceptions } from '../shared/sales/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';

export const handler = createApiHandler('agreements', {
  createAgreement: ({ principal, body }) => agreements.createAgreement(deps, principal, body),
  getAgreement: ({ principal, params }) => agreements.getAgreement(deps, principal, params.agreementId),
  listVillageAgreements: ({ principal, params, query }) => agreements.listVillageAgreements(deps, principal, params.villageId, query),
  cancelAgreement: ({ params, body }) => agreements.cancelAgreement(deps, params.agreementId, body),
  getSettlement: ({ principal, params }) => agreements.getSettlement(deps, principal, params.agreementId),
  listReceiptExceptions: ({ query }) => listReceiptExceptions(deps, query),
  listSalesExceptions: ({ query }) => listSalesExceptions(deps, query),
});
