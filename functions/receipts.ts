// Signed shipment receipts from stores. No JWT: the Standard Webhooks signature over the raw body
// is the authentication, so the body is read raw and verified before it is parsed.
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { rawBody } from './commons/http';
import { createSecretCache, receiveReceipt } from '../shared/use-cases/receipts';

const secretsOf = createSecretCache(deps.repo, deps.now);

export const handler = createApiHandler('receipts', {
  receiveReceipt: async ({ params, event }) =>
    receiveReceipt(deps, secretsOf, params.storeId!, event.headers, rawBody(event)),
});
