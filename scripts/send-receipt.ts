// Posts a signed shipment receipt the way a store's system does, for trying the webhook locally:
//   npx tsx scripts/send-receipt.ts --store ID --secret whsec_… --lot CODE --accepted KG [--rejected KG --reason TEXT]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sign } from '../shared/stores/webhooks';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
    store: { type: 'string' },
    secret: { type: 'string' },
    lot: { type: 'string' },
    accepted: { type: 'string' },
    rejected: { type: 'string', default: '0' },
    reason: { type: 'string' },
    'receipt-no': { type: 'string' },
  },
});
if (!values.store || !values.secret || !values.lot || !values.accepted) {
  console.error('usage: send-receipt --store ID --secret whsec_… --lot CODE --accepted KG [--rejected KG --reason TEXT] [--url URL]');
  process.exit(2);
}

const now = new Date();
const body = JSON.stringify({
  type: 'shipment.received',
  timestamp: now.toISOString(),
  data: {
    lotCode: values.lot,
    receivedAt: now.toISOString(),
    acceptedKg: Number(values.accepted),
    rejectedKg: Number(values.rejected),
    ...(values.reason ? { rejectionReason: values.reason } : {}),
    ...(values['receipt-no'] ? { storeReceiptNo: values['receipt-no'] } : {}),
  },
});
const id = `msg_${randomUUID()}`;
const response = await fetch(`${values.url}/api/v1/stores/${values.store}/receipts`, {
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': sign(values.secret, id, now, body),
  },
  body,
});
console.log(`POST /api/v1/stores/${values.store}/receipts  webhook-id ${id}\n${body}\n→ ${response.status} ${await response.text()}`);
