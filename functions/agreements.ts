// Fixed-price agreements: sign, read, list, cancel, settle; offers of them, which a village accepts or
// declines; and the receipts and sales lines ops must resolve.
import * as agreements from '../shared/agreements/use-cases';
import * as offers from '../shared/offers/use-cases';
import { listReceiptExceptions } from '../shared/receipts/use-cases';
import { listSalesExceptions } from '../shared/sales/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { Reply } from './commons/http';

export const handler = createApiHandler('agreements', {
  createAgreement: ({ principal, body }) => agreements.createAgreement(deps, principal, body),
  getAgreement: ({ principal, params }) => agreements.getAgreement(deps, principal, params.agreementId),
  listVillageAgreements: ({ principal, params, query }) => agreements.listVillageAgreements(deps, principal, params.villageId, query),
  cancelAgreement: ({ params, body }) => agreements.cancelAgreement(deps, params.agreementId, body),
  getSettlement: ({ principal, params }) => agreements.getSettlement(deps, principal, params.agreementId),
  createOffer: ({ principal, body }) => offers.createOffer(deps, principal, body),
  listOffers: ({ principal, query }) => offers.listOffers(deps, principal, undefined, query),
  listVillageOffers: ({ principal, params, query }) => offers.listOffers(deps, principal, params.villageId, query),
  acceptOffer: async ({ principal, params }) => {
    const { signed, offer } = await offers.acceptOffer(deps, principal, params.offerId);
    return signed ? offer : new Reply(200, offer);
  },
  declineOffer: ({ principal, params, body }) => offers.declineOffer(deps, principal, params.offerId, body),
  listReceiptExceptions: ({ query }) => listReceiptExceptions(deps, query),
  listSalesExceptions: ({ query }) => listSalesExceptions(deps, query),
});
