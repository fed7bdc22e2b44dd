// Builds the shopper page into web/dist/index.html: one file with the minified CSS and script inlined and a
// Content-Security-Policy that allows exactly those two and same-origin API calls. One file means one round
// trip before the page's own API lookup starts, which is what a shopper on a weak signal waits for.
// `npm run build:web` builds and prints the gzipped sizes; `npm start` builds when sources changed.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildConsole, type ConsoleBuild } from './console/build';

export const webRoot = import.meta.dirname;
export const webDist = join(webRoot, 'dist');
const pageFile = join(webDist, 'index.html');

/** Browsers from 2020–21 on (iOS 14.5), which covers the in-app browsers shoppers scan with. */
const TARGET = ['chrome80', 'safari14.1', 'firefox78'];

export interface WebBuild {
  readonly file: string;
  /** The console's shell, built beside the page (web/console/build.ts). */
  readonly console: ConsoleBuild;
  /** Gzipped bytes of each part and of the whole page as served. */
  readonly gzipBytes: { readonly html: number; readonly js: number; readonly css: number; readonly total: number };
}

const gzipped = (text: string) => gzipSync(text).byteLength;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + 1) >= 0) throw new Error(`web/index.html must contain ${search} exactly once`);
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [join(webRoot, entry)],
    bundle: true,
    minify: true,
    write: false,
    target: TARGET,
    format: entry.endsWith('.ts') ? 'iife' : undefined,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return (result.outputFiles[0]?.text ?? '').trim();
}

export async function buildWeb(): Promise<WebBuild> {
  const [js, css] = await Promise.all([bundle('main.ts'), bundle('styles.css')]);
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('the inlined script or style would close its own tag');

  const shell = readFileSync(join(webRoot, 'index.html'), 'utf8')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/>\s+</g, '><')
    .trim();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
  let html = replaceOnce(
    shell,
    '<meta charset="utf-8">',
    `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">`,
  );
  html = replaceOnce(html, '<link rel="stylesheet" href="styles.css">', `<style>${css}</style>`);
  html = replaceOnce(html, '<script src="main.ts"></script>', `<script>${js}</script>`);

  // Write then rename, so a server (or a parallel test file) never reads a half-written page.
  // The page last: its time is what ensureWebBuild compares with the sources.
  mkdirSync(webDist, { recursive: true });
  const admin = await buildConsole(webDist);
  const temporary = `${pageFile}.${randomUUID()}.tmp`;
  writeFileSync(temporary, html);
  renameSync(temporary, pageFile);
  return { file: pageFile, console: admin, gzipBytes: { html: gzipped(shell), js: gzipped(js), css: gzipped(css), total: gzipped(html) } };
}

/** The newest file of web/, this build script included. */
function newestSource(folder = webRoot): number {
  const entries = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.name !== 'dist');
  return Math.max(
    0,
    ...entries.map((entry) => (entry.isDirectory() ? newestSource(join(folder, entry.name)) : statSync(join(folder, entry.name)).mtimeMs)),
  );
}

/** Builds the page unless web/dist/index.html is newer than every file of web/ and its folders. */
export async function ensureWebBuild(): Promise<void> {
  let built = 0;
  try {
    built = statSync(pageFile).mtimeMs;
  } catch {
    // not built yet
  }
  if (built < newestSource()) await buildWeb();
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { file, gzipBytes, console: admin } = await buildWeb();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    `${file}\n  gzipped: html ${kb(gzipBytes.html)}, js ${kb(gzipBytes.js)}, css ${kb(gzipBytes.css)}; page ${kb(gzipBytes.total)}`,
  );
  console.log(`console shell gzipped: ${kb(admin.gzipBytes.total)} (js ${kb(admin.gzipBytes.js)}, css ${kb(admin.gzipBytes.css)})`);
}
