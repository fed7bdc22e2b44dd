// Order statistics for the bench: these machines are noisy, so figures are medians with their spread.

export interface Spread {
  readonly n: number;
  readonly min: number;
  readonly median: number;
  readonly p99: number;
  readonly max: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 ? (sorted[Math.floor(middle)] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { n: sorted.length, min: sorted[0] as number, median, p99: at(0.99), max: sorted.at(-1) as number };
}

/** One round of a timing: samples of the baseline and of the bundle compared with it, taken side by side. */
export interface Round {
  readonly baseline: readonly number[];
  readonly subject: readonly number[];
}

/** Each round's ratio of medians (subject ÷ baseline), and each side's samples pooled over the rounds. */
export function compareRounds(rounds: readonly Round[]) {
  return {
    ratios: rounds.map((r) => spread(r.subject).median / spread(r.baseline).median),
    baseline: spread(rounds.flatMap((r) => r.baseline)),
    subject: spread(rounds.flatMap((r) => r.subject)),
  };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const range = (s: Spread, unit: (v: number) => string = ms) => `${unit(s.min)} / ${unit(s.median)} / ${unit(s.max)}`;
