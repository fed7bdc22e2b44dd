// Signed shipment receipts from stores. No JWT: the Standard Webhooks signature over the raw body
// is the authentication, so the body is read raw and verified before it is parsed.
import { receiveReceipt, replyFor } from '../shared/receipts/use-cases';
import { createSecretCache } from '../shared/stores/signed-deliveries';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { rawBody, Reply } from './commons/http';
import { count, METRIC } from './commons/metrics';

const secretsOf = createSecretCache(deps);

export const handler = createApiHandler('receipts', {
  receiveReceipt: async ({ params, event }) => {
    const { record, fresh } = await receiveReceipt(deps, secretsOf, params.storeId, event.headers, rawBody(event));
    // Counted once per receipt, not once per delivery: a store's retry is answered from the stored one.
    if (fresh) count(record.status === 'applied' ? METRIC.receiptApplied : METRIC.receiptException);
    const { status, body } = replyFor(record);
    return new Reply(status, body);
  },
});
