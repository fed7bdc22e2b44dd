// `BENCH_SELF=1 npm run bench`: the timing gate against pure noise. The baseline bundle is timed against
// a byte-for-byte copy of itself, exactly as the scan bundle is timed against it, for both timing
// figures. Every round's ratio is printed with the gated figure; the gate must pass by a wide margin.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUDGET } from './budgets';
import { buildBundles } from './bundles';
import { withDemoSystem } from './demo-system';
import { measureInit } from './init-time';
import { warmLatency } from './latency';
import { table, timingRow, verdict } from './report';
import { SETTINGS, step } from './settings';
import { compareRounds } from './stats';

export async function runSelfCheck(): Promise<boolean> {
  const started = Date.now();
  const outdir = mkdtempSync(join(tmpdir(), 'village-direct-bench-self-'));
  try {
    step('bundling the baseline through the ApiFunction construct, and copying it…');
    const [baseline] = await buildBundles(outdir, []);
    if (!baseline) throw new Error('no baseline bundle');
    const copy = join(outdir, 'copy', 'index.mjs');
    mkdirSync(join(outdir, 'copy'));
    copyFileSync(baseline.file, copy);

    const { initRounds, initRuns, latencyRounds, latencyPairs } = SETTINGS;
    step(`timing module init: ${initRounds} rounds × ${initRuns} fresh node processes per bundle, interleaved…`);
    const init = compareRounds(await measureInit(baseline.file, copy, initRounds, initRuns));
    step(`timing warm handlers: ${latencyRounds} worker processes × ${latencyPairs} interleaved calls each…`);
    const warm = compareRounds((await withDemoSystem((demo) => warmLatency(baseline.file, copy, demo))).rounds);

    const rows = [
      timingRow(
        `self-check, module init: copy ÷ baseline, lowest of ${initRounds} rounds (${initRuns} processes each)`,
        init.ratios,
        BUDGET.initRatio,
        2,
      ),
      timingRow(
        `self-check, warm latency: copy ÷ baseline, lowest of ${latencyRounds} rounds (${latencyPairs} calls each)`,
        warm.ratios,
        BUDGET.latencyRatio,
        3,
      ),
    ];
    console.log(`\n${table(rows)}\n`);
    console.log(
      `highest round: init ${Math.max(...init.ratios).toFixed(2)}, warm ${Math.max(...warm.ratios).toFixed(3)} ` +
        `(the gate fails only when every round is over budget)`,
    );
    return verdict(rows, started);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
