// The local gateway's own refusals, before any function runs: they must have the documented error
// shape too, and an oversized upload must get its 413 rather than a reset connection.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.stop());

/** A raw HTTP/1.1 request, so the body can be streamed without a length and the socket watched. */
function post(path: string, body: Buffer | Buffer[], headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.system.url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    for (const part of [body].flat()) req.write(part);
    req.end();
  });
}

describe('the local gateway', () => {
  it('answers a malformed percent-escape in a path parameter with 400 naming the parameter', async () => {
    const reply = await api.call('GET', '/api/v1/scan/%E0%A4%A', { token: api.opsToken });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: {
        code: 'invalid_request',
        message: 'The path is not valid URL encoding',
        details: [{ path: 'path.lotCode', message: 'not valid percent-encoding' }],
      },
    });
  });

  it.each([
    ['declared in Content-Length', () => post('/api/v1/villages', Buffer.alloc(3 * 1024 * 1024, 'x'))],
    [
      'sent chunked, without a length',
      () =>
        post(
          '/api/v1/villages',
          Array.from({ length: 24 }, () => Buffer.alloc(128 * 1024, 'x')),
          { 'transfer-encoding': 'chunked' },
        ),
    ],
  ])('answers a body over its 1 MiB cap, %s, with 413 in the documented shape', async (_, send) => {
    const before = await api.snapshot();
    const reply = await send();
    expect(reply.status).toBe(413);
    expect(reply.body.error).toEqual({ code: 'payload_too_large', message: expect.stringContaining('1048576') });
    expect(await api.snapshot()).toBe(before);
    // The server is still there for the next request.
    expect((await api.call('GET', '/api/v1/openapi.json')).status).toBe(200);
  });
});
