// Public: the OpenAPI document, built once per container.
import { createApiHandler } from './commons/api';
import { json } from './commons/http';
import { buildOpenApi } from '../shared/openapi';

let document: string | undefined;

export const handler = createApiHandler('docs', {
  getOpenApi: async () => {
    document ??= JSON.stringify(buildOpenApi());
    return { ...json(200, null, { 'cache-control': 'public, max-age=300' }), body: document };
  },
});
