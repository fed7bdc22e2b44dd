// The budgets `npm run bench` holds the scan path to, and the rule that holds a timing ratio to its
// budget. docs/performance.md says what each budget protects.

export const BUDGET = {
  bundleRatio: 1.1,
  initRatio: 1.15,
  latencyRatio: 1.05,
  scanRequests: 1,
  intakeRequests: 2,
  receiptRequests: 2,
  pageGzipBytes: 25 * 1024,
  consoleGzipBytes: 80 * 1024,
} as const;

/**
 * The figure a timing ratio is checked on: the lowest of its rounds, each measured in fresh processes.
 * The bench fails only when every round is over budget. Slower code is slower in every round, so a
 * regression that lifts even the lowest round over budget fails. Noise alone does not: timed
 * against an exact copy of itself, a bundle's round ratios fall on either side of 1, and if one round
 * lands over budget with chance p, all R independent rounds do with chance p^R.
 * `BENCH_SELF=1 npm run bench` runs that comparison and prints every round.
 */
export const gatedRatio = (roundRatios: readonly number[]): number => Math.min(...roundRatios);
