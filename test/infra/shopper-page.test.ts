import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../infra/constructs/cdn';
import { inlineSources } from '../../infra/shopper-page';

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the CSP sources of an inlining page', () => {
  it('hashes the exact text of each inline script and style, untrimmed, in page order', () => {
    const html =
      '<html><head><style>\n p { color: red }\n</style><style media="print">p{color:#000}</style></head>' +
      '<body><script>var a = "é";</script><script type="module">a()</script></body></html>';

    expect(inlineSources(html)).toEqual({
      inlineScripts: [hashOf('var a = "é";'), hashOf('a()')],
      inlineStyles: [hashOf('\n p { color: red }\n'), hashOf('p{color:#000}')],
    });
  });

  it('leaves out scripts loaded from a file, which script-src allows as the page’s own', () => {
    expect(inlineSources('<script src="/app.js"></script><link rel="stylesheet" href="/app.css">')).toEqual({
      inlineScripts: [],
      inlineStyles: [],
    });
  });
});

describe('the Content-Security-Policy', () => {
  it('allows only same-origin files when the page inlines nothing', () => {
    expect(contentSecurityPolicy({ inlineScripts: [], inlineStyles: [] })).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('adds the hashes of inline code to its own directive only, never unsafe-inline', () => {
    const csp = contentSecurityPolicy({ inlineScripts: ["'sha256-s'"], inlineStyles: ["'sha256-c'"] });

    expect(csp).toContain("script-src 'self' 'sha256-s';");
    expect(csp).toContain("style-src 'self' 'sha256-c';");
    expect(csp).not.toContain('unsafe-inline');
  });
});
