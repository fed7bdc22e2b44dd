// Cold-start module init: how long a fresh `node` process takes to import a bundle, which is what Lambda
// does before the first request. Runs alternate between the bundles (ABBA) so drift hits both alike.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { DEPLOYED_ENV } from './settings';
import type { Round } from './stats';

/** Runs in the child: the import alone, without node's own start-up. */
const CHILD = `const t = performance.now(); await import(process.env.BENCH_MODULE); process.stdout.write(String(performance.now() - t));`;

function importOnce(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { ...env, BENCH_MODULE: pathToFileURL(file).href },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const value = Number(out);
      if (code === 0 && Number.isFinite(value)) resolve(value);
      else reject(new Error(`importing ${file} failed (exit ${code}): ${err.trim().slice(0, 2000)}`));
    });
  });
}

/**
 * `rounds` rounds of `runs` fresh processes per bundle. Within a round the two alternate in ABBA order,
 * so drift affects both alike; each round gives one ratio (see gatedRatio in budgets.ts).
 */
export async function measureInit(baseline: string, subject: string, rounds: number, runs: number): Promise<Round[]> {
  // What Lambda sets, and what the functions' configuration reader requires at import.
  const env = {
    PATH: process.env.PATH,
    AWS_REGION: 'local',
    TABLE_NAME: 'bench',
    PUBLIC_BASE_URL: 'https://bench.invalid',
    ...DEPLOYED_ENV,
    NODE_OPTIONS: '',
  };
  const result: Round[] = [];
  for (let r = 0; r < rounds; r++) {
    const round = { baseline: [] as number[], subject: [] as number[] };
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? (['baseline', 'subject'] as const) : (['subject', 'baseline'] as const);
      for (const side of order) round[side].push(await importOnce(side === 'baseline' ? baseline : subject, env));
    }
    result.push(round);
  }
  return result;
}
