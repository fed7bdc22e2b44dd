// Exports on DynamoDB Local and the local S3 server: the request stores the export and the worker (run by
// the local job queue, as SQS runs it in AWS) writes the file; the file is read back through the presigned
// URL, parsed and checked row by row against the lots; EPCIS documents pass epcis2.js's validation;
// refusals write nothing.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import epcis from 'epcis2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, startTestApi, type TestApi } from '../support/api';
import { postReceipt, receiptBody } from '../support/webhooks';

let api: TestApi;
let villageId: string;
let agreementId: string;
let staff: string;
const GTIN = '06931234567899';
/** Names with a comma, quotes and Chinese, which the CSV must carry intact. */
const VILLAGE = { zh: '龙鹄村', en: 'Longhu "Dragon", Village' };
const CROP = { zh: '红颜草莓', en: 'Strawberry, "Benihoppe"' };

interface LotSeen {
  lotCode: string;
  quantityKg: number;
  harvestedOn: string;
  field?: string;
  dispatchedAt?: string;
  received?: { acceptedKg: number; storeReceiptNo: string; receivedAt: string };
  recalled?: boolean;
}
const lots: LotSeen[] = [];

const exportOf = (body: unknown) => api.call('POST', '/api/v1/exports', { token: api.opsToken, body });
const getExport = async (exportId: string) => (await api.call('GET', `/api/v1/exports/${exportId}`, { token: api.opsToken })).body;

/** Asks for an export, lets the worker run, and downloads the file through its presigned URL. */
async function exported(format: string, scope: Record<string, unknown>, id = `${format}-${lots.length}-${JSON.stringify(scope).length}`) {
  const started = await exportOf({ clientExportId: id, format, scope });
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ status: 'running', format, scope, exportId: expect.stringMatching(/^exp_/) });
  await api.system.jobs.idle();
  const ready = await getExport(started.body.exportId);
  expect(ready).toMatchObject({ status: 'ready', downloadUrl: expect.any(String) });
  const download = await fetch(ready.downloadUrl);
  expect(download.status).toBe(200);
  const bytes = Buffer.from(await download.arrayBuffer());
  return { ready, bytes, text: bytes.toString('utf8') };
}

beforeAll(async () => {
  api = await startTestApi();
  const ops = { token: api.opsToken };
  await api.call('PUT', '/api/v1/crops/strawberry', { ...ops, body: { name: CROP, recipes: [] } });
  const village = await api.call('POST', '/api/v1/villages', {
    ...ops,
    body: { name: VILLAGE, province: 'Zhejiang', county: 'Anji', location: { lat: 30.63, lng: 119.68 } },
  });
  villageId = village.body.villageId;
  staff = await api.villageToken(villageId);
  const store = await api.call('POST', '/api/v1/stores', {
    ...ops,
    body: { storeId: 'sh-hq-001', name: { zh: '虹桥店', en: 'Hongqiao' }, city: 'Shanghai' },
  });
  const agreement = await api.call('POST', '/api/v1/agreements', {
    ...ops,
    body: {
      villageId,
      crop: 'strawberry',
      variety: 'Benihoppe',
      gtin: GTIN,
      committedKg: 10_000,
      tolerancePct: 0,
      prices: [{ grade: 'A', fenPerKg: 1234 }],
      deliveryWindow: { from: chinaDay(-60), to: chinaDay(10) },
    },
  });
  agreementId = agreement.body.agreementId;
  for (let i = 0; i < 6; i++) {
    const body = {
      clientLotId: `ex-${i}`,
      grade: 'A',
      quantityKg: 10 + i + 0.125,
      harvestedOn: chinaDay(-1 - i),
      field: i === 0 ? 'East slope, plot "3"' : undefined,
    };
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, { token: staff, body });
    expect(reply.status).toBe(201);
    lots.push({ lotCode: reply.body.lotCode, quantityKg: body.quantityKg, harvestedOn: body.harvestedOn, field: body.field });
  }
  for (const lot of lots.slice(0, 3)) {
    lot.dispatchedAt = new Date().toISOString();
    const reply = await api.call('POST', `/api/v1/lots/${lot.lotCode}/dispatch`, {
      token: staff,
      body: { storeId: 'sh-hq-001', dispatchedAt: lot.dispatchedAt },
    });
    expect(reply.status).toBe(200);
  }
  for (const [i, lot] of lots.slice(0, 2).entries()) {
    const receivedAt = new Date().toISOString();
    const data = {
      lotCode: lot.lotCode,
      receivedAt,
      acceptedKg: 9,
      rejectedKg: 1,
      rejectionReason: 'bruised',
      storeReceiptNo: `RCPT-${i}`,
    };
    expect((await postReceipt(api, 'sh-hq-001', store.body.webhookSecret, receiptBody(data))).status).toBe(200);
    lot.received = { acceptedKg: 9, storeReceiptNo: data.storeReceiptNo, receivedAt };
  }
  const recalled = lots[5]!;
  expect(
    (await api.call('POST', `/api/v1/lots/${recalled.lotCode}/recall`, { ...ops, body: { reason: { zh: '复检', en: 'Re-test' } } })).status,
  ).toBe(200);
  recalled.recalled = true;
});
afterAll(async () => api?.stop());

