// What the bench prints: the results table (one row per figure, checked or reported) and the bundle list.
import { gatedRatio } from './budgets';
import type { Bundle } from './bundles';
import { kib } from './stats';

export interface Row {
  readonly figure: string;
  readonly measured: string;
  readonly budget: string;
  /** Undefined: reported only. */
  readonly ok?: boolean;
}

export const ratioText = (a: number, b: number) => (a / b).toFixed(2);

/** A timing ratio measured in rounds, checked on its gated figure, with every round's ratio shown. */
export function timingRow(figure: string, roundRatios: readonly number[], budget: number, digits: number): Row {
  const gated = gatedRatio(roundRatios);
  return {
    figure,
    measured: `${gated.toFixed(digits)} (rounds ${roundRatios.map((r) => r.toFixed(digits)).join(' ')})`,
    budget: `≤ ${budget.toFixed(2)}`,
    ok: gated <= budget,
  };
}

export function table(rows: readonly Row[]): string {
  const head = { figure: 'figure', measured: 'measured (this run)', budget: 'budget', result: 'result' };
  const cells = rows.map((r) => ({ ...r, result: r.ok === undefined ? 'reported' : r.ok ? 'pass' : 'FAIL' }));
  const width = (k: keyof typeof head) => Math.max(head[k].length, ...cells.map((c) => c[k].length));
  const columns = Object.keys(head) as (keyof typeof head)[];
  const line = (c: typeof head) => `| ${columns.map((k) => c[k].padEnd(width(k))).join(' | ')} |`;
  const rule = `|${columns.map((k) => '-'.repeat(width(k) + 2)).join('|')}|`;
  return [line(head), rule, ...cells.map(line)].join('\n');
}

export function bundleSection(bundles: readonly Bundle[], baseline: Bundle): string {
  const lines = [`Bundles (ESM, minified, through infra/constructs/api-function.ts; ÷ baseline ${kib(baseline.bytes)}):`];
  for (const bundle of bundles) {
    const top = bundle.contributors
      .slice(0, bundle.name === 'scan' ? 12 : 6)
      .map((c) => `${c.name} ${kib(c.bytes)}`)
      .join(', ');
    lines.push(
      `  ${bundle.name.padEnd(10)} ${kib(bundle.bytes).padStart(10)}  ×${ratioText(bundle.bytes, baseline.bytes)}  ${bundle.entry}`,
    );
    lines.push(`             largest: ${top}`);
  }
  const mismatched = bundles.filter((b) => b.metafileBytes !== b.bytes);
  lines.push(
    mismatched.length
      ? `  note: the metafile rebuild differs from the construct's output for ${mismatched.map((b) => `${b.name} (${b.metafileBytes} vs ${b.bytes} B)`).join(', ')}: NodejsFunction passes esbuild something infra/constructs/bundling.ts does not hold`
      : "  the metafile rebuild matches the construct's output byte for byte for every bundle",
  );
  return lines.join('\n');
}

/** Prints which checked figures failed, if any, and how long the run took; true when none failed. */
export function verdict(rows: readonly Row[], started: number): boolean {
  const failed = rows.filter((r) => r.ok === false);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    failed.length
      ? `bench: ${failed.length} budget(s) exceeded: ${failed.map((r) => r.figure).join('; ')} (${seconds} s)`
      : `bench: every budget met (${seconds} s)`,
  );
  return failed.length === 0;
}
