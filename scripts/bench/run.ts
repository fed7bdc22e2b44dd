// `npm run bench`: the scan path's budgets, measured against baselines in the same run, side by side.
// Bundle ratio, request counts and page weight are checked as they are; the init and warm-latency ratios
// on their gated figure (budgets.ts). Absolute times are only reported: these machines are noisy.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../web/build';
import { BUDGET } from './budgets';
import { BASELINE, type Bundle, buildBundles } from './bundles';
import { withDemoSystem } from './demo-system';
import { measureInit } from './init-time';
import { warmLatency } from './latency';
import { loadTest } from './load';
import { bundleSection, ratioText, type Row, table, timingRow, verdict } from './report';
import { countRequests } from './requests';
import { SETTINGS, step } from './settings';
import { compareRounds, kib, ms, range } from './stats';

const most = (lists: readonly (readonly string[])[]) => Math.max(...lists.map((l) => l.length));
const kinds = (lists: readonly (readonly string[])[]) => [...new Set(lists.map((l) => l.join(' + ') || 'none'))].join(' | ');

/** Runs every measurement and prints the results; true when every checked figure is within budget. */
export async function runBench(): Promise<boolean> {
  const started = Date.now();
  const outdir = mkdtempSync(join(tmpdir(), 'village-direct-bench-'));
  try {
    step('bundling the functions and the baseline through the ApiFunction construct…');
    const bundles = await buildBundles(outdir);
    const baseline = bundles.find((b) => b.name === BASELINE) as Bundle;
    const scan = bundles.find((b) => b.name === 'scan') as Bundle;

    const { initRounds, initRuns, latencyRounds, latencyPairs, loadConnections, loadSeconds } = SETTINGS;
    step(`timing module init: ${initRounds} rounds × ${initRuns} fresh node processes per bundle, interleaved…`);
    const init = compareRounds(await measureInit(baseline.file, scan.file, initRounds, initRuns));

    step('starting DynamoDB Local and the local system with demo data…');
    const { counts, latency, load } = await withDemoSystem(async (demo) => {
      step('counting DynamoDB requests per scan, intake and receipt…');
      const counts = await countRequests(demo.system);
      step(`timing warm handlers: ${latencyRounds} worker processes × ${latencyPairs} interleaved calls each…`);
      const latency = await warmLatency(baseline.file, scan.file, demo, { throughput: true });
      step(`loading GET /api/v1/scan/{lotCode} on localhost: ${loadConnections} connections for ${loadSeconds} s…`);
      const load = await loadTest(`${demo.system.url}/api/v1/scan/${demo.lotCode}`);
      return { counts, latency, load };
    });
    const warm = compareRounds(latency.rounds);

    step('building the shopper page and the console…');
    const page = await buildWeb();

    const scanMost = Math.max(most(counts.scan), counts.unknownScan.length);
    const rows: Row[] = [
      {
        figure: 'scan bundle ÷ baseline bundle',
        measured: `${kib(scan.bytes)} ÷ ${kib(baseline.bytes)} = ${ratioText(scan.bytes, baseline.bytes)}`,
        budget: `≤ ${BUDGET.bundleRatio.toFixed(2)}`,
        ok: scan.bytes / baseline.bytes <= BUDGET.bundleRatio,
      },
      timingRow(
        `scan module init ÷ baseline init, lowest of ${initRounds} rounds (ratio of medians of ${initRuns} fresh processes each)`,
        init.ratios,
        BUDGET.initRatio,
        2,
      ),
      { figure: '  scan init min / median / max, all rounds', measured: range(init.subject), budget: '' },
      { figure: '  baseline init min / median / max, all rounds', measured: range(init.baseline), budget: '' },
      timingRow(
        `warm scan handler ÷ bare GetItem, lowest of ${latencyRounds} rounds (ratio of medians of ${latencyPairs} interleaved calls each)`,
        warm.ratios,
        BUDGET.latencyRatio,
        3,
      ),
      {
        figure: '  warm scan min / median / max (p99), all rounds',
        measured: `${range(warm.subject)} (${ms(warm.subject.p99)})`,
        budget: '',
      },
      {
        figure: '  bare GetItem min / median / max (p99), all rounds',
        measured: `${range(warm.baseline)} (${ms(warm.baseline.p99)})`,
        budget: '',
      },
      {
        figure: 'DynamoDB requests per origin scan (found / unknown / malformed)',
        measured: `${kinds(counts.scan)} / ${kinds([counts.unknownScan])} / ${kinds([counts.malformedScan])}`,
        budget: `${BUDGET.scanRequests} / ${BUDGET.scanRequests} / 0`,
        ok:
          scanMost === BUDGET.scanRequests &&
          Math.min(...counts.scan.map((c) => c.length)) === BUDGET.scanRequests &&
          counts.malformedScan.length === 0,
      },
      {
        figure: 'DynamoDB requests per intake',
        measured: `${most(counts.intake)} (${kinds(counts.intake)})`,
        budget: `≤ ${BUDGET.intakeRequests}`,
        ok: most(counts.intake) <= BUDGET.intakeRequests,
      },
      {
        figure: 'DynamoDB requests per receipt (secret cache warm)',
        measured: `${most(counts.receiptWarm)} (${kinds(counts.receiptWarm)})`,
        budget: `≤ ${BUDGET.receiptRequests}`,
        ok: most(counts.receiptWarm) <= BUDGET.receiptRequests,
      },
      {
        figure: '  first receipt of a store per container (cold cache)',
        measured: `${counts.receiptCold.length} (${kinds([counts.receiptCold])})`,
        budget: '',
      },
      {
        figure: 'scan page first load (HTML + JS + CSS), gzipped',
        measured: `${kib(page.gzipBytes.total)} (html ${kib(page.gzipBytes.html)}, js ${kib(page.gzipBytes.js)}, css ${kib(page.gzipBytes.css)})`,
        budget: `≤ ${kib(BUDGET.pageGzipBytes)}`,
        ok: page.gzipBytes.total <= BUDGET.pageGzipBytes,
      },
      {
        figure: 'console shell first load (HTML + JS + CSS), gzipped',
        measured: `${kib(page.console.gzipBytes.total)} (html ${kib(page.console.gzipBytes.html)}, js ${kib(page.console.gzipBytes.js)}, css ${kib(page.console.gzipBytes.css)})`,
        budget: `≤ ${kib(BUDGET.consoleGzipBytes)}`,
        ok: page.console.gzipBytes.total <= BUDGET.consoleGzipBytes,
      },
      {
        figure: `  in-process handlers, ${loadConnections} in flight: scan bundle / bare GetItem`,
        measured: `${latency.perSecond.subject.toFixed(0)} / ${latency.perSecond.baseline.toFixed(0)} calls/s (reference: the same bundles in-process, no HTTP)`,
        budget: '',
      },
      {
        figure: `local HTTP scan, ${loadConnections} connections × ${loadSeconds} s`,
        measured: `${load.requestsPerSecond.toFixed(0)} req/s (${load.total} requests), p50 ${load.p50} ms, p99 ${load.p99} ms, max ${load.max} ms, non-2xx ${load.non2xx}, errors ${load.errors}`,
        budget: '',
      },
    ];

    console.log(`\n${table(rows)}\n`);
    console.log(`${bundleSection(bundles, baseline)}\n`);
    return verdict(rows, started);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
