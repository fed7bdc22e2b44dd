// Hash routes (`#/villages/vil_…`): the console is one static file, so every screen is reachable from
// the CDN without rewrites, and a bookmark or reload keeps the screen.
import { signal } from './state';

export const route = signal(parse());

function parse(): string[] {
  const [path = ''] = location.hash.replace(/^#\/?/, '').split('?');
  return path.split('/').filter(Boolean).map(decodeURIComponent);
}

addEventListener('hashchange', () => route.set(parse()));

export const href = (...parts: string[]) => `#/${parts.map(encodeURIComponent).join('/')}`;

export function go(...parts: string[]): void {
  location.hash = href(...parts);
}
