// The GS1 Digital Link resolver through the local front door, which runs CloudFront's page-route function:
// a Digital Link URI asked for links answers an RFC 9264 linkset or a 307 to one link, as the GS1-Conformant
// resolver standard has it; a browser scanning the same URI gets the page as before; errors are 400 and 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOLVER_CACHE } from '../../shared/resolver/linkset';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';

const GTIN = '06931234567899';
const VOC = 'https://gs1.org/voc/';
let api: TestApi;
let lotCode: string;
let otherLot: string;
let uri: string;

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.system.url}${path}`, { headers, redirect: 'manual' });
const linkset = { accept: 'application/linkset+json' };

beforeAll(async () => {
  api = await startTestApi();
  const { agreementId } = await setupAgreement(api, { gtin: GTIN, variety: 'Hongyan' });
  const lot = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
    token: api.opsToken,
    body: { clientLotId: 'r-1', grade: 'A', quantityKg: 3, harvestedOn: chinaDay(-1) },
  });
  lotCode = lot.body.lotCode;
  expect(lot.body.qrUrl).toBe(`${api.system.url}/01/${GTIN}/10/${lotCode}`);
  uri = `/01/${GTIN}/10/${lotCode}`;
  const { agreementId: plain } = await setupAgreement(api);
  otherLot = (
    await api.call('POST', `/api/v1/agreements/${plain}/lots`, {
      token: api.opsToken,
      body: { clientLotId: 'r-2', grade: 'A', quantityKg: 3, harvestedOn: chinaDay(-1) },
    })
  ).body.lotCode;
});
afterAll(async () => api?.stop());

describe('a Digital Link URI asked for its links', () => {
  it('answers Accept: application/linkset+json with an RFC 9264 linkset anchored at the URI, varying on Accept, with a Link header', async () => {
    const reply = await get(uri, linkset);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/linkset+json');
    expect(reply.headers.get('vary')).toBe('Accept');
    expect(reply.headers.get('cache-control')).toBe(RESOLVER_CACHE);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
    const link = reply.headers.get('link')!;
    expect(link).toContain(`<${api.system.url}${uri}?linkType=all>; rel="linkset"; type="application/linkset+json"`);
    expect(link).toContain(`rel="${VOC}defaultLink"`);
    const body = await reply.json();
    expect(Object.keys(body)).toEqual(['linkset']);
    expect(body.linkset).toHaveLength(1);
    const [context] = body.linkset;
    expect(context.anchor).toBe(`${api.system.url}${uri}`);
    expect(Object.keys(context).sort()).toEqual(
      ['anchor', ...['defaultLink', 'pip', 'recallStatus', 'recipeInfo', 'traceability'].map((t) => VOC + t)].sort(),
    );
    for (const [relation, targets] of Object.entries(context)) {
      if (relation === 'anchor') continue;
      // Each relation's targets are an array of objects with an href, even when there is one (RFC 9264 §4.2.2).
      expect(Array.isArray(targets), relation).toBe(true);
      for (const target of targets as Record<string, unknown>[]) {
        expect(target.href, relation).toMatch(/^http/);
        expect(typeof target.title).toBe('string');
        if (target.hreflang !== undefined) expect(Array.isArray(target.hreflang)).toBe(true);
      }
    }
    expect(context[`${VOC}pip`].map((l: { hreflang: string[] }) => l.hreflang)).toEqual([['zh'], ['en']]);
    expect(context[`${VOC}defaultLink`]).toEqual([expect.objectContaining({ href: `${api.system.url}${uri}`, type: 'text/html' })]);
    expect(context[`${VOC}traceability`][0].href).toBe(`${api.system.url}/api/v1/scan/${lotCode}`);
  });

  it('answers ?linkType=all with the same linkset, whatever the Accept header', async () => {
    const byAccept = await (await get(uri, linkset)).json();
    const reply = await get(`${uri}?linkType=all`, { accept: 'text/html' });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual(byAccept);
  });

  it('redirects ?linkType=gs1:… with 307 to the first link of that type, and an unknown type to the default link', async () => {
    for (const [type, location] of [
      ['gs1:recallStatus', `${api.system.url}/api/v1/scan/${lotCode}`],
      [`${VOC}pip`, `${api.system.url}${uri}`],
      ['gs1:recipeInfo', `${api.system.url}${uri}#recipes-heading`],
      ['gs1:epil', `${api.system.url}${uri}`],
    ]) {
      const reply = await get(`${uri}?linkType=${encodeURIComponent(type!)}`);
      expect([type, reply.status, reply.headers.get('location'), reply.headers.get('vary')]).toEqual([type, 307, location, 'Accept']);
      expect(reply.headers.get('link')).toContain('rel="linkset"');
    }
  });

  it('answers 404 for an unknown lot or a lot of another product, and 400 for a bad GTIN check digit or a malformed link type', async () => {
    expect((await get(`/01/${GTIN}/10/K85MVQP3KWTVPH301W`, linkset)).status).toBe(404);
    expect((await get(`/01/${GTIN}/10/${otherLot}`, linkset)).status).toBe(404);
    const badDigit = await get(`/01/06931234567898/10/${lotCode}`, linkset);
    expect(badDigit.status).toBe(400);
    expect((await badDigit.json()).error.details).toEqual([{ path: 'path.gtin', message: 'GTIN check digit does not match' }]);
    // Another check character than the lot's own (a random code may end in 0).
    const badCode = await get(`/01/${GTIN}/10/${lotCode.slice(0, -1)}${lotCode.endsWith('0') ? '1' : '0'}`, linkset);
    expect(badCode.status).toBe(400);
    expect((await get(`${uri}?linkType=${encodeURIComponent('<script>')}`)).status).toBe(400);
  });

  it('shows a recall in recallStatus at once at the origin, and lets caches keep the answer under a minute in all', async () => {
    const before = (await (await get(uri, linkset)).json()).linkset[0][`${VOC}recallStatus`][0].title;
    expect(before).toMatch(/^Not recalled/);
    const recall = await api.call('POST', `/api/v1/lots/${lotCode}/recall`, {
      token: api.opsToken,
      body: { reason: { zh: '复检', en: 'Re-test' } },
    });
    expect(recall.status).toBe(200);
    const after = (await (await get(uri, linkset)).json()).linkset[0][`${VOC}recallStatus`][0].title;
    expect(after).toMatch(/^Recalled on \d{4}-\d{2}-\d{2}: Re-test \/ 已召回：复检$/);
    const ages = Object.fromEntries(
      RESOLVER_CACHE.split(', ')
        .slice(1)
        .map((d) => d.split('='))
        .map(([k, v]) => [k, Number(v)]),
    );
    // The CDN keeps it s-maxage, then a client max-age more: together under the minute a recall may take.
    expect(ages['s-maxage']! + ages['max-age']!).toBeLessThan(60);
  });
});

describe('the same URI scanned by a browser', () => {
  it('still gets the page, byte for byte what the short form gets, without the resolver', async () => {
    const page = await get(`/l/${lotCode}`, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    const digital = await get(uri, { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });
    expect([digital.status, digital.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await digital.text()).toBe(await page.text());
    expect(digital.headers.get('link')).toBeNull();
  });
});

describe('the resolver description', () => {
  it('is at /.well-known/gs1resolver, naming its root, its primary key and its link types', async () => {
    const reply = await get('/.well-known/gs1resolver');
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({
      name: expect.any(String),
      resolverRoot: api.system.url,
      supportedPrimaryKeys: ['01'],
      supportedLinkTypes: [{ namespace: VOC, prefix: 'gs1:' }],
      linkTypes: ['gs1:pip', 'gs1:recipeInfo', 'gs1:traceability', 'gs1:recallStatus', 'gs1:defaultLink'],
    });
  });
});
