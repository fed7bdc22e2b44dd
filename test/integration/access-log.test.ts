// The local gateway passes a request on as CloudFront does: with its request id and, on the uncached API
// paths, the viewer's address, which the functions write in their access line. A shopper's scan writes none.
import { isIP } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VIEWER_ADDRESS_HEADER } from '../../shared/config';
import { startTestApi, type TestApi } from '../support/api';

let api: TestApi;
beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
  vi.unstubAllEnvs();
});

/** The functions' JSON lines written while `call` ran. */
async function linesDuring(call: () => Promise<unknown>) {
  const lines: Record<string, unknown>[] = [];
  const written = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    for (const line of String(chunk).split('\n')) if (line.startsWith('{')) lines.push(JSON.parse(line));
    return true;
  });
  try {
    await call();
  } finally {
    written.mockRestore();
  }
  return lines;
}

describe('the access line through the local gateway', () => {
  it("names the viewer's own address, whatever address the viewer claimed", async () => {
    let status = 0;
    const lines = await linesDuring(async () => {
      const reply = await api.call('POST', '/api/v1/villages', {
        token: api.opsToken,
        body: { name: { zh: '村', en: 'Village' }, province: 'Sichuan', county: 'Danling' },
        headers: { [VIEWER_ADDRESS_HEADER]: '198.51.100.1' },
      });
      status = reply.status;
    });
    expect(status).toBe(201);
    expect(lines).toEqual([expect.objectContaining({ message: 'request', routeKey: 'POST /api/v1/villages', status: 201 })]);
    const [line] = lines;
    expect(line!.viewerIp).not.toBe('198.51.100.1');
    expect(isIP(String(line!.viewerIp))).not.toBe(0);
    expect(line!.cdnRequestId).toMatch(/^[\w-]{40,}$/);
    expect(line!.correlation_id).toEqual(expect.any(String));
  });

  it('writes nothing for a shopper scan', async () => {
    const lines = await linesDuring(() =>
      api.call('GET', '/api/v1/scan/K7QX2M9PRT4WZ', { headers: { [VIEWER_ADDRESS_HEADER]: '198.51.100.1' } }),
    );
    expect(lines).toEqual([]);
  });
});
