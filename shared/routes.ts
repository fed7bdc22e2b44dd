// The one route table. The CDK API, the local server, the Lambda dispatchers and the OpenAPI
// document all read it, so adding an endpoint means adding a row here and an operation in its function.
import type { z } from 'zod';
import * as s from './schemas';

/**
 * Who may call: `ops` and `staff` (ops or the village's own staff) need a JWT; `store` is
 * authenticated by its Standard Webhooks signature instead; `public` needs nothing.
 */
export type Access = 'public' | 'ops' | 'staff' | 'store';

/** One Lambda function per group; the entry file is functions/{group}.ts. */
export type FunctionGroup = 'catalogue' | 'agreements' | 'lots' | 'receipts' | 'scan' | 'docs';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly group: FunctionGroup;
  readonly access: Access;
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly response?: { readonly status: number; readonly schema: z.ZodType; readonly contentType?: string };
}

export const routes = {
  createVillage: {
    method: 'POST',
    path: '/api/v1/villages',
    group: 'catalogue',
    access: 'ops',
    summary: 'Register a village',
    body: s.CreateVillage,
    response: { status: 201, schema: s.Village },
  },
  getVillage: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}',
    group: 'catalogue',
    access: 'staff',
    summary: 'Read a village',
    response: { status: 200, schema: s.Village },
  },
  putCrop: {
    method: 'PUT',
    path: '/api/v1/crops/{crop}',
    group: 'catalogue',
    access: 'ops',
    summary: 'Create or replace a crop catalogue entry with its recipes',
    body: s.PutCrop,
    response: { status: 200, schema: s.Crop },
  },
  createStore: {
    method: 'POST',
    path: '/api/v1/stores',
    group: 'catalogue',
    access: 'ops',
    summary: 'Register a store; the webhook secret is returned only here',
    body: s.CreateStore,
    response: { status: 201, schema: s.StoreCreated },
  },
  rotateStoreSecret: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/webhook-secret/rotate',
    group: 'catalogue',
    access: 'ops',
    summary: 'Issue a new webhook secret; the previous one keeps working for 24 hours',
    response: { status: 200, schema: s.RotatedSecret },
  },
  createAgreement: {
    method: 'POST',
    path: '/api/v1/agreements',
    group: 'agreements',
    access: 'ops',
    summary: 'Sign a fixed-price sales agreement with a village',
    body: s.CreateAgreement,
    response: { status: 201, schema: s.Agreement },
  },
  getAgreement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}',
    group: 'agreements',
    access: 'staff',
    summary: 'Read an agreement with its progress',
    response: { status: 200, schema: s.Agreement },
  },
  listVillageAgreements: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}/agreements',
    group: 'agreements',
    access: 'staff',
    summary: "List a village's agreements, newest first",
    query: s.ListQuery,
    response: { status: 200, schema: s.AgreementPage },
  },
  cancelAgreement: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/cancel',
    group: 'agreements',
    access: 'ops',
    summary: 'Cancel an agreement; no further lots are accepted',
    body: s.CancelAgreement,
    response: { status: 200, schema: s.Agreement },
  },
  getSettlement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}/settlement',
    group: 'agreements',
    access: 'staff',
    summary: 'Per-lot and total payouts of an agreement',
    response: { status: 200, schema: s.Settlement },
  },
  recordLot: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/lots',
    group: 'lots',
    access: 'staff',
    summary: 'Record a harvested lot (201 new, 200 replay of the same clientLotId)',
    body: s.RecordLot,
    response: { status: 201, schema: s.Lot },
  },
  dispatchLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/dispatch',
    group: 'lots',
    access: 'staff',
    summary: 'Record that a lot left for a store',
    body: s.DispatchLot,
    response: { status: 200, schema: s.Lot },
  },
  getLot: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}',
    group: 'lots',
    access: 'staff',
    summary: 'Read a lot (internal view)',
    response: { status: 200, schema: s.Lot },
  },
  receiveReceipt: {
    method: 'POST',
    path: '/api/v1/stores/{storeId}/receipts',
    group: 'receipts',
    access: 'store',
    summary: 'Signed shipment receipt from a store: 200 applied, 202 kept as an exception for ops',
    body: s.ReceiptWebhook,
    response: { status: 200, schema: s.ReceiptReply },
  },
  listReceiptExceptions: {
    method: 'GET',
    path: '/api/v1/receipts/exceptions',
    group: 'agreements',
    access: 'ops',
    summary: 'Signed receipts that could not be applied, newest first, with the reason',
    query: s.ListQuery,
    response: { status: 200, schema: s.ReceiptExceptionPage },
  },
  recallLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/recall',
    group: 'lots',
    access: 'ops',
    summary: 'Recall a lot: shoppers see the recall banner within a minute',
    body: s.RecallLot,
    response: { status: 200, schema: s.Lot },
  },
  getLabel: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}/label.svg',
    group: 'lots',
    access: 'staff',
    summary: 'Printable label: QR code, product, village, harvest date, weight, lot code',
  },
  scanLot: {
    method: 'GET',
    path: '/api/v1/scan/{lotCode}',
    group: 'scan',
    access: 'public',
    summary: 'Public origin story of a lot, for the shopper page; cached by the CDN',
    response: { status: 200, schema: s.ScanView },
  },
  getOpenApi: {
    method: 'GET',
    path: '/api/v1/openapi.json',
    group: 'docs',
    access: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
  },
} as const satisfies Record<string, Route>;

export type OperationId = keyof typeof routes;

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
