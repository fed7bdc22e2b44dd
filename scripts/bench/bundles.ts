// Bundles every function, and the bare GetItem baseline, through the construct the stacks deploy them with
// (infra/constructs/api-function.ts), so the sizes are the deployed ones. Each is then rebuilt with esbuild's
// metafile, from the construct's own settings (infra/constructs/bundling.ts), to say what fills it; the
// bench reports whether that rebuild matches the deployed bundle byte for byte.
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build, type Metafile } from 'esbuild';
import { ApiFunction } from '../../infra/constructs/api-function';
import { esbuildSettings } from '../../infra/constructs/bundling';
import { functionGroups } from '../../shared/routes';

const repoRoot = join(import.meta.dirname, '../..');

export interface Contributor {
  readonly name: string;
  readonly bytes: number;
}

export interface Bundle {
  readonly name: string;
  readonly entry: string;
  /** The construct's output, index.mjs. */
  readonly file: string;
  readonly bytes: number;
  /** What the metafile rebuild weighs; equal to `bytes` unless NodejsFunction adds a setting of its own. */
  readonly metafileBytes: number;
  /** Packages (and first-party files) by bytes in the output, largest first. */
  readonly contributors: readonly Contributor[];
}

/** The package a bundled input belongs to, or the repository-relative path of a first-party file. */
function ownerOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input;
  const [scope, name] = input.slice(at + 'node_modules/'.length).split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : (scope as string);
}

function contributors(metafile: Metafile): Contributor[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = ownerOf(input);
      totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export const BASELINE = 'baseline';

/** The baseline first, then one bundle per function group given (by default all of the route table's), built under `outdir`. */
export async function buildBundles(outdir: string, groups: readonly string[] = functionGroups): Promise<Bundle[]> {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench');
  const entries = [
    { name: BASELINE, entry: join(repoRoot, 'scripts/bench/baseline-handler.ts') },
    ...groups.map((group) => ({ name: group, entry: join(repoRoot, 'functions', `${group}.ts`) })),
  ];
  const bundles: Bundle[] = [];
  for (const { name, entry } of entries) {
    const fn = new ApiFunction(stack, name, {
      entry,
      description: `bench ${name}`,
      publicBaseUrl: 'https://bench.invalid',
      stage: 'bench',
      originSecrets: '{}',
      logRetention: RetentionDays.ONE_DAY,
      logRemovalPolicy: RemovalPolicy.DESTROY,
    });
    const cfn = fn.function.node.defaultChild as CfnFunction;
    const { s3Key } = cfn.code as CfnFunction.CodeProperty;
    const file = join(outdir, `asset.${String(s3Key).replace(/\.zip$/, '')}`, 'index.mjs');
    const result = await build({
      ...esbuildSettings,
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      outfile: 'index.mjs',
      metafile: true,
      write: false,
      logLevel: 'silent',
      absWorkingDir: repoRoot,
    });
    bundles.push({
      name,
      entry: relative(repoRoot, entry),
      file,
      bytes: statSync(file).size,
      metafileBytes: result.outputFiles[0]?.contents.byteLength ?? 0,
      contributors: contributors(result.metafile),
    });
  }
  return bundles;
}
