// Resolving a lot's GS1 Digital Link URI: one read of its public scan projection, then the linkset or a
// redirect to the link of the type asked for (the default link for a type this lot has none of).
import { NotFound } from '../errors';
import type { ScanRepository } from '../scan/projection';
import { digitalLinkUri, type LinkType, linkHeader, linksetOf, linksOf, requestedType } from './linkset';

export type Resolution =
  | { readonly kind: 'linkset'; readonly body: ReturnType<typeof linksetOf>; readonly link: string }
  | { readonly kind: 'redirect'; readonly location: string; readonly link: string };

export async function resolveLot(
  deps: { scans: ScanRepository; publicBaseUrl: string },
  gtin: string,
  lotCode: string,
  linkType: string | undefined,
): Promise<Resolution> {
  const scan = await deps.scans.get(lotCode);
  // A lot code under another product's GTIN names nothing: the pair is the identifier.
  if (!scan || scan.product.gtin !== gtin) throw new NotFound('Lot');
  const anchor = digitalLinkUri(deps.publicBaseUrl, gtin, lotCode);
  const links = linksOf(scan, deps.publicBaseUrl, anchor);
  const link = linkHeader(links, anchor);
  const wanted = requestedType(linkType);
  if (wanted === 'all') return { kind: 'linkset', body: linksetOf(links, anchor), link };
  const type: LinkType = wanted === 'unknown' ? 'defaultLink' : wanted;
  const [target = anchor] = links[type].map((l) => l.href);
  return { kind: 'redirect', location: target, link };
}
