// A GS1 Digital Link URI of a lot (`/01/{gtin14}/10/{lotCode}`) answered as a GS1-conformant resolver
// answers machines: the lot's links as an RFC 9264 linkset, or a redirect to the link of one type. Pure:
// it is given the lot's public scan projection and the public origin.
import * as z from 'zod';
import type { ScanRecord } from '../scan/projection';

/** GS1 Web Vocabulary link types, by their full URI: the linkset's relation types. */
export const GS1_VOC = 'https://gs1.org/voc/';
export const LINK_TYPES = ['pip', 'recipeInfo', 'traceability', 'recallStatus', 'defaultLink'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const LINKSET_TYPE = 'application/linkset+json';

/**
 * The answer changes with a recall: kept at most 30 s by the CDN and 20 s more by a client, so a
 * recall shows in `recallStatus` within a minute without invalidating resolver paths.
 */
export const RESOLVER_CACHE = 'public, max-age=20, s-maxage=30';

export const Link = z.object({
  href: z.url(),
  title: z.string(),
  type: z.string().optional(),
  /** RFC 9264 §4.2.4.1: in JSON, hreflang is an array even with one language. */
  hreflang: z.array(z.string()).optional(),
});
export type LinkData = z.infer<typeof Link>;

export const Linkset = z.object({
  linkset: z.array(z.object({ anchor: z.url() }).catchall(z.array(Link))),
});

/** `all` (or `linkset`) asks for every link; a type by its CURIE (`gs1:pip`) or full URI. */
export const ResolveQuery = z.object({
  linkType: z
    .string()
    .regex(/^(all|linkset|gs1:[A-Za-z]{1,50}|https:\/\/gs1\.org\/voc\/[A-Za-z]{1,50})$/, 'expected all, or a link type such as gs1:pip')
    .optional(),
});

export const ResolverDescription = z.object({
  name: z.string(),
  resolverRoot: z.url(),
  supportedPrimaryKeys: z.array(z.string()),
  supportedLinkTypes: z.array(z.object({ namespace: z.url(), prefix: z.string(), profile: z.url().optional() })),
  linkTypes: z.array(z.string()),
  linkTypeDefaultCanBeLinkset: z.boolean(),
});

export const digitalLinkUri = (publicBaseUrl: string, gtin: string, lotCode: string) => `${publicBaseUrl}/01/${gtin}/10/${lotCode}`;

/** The relation a query names, or undefined for `all`; a type of another vocabulary is not ours to serve. */
export function requestedType(linkType: string | undefined): LinkType | 'all' | 'unknown' {
  if (linkType === undefined || linkType === 'all' || linkType === 'linkset') return 'all';
  const name = linkType.startsWith('gs1:') ? linkType.slice(4) : linkType.slice(GS1_VOC.length);
  return (LINK_TYPES as readonly string[]).includes(name) ? (name as LinkType) : 'unknown';
}

/** Every link of the lot, by type. The page is bilingual; it opens in the reader's language. */
export function linksOf(scan: ScanRecord, publicBaseUrl: string, anchor: string): Record<LinkType, LinkData[]> {
  const { product, village } = scan;
  const page = anchor;
  const lookup = `${publicBaseUrl}/api/v1/scan/${scan.lotCode}`;
  const recall = scan.recall
    ? `Recalled on ${scan.recall.recalledAt.slice(0, 10)}: ${scan.recall.reason.en} / 已召回：${scan.recall.reason.zh}`
    : 'Not recalled / 未召回';
  return {
    pip: [
      { href: page, title: `${product.name.zh} · ${village.name.zh}`, type: 'text/html', hreflang: ['zh'] },
      { href: page, title: `${product.name.en} from ${village.name.en}`, type: 'text/html', hreflang: ['en'] },
    ],
    recipeInfo: [{ href: `${page}#recipes-heading`, title: 'Recipes / 菜谱', type: 'text/html', hreflang: ['zh', 'en'] }],
    traceability: [{ href: lookup, title: 'Origin and journey of this lot / 产地与物流', type: 'application/json' }],
    recallStatus: [{ href: lookup, title: recall, type: 'application/json' }],
    defaultLink: [{ href: page, title: `${product.name.en} · ${product.name.zh}`, type: 'text/html' }],
  };
}

export function linksetOf(links: Record<LinkType, LinkData[]>, anchor: string): z.infer<typeof Linkset> {
  const entry: Record<string, unknown> = { anchor };
  for (const type of LINK_TYPES) entry[`${GS1_VOC}${type}`] = links[type];
  return { linkset: [entry as { anchor: string } & Record<string, LinkData[]>] };
}

/**
 * The Link header (RFC 8288): where the linkset is, and each link without its title (header values are
 * ASCII; the titles are in the linkset).
 */
export function linkHeader(links: Record<LinkType, LinkData[]>, anchor: string): string {
  const parts = [`<${anchor}?linkType=all>; rel="linkset"; type="${LINKSET_TYPE}"`];
  for (const type of LINK_TYPES) {
    for (const link of links[type]) {
      const lang = link.hreflang?.length === 1 ? `; hreflang="${link.hreflang[0]}"` : '';
      parts.push(`<${encodeURI(link.href)}>; rel="${GS1_VOC}${type}"${link.type ? `; type="${link.type}"` : ''}${lang}`);
    }
  }
  return parts.join(', ');
}

/** The resolver description of `/.well-known/gs1resolver`. */
export function resolverDescription(publicBaseUrl: string): z.infer<typeof ResolverDescription> {
  return {
    name: 'Village-direct produce resolver',
    resolverRoot: publicBaseUrl,
    supportedPrimaryKeys: ['01'],
    supportedLinkTypes: [{ namespace: GS1_VOC, prefix: 'gs1:', profile: `${GS1_VOC}?show=linktypes` }],
    linkTypes: LINK_TYPES.map((type) => `gs1:${type}`),
    linkTypeDefaultCanBeLinkset: false,
  };
}
