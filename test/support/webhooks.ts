// Signs and posts receipts and sales the way a store's system would.
import { randomUUID } from 'node:crypto';
import { sign } from '../../shared/stores/webhooks';
import type { Reply, TestApi } from './api';

export interface Delivery {
  id?: string;
  at?: Date;
  /** Replaces the signature header entirely. */
  signature?: string;
  /** Sent instead of the signed text (to prove the signature covers the exact bytes). */
  sentBody?: string;
  headers?: Record<string, string>;
}

export function receiptBody(data: Record<string, unknown>) {
  return JSON.stringify({ type: 'shipment.received', timestamp: new Date().toISOString(), data });
}

export function salesBody(data: Record<string, unknown>, timestamp = new Date().toISOString()) {
  return JSON.stringify({ type: 'sales.daily', timestamp, data });
}

export const postReceipt = (api: TestApi, storeId: string, secret: string, body: string, delivery: Delivery = {}) =>
  postSigned(api, `/api/v1/stores/${storeId}/receipts`, secret, body, delivery);

export const postSales = (api: TestApi, storeId: string, secret: string, body: string, delivery: Delivery = {}) =>
  postSigned(api, `/api/v1/stores/${storeId}/sales`, secret, body, delivery);

async function postSigned(api: TestApi, path: string, secret: string, body: string, delivery: Delivery): Promise<Reply> {
  const id = delivery.id ?? `msg_${randomUUID()}`;
  const at = delivery.at ?? new Date();
  return api.call('POST', path, {
    raw: delivery.sentBody ?? body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': delivery.signature ?? sign(secret, id, at, body),
      ...delivery.headers,
    },
  });
}
