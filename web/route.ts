// Where the page finds its lot code: the same two routes that web/rewrite.js sends to the page
// (test/web/rewrite.test.ts holds the two to the same paths).
const ROUTES = [/^\/l\/([^/]+)\/?$/, /^\/01\/\d{14}\/10\/([^/]+)\/?$/];

/** The lot code in a page path, upper-cased as printed on labels; undefined when the path has none. */
export function lotCodeFromPath(pathname: string): string | undefined {
  for (const route of ROUTES) {
    const encoded = route.exec(pathname)?.[1];
    if (encoded === undefined) continue;
    try {
      return decodeURIComponent(encoded).trim().toUpperCase() || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
