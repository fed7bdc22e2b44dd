// The one route table: method, path, function group, access and documented status of every endpoint,
// and the rule each path parameter must meet. The CDK API, the local gateway, the Lambda dispatchers,
// the scan function and the OpenAPI document all read it. No zod here, so the scan function can import
// it; each operation's request and response schemas are in contract.ts.
import type { IdName } from './codes';

/**
 * Who may call: `ops` and `staff` (ops or the village's own staff) need a JWT; `store` is
 * authenticated by its Standard Webhooks signature instead; `public` needs nothing.
 */
export type Access = 'public' | 'ops' | 'staff' | 'store';

/** One Lambda function per group; the entry file is functions/{group}.ts. */
export type FunctionGroup =
  | 'catalogue'
  | 'agreements'
  | 'lots'
  | 'receipts'
  | 'sales'
  | 'traceability'
  | 'exports'
  | 'resolver'
  | 'scan'
  | 'docs';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** `{name}` segments are path parameters; each name is an identifier of codes.ts's ID_RULES. */
  readonly path: string;
  readonly group: FunctionGroup;
  readonly access: Access;
  /** The documented success status; an operation that answers another one says so itself. */
  readonly status: number;
  readonly summary: string;
}

export const routes = {
  listVillages: {
    method: 'GET',
    path: '/api/v1/villages',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'List villages, newest first',
  },
  createVillage: {
    method: 'POST',
    path: '/api/v1/villages',
    group: 'catalogue',
    access: 'ops',
    status: 201,
    summary: 'Register a village',
  },
  getVillage: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}',
    group: 'catalogue',
    access: 'staff',
    status: 200,
    summary: 'Read a village',
  },
  listCrops: { method: 'GET', path: '/api/v1/crops', group: 'catalogue', access: 'staff', status: 200, summary: 'List the crop catalogue' },
  putCrop: {
    method: 'PUT',
    path: '/api/v1/crops/{crop}',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'Create or replace a crop catalogue entry with its recipes',
  },
  listStores: {
    method: 'GET',
    path: '/api/v1/stores',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'List stores by id (never their webhook secrets)',
  },
  createStore: {
    method: 'POST',
    path: '/api/v1/stores',
    group: 'catalogue',
    access: 'ops',
    status: 201,
    summary: 'Register a store; the webhook secret is returned only here',
  },
  rotateStoreSecret: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/webhook-secret/rotate',
    group: 'catalogue',
    access: 'ops',
    status: 200,
    summary: 'Issue a new webhook secret; the previous one keeps working for 24 hours',
  },
  createAgreement: {
    method: 'POST',
    path: '/api/v1/agreements',
    group: 'agreements',
    access: 'ops',
    status: 201,
    summary: 'Sign a fixed-price sales agreement with a village',
  },
  getAgreement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: 'Read an agreement with its progress',
  },
  listVillageAgreements: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}/agreements',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: "List a village's agreements, newest first",
  },
  cancelAgreement: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/cancel',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Cancel an agreement; no further lots are accepted',
  },
  getSettlement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}/settlement',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: 'Per-lot and total payouts of an agreement',
  },
  recordLot: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/lots',
    group: 'lots',
    access: 'staff',
    status: 201,
    summary: 'Record a harvested lot (201 new, 200 replay of the same clientLotId)',
  },
  dispatchLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/dispatch',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Record that a lot left for a store',
  },
  getLot: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Read a lot (internal view)',
  },
  receiveReceipt: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/receipts',
    group: 'receipts',
    access: 'store',
    status: 200,
    summary: 'Signed shipment receipt from a store: 200 applied, 202 kept as an exception for ops',
  },
  listReceiptExceptions: {
    method: 'GET',
    path: '/api/v1/receipts/exceptions',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Signed receipts that could not be applied, newest first, with the reason',
  },
  receiveSales: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/sales',
    group: 'sales',
    access: 'store',
    status: 200,
    summary: 'Signed daily sales: 200 stored, 202 unknown crops kept',
  },
  listSalesExceptions: {
    method: 'GET',
    path: '/api/v1/sales/exceptions',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Sales lines of unknown crops',
  },
  recallLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/recall',
    group: 'lots',
    access: 'ops',
    status: 200,
    summary: 'Recall a lot: shoppers see the recall banner within a minute',
  },
  getLabel: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}/label.svg',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Printable label: QR code, product, village, harvest date, weight, lot code',
  },
  traceLots: {
    method: 'GET',
    path: '/api/v1/trace/lots',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'Lots of a village or an agreement (forward) or of a store (back), by harvest date, with where each went',
  },
  createRecall: {
    method: 'POST',
    path: '/api/v1/recalls',
    group: 'traceability',
    access: 'ops',
    status: 202,
    summary: 'Recall every lot of a scope; a worker recalls them (202), a replay of the same request answers 200',
  },
  listRecalls: {
    method: 'GET',
    path: '/api/v1/recalls',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'List recalls, newest first',
  },
  getRecall: {
    method: 'GET',
    path: '/api/v1/recalls/{recallId}',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'One recall with its progress',
  },
  listRecallLots: {
    method: 'GET',
    path: '/api/v1/recalls/{recallId}/lots',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'The lots a recall has recalled, by lot code',
  },
  createExport: {
    method: 'POST',
    path: '/api/v1/exports',
    group: 'exports',
    access: 'ops',
    status: 202,
    summary: 'Export records of a scope',
  },
  listExports: { method: 'GET', path: '/api/v1/exports', group: 'exports', access: 'ops', status: 200, summary: 'Exports, newest first' },
  getExport: { method: 'GET', path: '/api/v1/exports/{exportId}', group: 'exports', access: 'ops', status: 200, summary: 'An export' },
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

export type OperationId = keyof typeof routes;

/** The `{name}` parameters of a path, as a type: `ParamNames<'/a/{x}/b/{y}'>` is `'x' | 'y'`. */
export type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

// Every path parameter names an identifier with a rule: a route with any other `{name}` does not compile.
const everyParameterHasARule: ParamNames<(typeof routes)[OperationId]['path']> extends IdName ? true : never = true;
void everyParameterHasARule;

export const routeList = Object.entries(routes).map(([operationId, route]) => ({
  operationId: operationId as OperationId,
  ...(route as Route),
}));

export const functionGroups = [...new Set(routeList.map((r) => r.group))];

/** Routes behind the JWT authorizer: everything called by ops or village staff. */
export const needsJwt = (route: Pick<Route, 'access'>): route is Route & { access: 'ops' | 'staff' } =>
  route.access === 'ops' || route.access === 'staff';

/** API Gateway's route key, e.g. "POST /api/v1/villages". */
export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

/** The names of a path's parameters, in order. */
export const parameterNames = (path: string): IdName[] => [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name as IdName);
