// Signed shipment receipts from stores. No JWT: the Standard Webhooks signature over the raw body
// is the authentication, so the body is read raw and verified before it is parsed.
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { rawBody } from './commons/http';
import { count, METRIC } from './commons/metrics';
import { BadRequest } from '../shared/errors';
import { createSecretCache, receiveReceipt } from '../shared/use-cases/receipts';

const secretsOf = createSecretCache(deps.repo, deps.now);

export const handler = createApiHandler('receipts', {
  receiveReceipt: async ({ params, event }) => {
    try {
      const reply = await receiveReceipt(deps, secretsOf, params.storeId!, event.headers, rawBody(event));
      count(reply.body.status === 'applied' ? METRIC.receiptApplied : METRIC.receiptException);
      return reply;
    } catch (error) {
      // After the signature, a 400 means a signed receipt that failed the schema: kept as an exception.
      if (error instanceof BadRequest) count(METRIC.receiptException);
      throw error;
    }
  },
});
