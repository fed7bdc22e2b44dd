// The bench's knobs, read once from BENCH_* environment variables (docs/performance.md lists them).

function setting(name: string, fallback: number, min = 1): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return value;
}

export const SETTINGS = {
  /** Rounds of the init figure, and fresh `node` processes per bundle in each. */
  initRounds: setting('BENCH_INIT_ROUNDS', 5, 5),
  initRuns: setting('BENCH_INIT_RUNS', 10, 5),
  /** Rounds of the warm-latency figure (a fresh worker process each), and interleaved calls per handler in each. */
  latencyRounds: setting('BENCH_LATENCY_ROUNDS', 5, 5),
  latencyPairs: setting('BENCH_LATENCY_PAIRS', 400, 40),
  loadSeconds: setting('BENCH_LOAD_SECONDS', 10),
  loadConnections: setting('BENCH_LOAD_CONNECTIONS', 20),
  /** BENCH_SELF=1: time the baseline against a copy of itself instead (the self-check of the timing gate). */
  self: process.env.BENCH_SELF === '1',
} as const;

/** The table of the bench's local system. */
export const TABLE = 'bench';

/** The origin secret of the bench's functions, which the scan events carry as CloudFront would send it. */
export const BENCH_ORIGIN_SECRET = 'bench-origin-secret-'.padEnd(48, '0');

/**
 * What a deployed function has beyond its table and URL: Lambda's own function name, which makes the
 * configuration reader require the rest, and the stage and origin secret the stack sets. So the scan
 * function is measured with its origin check on, as it runs in AWS; the baseline ignores them.
 */
export const DEPLOYED_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  STAGE: 'bench',
  ORIGIN_SECRETS: JSON.stringify({ current: BENCH_ORIGIN_SECRET }),
};

export const step = (text: string) => console.error(`bench: ${text}`);
