// What anyone may read: the shopper's scan lookup, the GS1 resolver and this API's own document.
import type { Route } from './route';

export const publicRoutes = {
  resolveLot: {
    method: 'GET',
    path: '/api/v1/resolve/01/{gtin}/10/{lotCode}',
    group: 'resolver',
    access: 'public',
    status: 200,
    summary: 'GS1 Digital Link links',
  },
  describeResolver: { method: 'GET', path: '/api/v1/resolver', group: 'resolver', access: 'public', status: 200, summary: 'GS1 resolver' },
  scanLot: {
    method: 'GET',
    path: '/api/v1/scan/{lotCode}',
    group: 'scan',
    access: 'public',
    status: 200,
    summary: 'Public origin story of a lot, for the shopper page; cached by the CDN',
  },
  getOpenApi: {
    method: 'GET',
    path: '/api/v1/openapi.json',
    group: 'docs',
    access: 'public',
    status: 200,
    summary: 'This API as an OpenAPI 3.1 document',
  },
} as const satisfies Record<string, Route>;
