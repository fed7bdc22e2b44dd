// The resolver's pure parts: which link type a query asks for, the linkset's shape and the Link header.
import { describe, expect, it } from 'vitest';
import { GS1_VOC, LINK_TYPES, linkHeader, linksetOf, linksOf, requestedType, ResolveQuery } from '../../../shared/resolver/linkset';
import { newScanRecord } from '../../../shared/scan/projection';
import { agreement, lotRecord } from '../../support/records';

const BASE = 'https://scan.example.cn';
const scan = newScanRecord(agreement(), lotRecord());
const anchor = `${BASE}/01/06931234567899/10/${scan.lotCode}`;

describe('requestedType', () => {
  it.each([
    [undefined, 'all'],
    ['all', 'all'],
    ['linkset', 'all'],
    ['gs1:pip', 'pip'],
    [`${GS1_VOC}recallStatus`, 'recallStatus'],
    ['gs1:epil', 'unknown'],
  ])('reads %s as %s', (linkType, type) => {
    expect(requestedType(linkType)).toBe(type);
  });

  it.each(['GS1:pip', 'http://gs1.org/voc/pip', 'gs1:', 'all ', 'other:pip'])('refuses %j at the query', (linkType) => {
    expect(ResolveQuery.safeParse({ linkType }).success).toBe(false);
  });
});

describe('the linkset', () => {
  const links = linksOf(scan, BASE, anchor);

  it('has one context object anchored at the URI, with an array of targets for each GS1 link type', () => {
    const { linkset } = linksetOf(links, anchor);
    expect(linkset).toHaveLength(1);
    expect(Object.keys(linkset[0]!)).toEqual(['anchor', ...LINK_TYPES.map((t) => `${GS1_VOC}${t}`)]);
    expect(linkset[0]!.anchor).toBe(anchor);
  });

  it('says in recallStatus whether the lot is recalled', () => {
    expect(links.recallStatus[0]!.title).toMatch(/^Not recalled/);
    const recalled = { ...scan, recall: { reason: { zh: '复检', en: 'Re-test' }, recalledAt: '2025-02-01T00:00:00.000Z' } };
    expect(linksOf(recalled, BASE, anchor).recallStatus[0]!.title).toBe('Recalled on 2025-02-01: Re-test / 已召回：复检');
  });

  it('lists the linkset and every link in the Link header, in ASCII', () => {
    const header = linkHeader(links, anchor);
    expect(header.startsWith(`<${anchor}?linkType=all>; rel="linkset"; type="application/linkset+json"`)).toBe(true);
    for (const type of LINK_TYPES) expect(header).toContain(`rel="${GS1_VOC}${type}"`);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });
});
