// The Standard Webhooks check, pinned to the scheme's published test vector and to the exact edges
// of the ±5 minute window.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sign, signedHeaders, verifySignature, type SignedHeaders } from '../../../shared/stores/webhooks';

// The vector published with the Standard Webhooks reference libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const headersAt = (timestamp: number, signature: string, id = VECTOR.id): SignedHeaders => ({
  webhookId: id,
  timestamp: String(timestamp),
  signature,
});

describe('verifySignature', () => {
  // The reference library reads the clock itself, so tests of the 2021 vector run at its time.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(VECTOR.timestamp * 1000);
  });
  afterEach(() => void vi.useRealTimers());

  it('verifies the published test vector', () => {
    const now = new Date(VECTOR.timestamp * 1000);
    expect(sign(VECTOR.secret, VECTOR.id, now, VECTOR.body)).toBe(VECTOR.signature);
    expect(verifySignature([VECTOR.secret], headersAt(VECTOR.timestamp, VECTOR.signature), VECTOR.body, now)).toBe('valid');
  });

  it.each([
    [-299, 'valid'],
    [299, 'valid'],
    [-301, 'bad_timestamp'],
    [301, 'bad_timestamp'],
  ] as const)('treats a timestamp %i s from now as %s', (offset, verdict) => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const timestamp = nowSeconds + offset;
    const signature = sign(VECTOR.secret, VECTOR.id, new Date(timestamp * 1000), VECTOR.body);
    expect(verifySignature([VECTOR.secret], headersAt(timestamp, signature), VECTOR.body, new Date(nowSeconds * 1000))).toBe(verdict);
  });

  it('fails when one byte of whitespace in the body changes', () => {
    const now = new Date(VECTOR.timestamp * 1000);
    const headers = headersAt(VECTOR.timestamp, VECTOR.signature);
    expect(verifySignature([VECTOR.secret], headers, '{"test":  2432232314}', now)).toBe('bad_signature');
    expect(verifySignature([VECTOR.secret], headers, `${VECTOR.body}\n`, now)).toBe('bad_signature');
  });

  it('accepts a header carrying two signatures when either matches, for secret rotation', () => {
    const now = new Date(VECTOR.timestamp * 1000);
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const both = `${sign(other, VECTOR.id, now, VECTOR.body)} ${VECTOR.signature}`;
    expect(verifySignature([VECTOR.secret], headersAt(VECTOR.timestamp, both), VECTOR.body, now)).toBe('valid');
    expect(verifySignature([other], headersAt(VECTOR.timestamp, both), VECTOR.body, now)).toBe('valid');
    const third = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    expect(verifySignature([third], headersAt(VECTOR.timestamp, both), VECTOR.body, now)).toBe('bad_signature');
  });

  it('accepts a signature made with any of the store’s current secrets', () => {
    const now = new Date(VECTOR.timestamp * 1000);
    const other = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    expect(verifySignature([other, VECTOR.secret], headersAt(VECTOR.timestamp, VECTOR.signature), VECTOR.body, now)).toBe('valid');
    expect(verifySignature([other], headersAt(VECTOR.timestamp, VECTOR.signature), VECTOR.body, now)).toBe('bad_signature');
  });

  it('binds the webhook id into the signature', () => {
    const now = new Date(VECTOR.timestamp * 1000);
    expect(verifySignature([VECTOR.secret], headersAt(VECTOR.timestamp, VECTOR.signature, 'msg_other'), VECTOR.body, now)).toBe(
      'bad_signature',
    );
  });
});

describe('signedHeaders', () => {
  const valid = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1614265330', 'webhook-signature': VECTOR.signature };

  it('reads the three headers', () => {
    expect(signedHeaders(valid)).toEqual({ webhookId: 'msg_1', timestamp: '1614265330', signature: VECTOR.signature });
  });

  it.each([
    ['a missing id', { ...valid, 'webhook-id': undefined }],
    ['a missing signature', { ...valid, 'webhook-signature': undefined }],
    ['a non-numeric timestamp', { ...valid, 'webhook-timestamp': '2021-02-25T15:02:10Z' }],
    ['no v1 signature', { ...valid, 'webhook-signature': 'v0,abc' }],
    ['an id with spaces', { ...valid, 'webhook-id': 'msg 1' }],
  ])('refuses %s with 401', (_, headers) => {
    expect(() => signedHeaders(headers)).toThrow(expect.objectContaining({ status: 401 }));
  });
});
