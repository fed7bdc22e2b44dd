// Local HTTP throughput: a bounded autocannon load on one localhost URL, run by load-worker.ts in a child
// process so that the load generator does not share an event loop with the server it measures.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { SETTINGS } from './settings';

export interface Load {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
}

export async function loadTest(url: string): Promise<Load> {
  const args = [url, String(SETTINGS.loadConnections), String(SETTINGS.loadSeconds)];
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'load-worker.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const result = JSON.parse(out);
  return {
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
