// The layout's rules about who may import what, read from the import statements of every source file:
// the pure core keeps AWS out, infra does not reach into scripts, the scan function's hot path loads
// neither zod nor the document client, and every function group is fuzzed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionGroups } from '../shared/routes';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) ? [path] : [];
  });
}

/** The modules a file loads at run time: `import type` and `export type` statements are erased. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] as string,
  );
  const dynamic = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
  return [...specifiers, ...dynamic].map((spec) =>
    spec.startsWith('.') ? relative(root, resolveModule(join(dirname(join(root, file)), spec))) : spec,
  );
}

function resolveModule(path: string): string {
  for (const candidate of [`${path}.ts`, join(path, 'index.ts'), path]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return path;
}

/** Every module the file loads at run time, directly or through the project's own modules. */
function closure(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (current: string) => {
    for (const imported of runtimeImports(current)) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      if (imported.endsWith('.ts')) visit(imported);
    }
  };
  visit(file);
  return seen;
}

/** Adapters: the only modules of shared/ that talk to AWS. */
const isAdapter = (file: string) =>
  /^shared\/(\w+\/dynamodb|scan\/cloudfront|jobs\/sqs|exports\/s3|demand\/(s3|streams)|table\/(client|repositories))\.ts$/.test(file);

describe('the layout', () => {
  const shared = sourceFiles('shared');

  it('finds the files and imports it checks', () => {
    expect(shared).toContain('shared/lots/lot.ts');
    expect(runtimeImports('shared/lots/dynamodb.ts')).toContain('shared/agreements/dynamodb.ts');
    expect(runtimeImports('shared/villages/dynamodb.ts')).toContain('@aws-sdk/lib-dynamodb');
    expect(runtimeImports('shared/deps.ts')).toEqual([]);
  });

  it('keeps AWS SDK imports in the adapters of shared/, out of its pure core', () => {
    const offenders = shared.filter((file) => !isAdapter(file) && runtimeImports(file).some((spec) => spec.startsWith('@aws-sdk/')));
    expect(offenders).toEqual([]);
    expect(shared.filter(isAdapter).length).toBeGreaterThanOrEqual(11);
    expect(shared.filter(isAdapter)).toEqual(
      expect.arrayContaining(['shared/exports/s3.ts', 'shared/demand/s3.ts', 'shared/demand/streams.ts']),
    );
  });

  it('keeps the pure core free of adapters: use cases reach storage through the repository interfaces', () => {
    const offenders = shared
      .filter((file) => !isAdapter(file))
      .flatMap((file) =>
        runtimeImports(file)
          .filter((spec) => isAdapter(spec))
          .map((spec) => `${file} → ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps shared/ independent of functions, infra, scripts and the page', () => {
    const offenders = shared.flatMap((file) =>
      runtimeImports(file)
        .filter((spec) => /^(functions|infra|scripts|web)\//.test(spec))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has infra import nothing from scripts/', () => {
    const offenders = sourceFiles('infra').flatMap((file) =>
      runtimeImports(file)
        .filter((spec) => spec.startsWith('scripts/'))
        .map((spec) => `${file} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps zod, middy, Powertools, the document client and the other routes off the scan function’s path, but not its own row', () => {
    const loaded = [...closure('functions/scan.ts')];
    expect(loaded.filter((spec) => spec.startsWith('shared/routes/')).sort()).toEqual([
      'shared/routes/public.ts',
      'shared/routes/route.ts',
    ]);
    expect(loaded.filter((spec) => /^(zod|@middy\/|@aws-lambda-powertools\/|@aws-sdk\/lib-dynamodb)/.test(spec))).toEqual([]);
    expect([...closure('functions/lots.ts')]).toContain('zod');
  });

  it('has a fuzz test file for every function group of the route table, so a new group cannot go unfuzzed', () => {
    const missing = functionGroups.filter((group) => !existsSync(join(root, 'test/fuzz', `${group}.test.ts`)));
    expect(missing).toEqual([]);
  });
});
