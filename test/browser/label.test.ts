// The printable label: rendered in real Chromium, its QR code decoded back to the page URL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let browser: BrowserContext;

beforeAll(async () => {
  api = await startTestApi();
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'label-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

/** Rasterises the SVG in Chromium and decodes the QR code in it. */
async function decodeQr(svg: string): Promise<string | undefined> {
  const page = await browser.newPage();
  try {
    // Half size is ample (≥ 7 px a module); pixels cross over as base64, not a huge JSON array.
    const [width, height] = [500, 300];
    const base64 = await page.evaluate(
      async ({ markup, width, height }) => {
        const image = new Image();
        image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(markup)))}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0, width, height);
        const data = context.getImageData(0, 0, width, height).data;
        let binary = '';
        for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return btoa(binary);
      },
      { markup: svg, width, height },
    );
    return jsQR(new Uint8ClampedArray(Buffer.from(base64, 'base64')), width, height)?.data;
  } finally {
    await page.close();
  }
}

async function labelFor(overrides: Record<string, unknown>) {
  const { agreementId, villageId } = await setupAgreement(api, overrides);
  const token = await api.villageToken(villageId);
  const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
    token,
    body: { clientLotId: `label-${Math.random()}`, grade: 'A', quantityKg: 12.5, harvestedOn: chinaDay(-1) },
  });
  const response = await fetch(`${api.system.url}/api/v1/lots/${lot.body.lotCode}/label.svg`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { lotCode: lot.body.lotCode as string, response, svg: await response.text() };
}

describe('lot label', () => {
  it('encodes the GS1 Digital Link when the agreement has a GTIN, with the human-readable lines', async () => {
    const { lotCode, response, svg } = await labelFor({ gtin: '06931234567899', variety: 'Benihoppe' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await decodeQr(svg)).toBe(`${api.system.url}/01/06931234567899/10/${lotCode}`);
    for (const line of ['草莓 Benihoppe', 'Strawberry (Benihoppe)', 'Test Village', chinaDay(-1), '12.5 kg', lotCode]) {
      expect(svg).toContain(line);
    }
  });

  it('encodes the short form without a GTIN', async () => {
    const { lotCode, svg } = await labelFor({});
    expect(await decodeQr(svg)).toBe(`${api.system.url}/l/${lotCode}`);
  });

  it("refuses another village's staff", async () => {
    const { lotCode } = await labelFor({});
    const other = await setupAgreement(api);
    const reply = await api.call('GET', `/api/v1/lots/${lotCode}/label.svg`, { token: await api.villageToken(other.villageId) });
    expect(reply.status).toBe(403);
  });
});
