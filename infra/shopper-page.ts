// The built shopper page, as the CDK app needs it: the folder to upload, the page-route rewrite that
// runs as a CloudFront Function, and the CSP sources of whatever the page inlines.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureWebBuild, webDist, webRoot } from '../web/build';

export interface ShopperPage {
  /** The built page (web/dist), uploaded as is. */
  readonly directory: string;
  /** web/rewrite.js: a plain script whose `handler` CloudFront calls on each viewer request. */
  readonly rewriteFile: string;
  /** `'sha256-…'` sources of the page's inline `<script>` elements, for the CSP's script-src. */
  readonly inlineScripts: readonly string[];
  /** `'sha256-…'` sources of the page's inline `<style>` elements, for the CSP's style-src. */
  readonly inlineStyles: readonly string[];
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hash source of the text of each element of a kind that has no `src` (inline), in page order. */
function inlineHashes(html: string, tag: 'script' | 'style'): string[] {
  const elements = html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}\\s*>`, 'gi'));
  return [...elements].filter(([, attributes = '']) => !/\bsrc\s*=/i.test(attributes)).map(([, , text = '']) => cspHash(text));
}

/** The page's inline scripts and styles, as CSP hash sources (browsers hash the element's text as is). */
export function inlineSources(html: string): Pick<ShopperPage, 'inlineScripts' | 'inlineStyles'> {
  return { inlineScripts: inlineHashes(html, 'script'), inlineStyles: inlineHashes(html, 'style') };
}

/** Builds the page unless web/dist is already newer than its sources, then reads what the CDN needs. */
export async function buildShopperPage(): Promise<ShopperPage> {
  await ensureWebBuild();
  const html = readFileSync(path.join(webDist, 'index.html'), 'utf8');
  return { directory: webDist, rewriteFile: path.join(webRoot, 'rewrite.js'), ...inlineSources(html) };
}
