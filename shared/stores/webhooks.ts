// Store authentication by the Standard Webhooks scheme, through its reference library: HMAC-SHA256
// over "{id}.{timestamp}.{raw body}", several signatures per header, ±5 minutes, constant-time compare.
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { Unauthorized } from '../errors';

export interface SignedHeaders {
  readonly webhookId: string;
  readonly timestamp: string;
  readonly signature: string;
}

const WEBHOOK_ID = /^[\x21-\x7e]{1,128}$/;

/** The three headers, or 401 naming what is missing or malformed, before any secret is looked up. */
export function signedHeaders(headers: Readonly<Record<string, string | undefined>>): SignedHeaders {
  const webhookId = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!webhookId || !timestamp || !signature) {
    throw new Unauthorized('Missing webhook-id, webhook-timestamp or webhook-signature header');
  }
  if (!WEBHOOK_ID.test(webhookId)) throw new Unauthorized('webhook-id must be 1–128 printable ASCII characters');
  if (!/^\d{1,12}$/.test(timestamp)) throw new Unauthorized('webhook-timestamp must be Unix seconds');
  if (!/(^|\s)v1,[A-Za-z0-9+/=]+/.test(signature)) throw new Unauthorized('webhook-signature carries no v1 signature');
  return { webhookId, timestamp, signature };
}

export type Verdict = 'valid' | 'bad_signature' | 'bad_timestamp';

export const TOLERANCE_SECONDS = 5 * 60;

/** Whether any of the store's secrets signed this body; a timestamp outside ±5 minutes fails for all. */
export function verifySignature(secrets: readonly string[], signed: SignedHeaders, body: string, now: Date): Verdict {
  // The library checks the window too; checking it here first tells the store which of the two failed.
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(signed.timestamp)) > TOLERANCE_SECONDS) return 'bad_timestamp';
  const headers = {
    'webhook-id': signed.webhookId,
    'webhook-timestamp': signed.timestamp,
    'webhook-signature': signed.signature,
  };
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, headers, { jsonParse: false });
      return 'valid';
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
    }
  }
  return 'bad_signature';
}

/** Signs a body the way a store must: used by the demo sender and the tests. */
export function sign(secret: string, webhookId: string, at: Date, body: string): string {
  return new Webhook(secret).sign(webhookId, at, body);
}
