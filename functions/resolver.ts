// Public: the GS1 Digital Link resolver behind the QR URLs. CloudFront's page-route function sends it
// the requests that ask for links (Accept: application/linkset+json or ?linkType=…); browsers get the page.
import { LINKSET_TYPE, RESOLVER_CACHE, resolverDescription } from '../shared/resolver/linkset';
import { resolveLot } from '../shared/resolver/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';
import { RawReply } from './commons/http';

/** Every answer varies on Accept at the same URI, may be read from any origin, and changes with a recall. */
const common = { vary: 'Accept', 'access-control-allow-origin': '*', 'cache-control': RESOLVER_CACHE };

export const handler = createApiHandler('resolver', {
  resolveLot: async ({ params, query }) => {
    const answer = await resolveLot(deps, params.gtin, params.lotCode, query.linkType);
    const headers = { ...common, link: answer.link };
    if (answer.kind === 'redirect') return new RawReply({ statusCode: 307, headers: { ...headers, location: answer.location }, body: '' });
    return new RawReply({ statusCode: 200, headers: { ...headers, 'content-type': LINKSET_TYPE }, body: JSON.stringify(answer.body) });
  },
  describeResolver: async () => resolverDescription(deps.publicBaseUrl),
});
