// Builds the console into web/dist/console/: index.html, its script and style under content-hashed names
// (cached for good once loaded), the service worker that keeps the shell for offline use, and a CSP that
// allows only this origin's scripts (no inline script) and the sign-in service's token endpoint.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const consoleRoot = import.meta.dirname;

/** Phones from 2020 on: the browsers village staff carry, and every current desktop browser. */
const TARGET = ['chrome80', 'safari14.1', 'firefox78'];

export interface ConsoleBuild {
  /** Gzipped bytes of the shell: index.html, the script and the style, all a first visit loads. */
  readonly gzipBytes: { readonly html: number; readonly js: number; readonly css: number; readonly total: number };
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

async function bundle(entry: string, format?: 'iife' | 'esm'): Promise<string> {
  const result = await build({
    entryPoints: [join(consoleRoot, entry)],
    bundle: true,
    minify: true,
    write: false,
    target: TARGET,
    format,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * The CSP of the console: its own scripts and styles only (no inline script), API calls to its own
 * origin, and in AWS token requests to the sign-in domain, which is only known when the stack deploys.
 * The page carries it in a meta element; the CDN sends it as a header too.
 */
export function consoleCsp(authOrigin?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${authOrigin ? ` ${authOrigin}` : ''}`,
    "img-src 'self' data: blob:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

export async function buildConsole(dist: string): Promise<ConsoleBuild> {
  const [js, css, worker] = await Promise.all([bundle('main.tsx', 'iife'), bundle('styles.css'), bundle('sw.ts', 'iife')]);
  const script = `app-${hashOf(js)}.js`;
  const style = `app-${hashOf(css)}.css`;
  const html = readFileSync(join(consoleRoot, 'index.html'), 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .trim()
    .replace('{{CSP}}', consoleCsp())
    .replace('{{STYLE}}', style)
    .replace('{{SCRIPT}}', script);
  // Built beside, then swapped in by renames: a server or a parallel build never sees half a console.
  const out = join(dist, `console-${randomUUID()}.tmp`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, script), js);
  writeFileSync(join(out, style), css);
  writeFileSync(join(out, 'index.html'), html);
  // The worker caches the shell it ships with: a new build is a new worker, which replaces the old cache.
  writeFileSync(join(out, 'sw.js'), `self.SHELL=${JSON.stringify(['./', 'config.json', script, style])};${worker}`);
  const old = `${out}.old`;
  try {
    renameSync(join(dist, 'console'), old);
  } catch {
    // no console built before
  }
  renameSync(out, join(dist, 'console'));
  rmSync(old, { recursive: true, force: true });
  const gz = (text: string) => gzipSync(text).byteLength;
  return { gzipBytes: { html: gz(html), js: gz(js), css: gz(css), total: gz(html) + gz(js) + gz(css) } };
}

/** The console's index.html allowing token requests to the sign-in domain too. */
export function withAuthOrigin(html: string, origin: string): string {
  if (!html.includes(consoleCsp())) throw new Error("the console's page carries another CSP than consoleCsp()");
  return html.replace(consoleCsp(), consoleCsp(origin));
}

/** The built console's files. */
export const consoleFiles = (dist: string) => readdirSync(join(dist, 'console'));