describe('an FSMA 204 export', () => {
  it('writes the sortable spreadsheet: the contract’s headers, one row per event of each lot, names intact, measured as stored', async () => {
    const { ready, bytes, text } = await exported('fsma204-csv', { villageId });
    expect(text.charCodeAt(0)).not.toBe(0xfeff); // no byte-order mark: the first header is exact
    const [header, ...records] = parse(text, { relaxColumnCount: false }) as string[][];
    expect(header).toEqual([
      'Traceability Lot Code',
      'Traceability Lot Code Source',
      'Traceability Lot Code Source Reference',
      'Critical Tracking Event',
      'Event Date',
      'Product Description',
      'Commodity',
      'Variety',
      'Quantity',
      'Unit of Measure',
      'Location Description',
      'Immediate Previous Source',
      'Immediate Subsequent Recipient',
      'Field Name',
      'Reference Document Type',
      'Reference Document Number',
    ]);
    const rows = records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])) as Record<string, string>);
    expect(ready).toMatchObject({
      lotCount: lots.length,
      rowCount: rows.length,
      bytes: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(rows).toHaveLength(lots.length * 2 + 3 + 2);
    for (const lot of lots) {
      const mine = rows.filter((r) => r['Traceability Lot Code'] === lot.lotCode);
      const events = mine.map((r) => r['Critical Tracking Event']);
      expect(events).toEqual([
        'Harvesting',
        'Initial Packing',
        ...(lot.dispatchedAt ? ['Shipping'] : []),
        ...(lot.received ? ['Receiving'] : []),
      ]);
      for (const row of mine) {
        expect(row['Traceability Lot Code Source']).toBe(`${VILLAGE.en} collection point (${VILLAGE.zh}收购点), Anji, Zhejiang, China`);
        expect(row['Traceability Lot Code Source Reference']).toBe('geo:30.63,119.68');
        expect(row['Product Description']).toBe(`${CROP.en} (${CROP.zh}), Benihoppe, grade A, GTIN ${GTIN}`);
        expect([row.Commodity, row.Variety, row['Unit of Measure']]).toEqual([CROP.en, 'Benihoppe', 'kg']);
        expect(row['Event Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      const [harvest, packing] = mine;
      expect(harvest).toMatchObject({ 'Event Date': lot.harvestedOn, Quantity: String(lot.quantityKg), 'Field Name': lot.field ?? '' });
      expect(harvest!['Location Description']).toBe(`${VILLAGE.en} (${VILLAGE.zh}), Anji, Zhejiang, China`);
      expect(packing).toMatchObject({
        'Immediate Previous Source': harvest!['Location Description'],
        'Location Description': harvest!['Traceability Lot Code Source'],
        'Reference Document Type': 'Sales agreement',
        'Reference Document Number': agreementId,
      });
      const shipping = mine.find((r) => r['Critical Tracking Event'] === 'Shipping');
      if (lot.dispatchedAt) {
        expect(shipping).toMatchObject({
          'Immediate Subsequent Recipient': 'Hongqiao (虹桥店), Shanghai, China; store sh-hq-001',
          'Reference Document Type': 'Dispatch',
        });
        expect(shipping!['Reference Document Number']).toBe(`${lot.lotCode}/${lot.dispatchedAt}`);
      }
      const receiving = mine.find((r) => r['Critical Tracking Event'] === 'Receiving');
      if (lot.received) {
        expect(receiving).toMatchObject({
          Quantity: '9',
          'Location Description': 'Hongqiao (虹桥店), Shanghai, China; store sh-hq-001',
          'Reference Document Type': 'Store receipt',
          'Reference Document Number': lot.received.storeReceiptNo,
        });
      }
    }
    // Harvest order, as traces read: the oldest harvest first.
    const order = [...new Set(rows.map((r) => r['Traceability Lot Code']))];
    expect(order).toEqual([...lots].sort((a, b) => (a.harvestedOn < b.harvestedOn ? -1 : 1)).map((l) => l.lotCode));
  });

  it('narrows a store scope by harvest dates, and lists the lots of listed codes and of a recall', async () => {
    const store = await exported('fsma204-csv', { storeId: 'sh-hq-001', harvestedFrom: chinaDay(-2), harvestedTo: chinaDay(-1) });
    expect(store.ready.lotCount).toBe(2);
    const codes = await exported('fsma204-csv', { lotCodes: [lots[4]!.lotCode, lots[1]!.lotCode] });
    expect(codes.ready).toMatchObject({ lotCount: 2, rowCount: 2 + 4 }); // one lot harvested only, one shipped and received
    const lot = await api.call('GET', `/api/v1/lots/${lots[5]!.lotCode}`, { token: api.opsToken });
    const recall = await exported('fsma204-csv', { recallId: lot.body.recall.recallId });
    expect(recall.ready).toMatchObject({ lotCount: 1, rowCount: 2 });
    expect(recall.text).toContain(lots[5]!.lotCode);
  });
});

describe('an EPCIS 2.0 export', () => {
  it('passes epcis2.js validation, with a commissioning per lot, shipping, receiving and recall events', async () => {
    const { ready, text } = await exported('epcis-2.0-jsonld', { agreementId });
    const document = JSON.parse(text);
    expect(epcis.validateEpcisDocument(document)).toMatchObject({ success: true });
    expect(document).toMatchObject({ type: 'EPCISDocument', schemaVersion: '2.0', creationDate: ready.createdAt });
    const events = document.epcisBody.eventList as Record<string, any>[];
    expect(ready).toMatchObject({ lotCount: lots.length, rowCount: events.length });
    for (const event of events) expect([event.type, event.eventTimeZoneOffset]).toEqual(['ObjectEvent', '+08:00']);
    for (const lot of lots) {
      const uri = `${api.system.url}/01/${GTIN}/10/${lot.lotCode}`;
      const mine = events.filter((e) => e.quantityList[0].epcClass === uri);
      expect(mine.map((e) => `${e.action} ${e.bizStep ?? '-'} ${e.disposition}`)).toEqual([
        'ADD commissioning active',
        ...(lot.dispatchedAt ? ['OBSERVE shipping in_transit'] : []),
        ...(lot.received ? ['OBSERVE receiving in_progress'] : []),
        ...(lot.recalled ? ['OBSERVE - recalled'] : []),
      ]);
      expect(mine[0]!.quantityList).toEqual([{ epcClass: uri, quantity: lot.quantityKg, uom: 'KGM' }]);
      const shipping = mine.find((e) => e.bizStep === 'shipping');
      if (shipping) {
        expect(shipping.eventTime).toBe(lot.dispatchedAt);
        expect(shipping.destinationList).toEqual([{ type: 'location', destination: `${api.system.url}/id/store/sh-hq-001` }]);
      }
      const receiving = mine.find((e) => e.bizStep === 'receiving');
      if (receiving) expect(receiving.quantityList[0].quantity).toBe(9);
    }
  });
});

describe('asking for an export', () => {
  it('answers a replay of the same request 200 with the same export, and another body under its id 409, writing nothing', async () => {
    const body = { clientExportId: 'replayed', format: 'fsma204-csv', scope: { agreementId, harvestedFrom: chinaDay(-3) } };
    const first = await exportOf(body);
    await api.system.jobs.idle();
    const again = await exportOf(body);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toMatchObject({ exportId: first.body.exportId, status: 'ready' });
    const before = await api.snapshot();
    const reused = await exportOf({ ...body, format: 'epcis-2.0-jsonld' });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'client_export_id_reused', details: { exportId: first.body.exportId } });
    expect(await api.snapshot()).toBe(before);
  });

  it('lists exports newest first, page by page, without download links, and only to ops', async () => {
    const made = [];
    for (const n of [1, 2, 3]) {
      made.push((await exportOf({ clientExportId: `listed-${n}`, format: 'fsma204-csv', scope: { agreementId } })).body.exportId);
    }
    await api.system.jobs.idle();
    const first = await api.call('GET', '/api/v1/exports?limit=2', { token: api.opsToken });
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: { exportId: string }) => x.exportId)).toEqual([made[2], made[1]]);
    const second = await api.call('GET', `/api/v1/exports?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, {
      token: api.opsToken,
    });
    expect(second.body.items[0].exportId).toBe(made[0]);
    for (const item of [...first.body.items, ...second.body.items]) expect(item.downloadUrl).toBeUndefined();
    expect(first.body.items[0]).toMatchObject({ status: 'ready', format: 'fsma204-csv', lotCount: expect.any(Number) });
    expect((await api.call('GET', '/api/v1/exports', { token: await api.villageToken(villageId) })).status).toBe(403);
  });

  it.each([
    ['an unknown village', { villageId: 'vil_0000000000000000' }, 404, undefined],
    ['an unknown agreement', { agreementId: 'agr_0000000000000000' }, 404, undefined],
    ['an unknown store', { storeId: 'no-such-store' }, 404, undefined],
    ['an unknown recall', { recallId: 'rcl_0000000000000000' }, 404, undefined],
    ['two anchors', { villageId: 'vil_0000000000000000', storeId: 'x1' }, 400, ['scope.villageId', 'scope.storeId']],
    [
      'reversed dates',
      { agreementId: 'agr_0000000000000000', harvestedFrom: '2025-05-02', harvestedTo: '2025-05-01' },
      400,
      ['scope.harvestedTo'],
    ],
    ['a date that is none', { agreementId: 'agr_0000000000000000', harvestedFrom: '2025-02-30' }, 400, ['scope.harvestedFrom']],
    [
      'no anchor',
      { harvestedFrom: '2025-05-01' },
      400,
      ['scope.villageId', 'scope.agreementId', 'scope.storeId', 'scope.recallId', 'scope.lotCodes'],
    ],
  ])('refuses %s, writing nothing', async (_, scope, status, fields) => {
    const before = await api.snapshot();
    const reply = await exportOf({ clientExportId: `bad-${Math.random()}`, format: 'fsma204-csv', scope });
    expect(reply.status).toBe(status);
    if (fields) expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(fields);
    expect(await api.snapshot()).toBe(before);
  });

  it('refuses unknown lot codes with 404 naming them, a bad format with 400, and village staff with 403, writing nothing', async () => {
    const before = await api.snapshot();
    const unknown = 'K85MVQP3KWTVPH301W';
    const codes = await exportOf({ clientExportId: 'codes', format: 'fsma204-csv', scope: { lotCodes: [lots[0]!.lotCode, unknown] } });
    expect(codes.status).toBe(404);
    expect(codes.body.error.message).toContain(unknown);
    const format = await exportOf({ clientExportId: 'fmt', format: 'xlsx', scope: { villageId } });
    expect(format.status).toBe(400);
    expect(format.body.error.details.map((d: { path: string }) => d.path)).toEqual(['format']);
    const byStaff = await api.call('POST', '/api/v1/exports', {
      token: staff,
      body: { clientExportId: 'st', format: 'fsma204-csv', scope: { villageId } },
    });
    expect(byStaff.status).toBe(403);
    expect((await api.call('GET', '/api/v1/exports/exp_0000000000000000', { token: staff })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/exports/exp_0000000000000000', { token: api.opsToken })).status).toBe(404);
    expect(await api.snapshot()).toBe(before);
  });
});
