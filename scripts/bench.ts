// `npm run bench`: the scan path's performance budgets (scripts/bench/run.ts, docs/performance.md); exits
// 1 when one is exceeded. `BENCH_SELF=1 npm run bench` times the baseline against a copy of itself instead,
// to show the timing gate does not fail on machine noise (scripts/bench/self-check.ts).
import { runBench } from './bench/run';
import { runSelfCheck } from './bench/self-check';
import { SETTINGS } from './bench/settings';

const ok = SETTINGS.self ? await runSelfCheck() : await runBench();
process.exitCode = ok ? 0 : 1;
