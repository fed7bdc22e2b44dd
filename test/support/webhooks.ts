// Signs and posts receipts the way a store's system would.
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

export async function postReceipt(api: TestApi, storeId: string, secret: string, body: string, delivery: Delivery = {}): Promise<Reply> {
  const id = delivery.id ?? `msg_${randomUUID()}`;
  const at = delivery.at ?? new Date();
  return api.call('POST', `/api/v1/stores/${storeId}/receipts`, {
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
