// Warm latency: the baseline bundle and the one compared with it, imported by a worker process as Lambda
// would, called in turn for the same DynamoDB Local item. Each round is a fresh worker with connections
// of its own, and a connection can be a little faster or slower for a whole round, so each round gives
// one ratio (see gatedRatio in budgets.ts).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/metrics';
import { type DemoSystem, scanItemKey } from './demo-system';
import { DEPLOYED_ENV, SETTINGS, TABLE } from './settings';
import type { Round } from './stats';

export interface WarmLatency {
  readonly rounds: readonly Round[];
  /** Calls per second with `loadConnections` calls in flight, from the last round (zero when not asked for). */
  readonly perSecond: { readonly baseline: number; readonly subject: number };
}

export async function warmLatency(baseline: string, subject: string, demo: DemoSystem, { throughput = false } = {}): Promise<WarmLatency> {
  const key = JSON.stringify(await scanItemKey(demo.endpoint, demo.lotCode));
  const rounds: Round[] = [];
  let perSecond = { baseline: 0, subject: 0 };
  for (let round = 1; round <= SETTINGS.latencyRounds; round++) {
    const last = round === SETTINGS.latencyRounds;
    const reply = await latencyRound(
      { baseline, subject, lotCode: demo.lotCode, throughputMs: throughput && last ? (SETTINGS.loadSeconds * 1000) / 2 : 0 },
      demo.endpoint,
      key,
    );
    rounds.push(reply.samples);
    perSecond = reply.perSecond;
  }
  return { rounds, perSecond };
}

interface Reply {
  samples: Round;
  perSecond: { baseline: number; subject: number };
}

async function latencyRound(
  job: { baseline: string; subject: string; lotCode: string; throughputMs: number },
  endpoint: string,
  key: string,
): Promise<Reply> {
  const child = fork(join(import.meta.dirname, 'latency-worker.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // As in Lambda: metrics on (their output is discarded with stdout), configuration from the environment.
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: TABLE,
      PUBLIC_BASE_URL: 'https://bench.invalid',
      ...DEPLOYED_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      BENCH_GET_KEY: key,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    },
  });
  const reply = await new Promise<Partial<Reply> & { error?: string }>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the latency worker exited with ${code}`)));
    child.send({ ...job, warmup: 200, pairs: SETTINGS.latencyPairs, concurrency: SETTINGS.loadConnections });
  });
  if (!reply.samples || !reply.perSecond) throw new Error(`the latency worker failed: ${reply.error}`);
  return { samples: reply.samples, perSecond: reply.perSecond };
}
