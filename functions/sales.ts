// Signed daily sales summaries from stores. No JWT: like receipts, the Standard Webhooks signature over
// the raw body is the authentication, verified before the body is parsed.
import { receiveSales, salesReply } from '../shared/sales/use-cases';
import { createSecretCache } from '../shared/stores/signed-deliveries';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { rawBody, Reply } from './commons/http';

const secretsOf = createSecretCache(deps);

export const handler = createApiHandler('sales', {
  receiveSales: async ({ params, event }) => {
    const { record } = await receiveSales(deps, secretsOf, params.storeId, event.headers, rawBody(event));
    const { status, body } = salesReply(record);
    return new Reply(status, body);
  },
});
