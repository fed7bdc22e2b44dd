// Public: the OpenAPI document, built once per container.
import { buildOpenApi } from '../shared/openapi';
import { createApiHandler } from './commons/api';
import { json, RawReply } from './commons/http';

let document: string | undefined;

export const handler = createApiHandler('docs', {
  getOpenApi: async () => {
    document ??= JSON.stringify(buildOpenApi());
    return new RawReply({ ...json(200, null, { 'cache-control': 'public, max-age=300' }), body: document });
  },
});
