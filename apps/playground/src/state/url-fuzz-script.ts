// On-demand fuzzing of the URL parser: `pnpm exec tsx src/state/url-fuzz-script.ts [cases] [seed]` (from
// apps/playground; default 100,000 cases, seed 1). Prints the case count, the slowest parse, and any failure; exits
// 1 on a failure. The test suite runs the same generator and checks on fewer cases (url-state.test.ts).
import { runFuzz } from './url-fuzz';
import { parseState } from './url-state';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
if (!Number.isInteger(cases) || cases < 1 || !Number.isSafeInteger(seed)) {
  console.error('usage: tsx src/state/url-fuzz-script.ts [cases ≥ 1] [integer seed]');
  process.exit(2);
}

let slowest = { ms: 0, length: 0, index: -1 };
let total = 0;
const started = performance.now();
const report = runFuzz(seed, cases, (hash, index) => {
  const t0 = performance.now();
  parseState(hash);
  const ms = performance.now() - t0;
  total += ms;
  if (ms > slowest.ms) slowest = { ms, length: hash.length, index };
});
const seconds = (performance.now() - started) / 1000;
console.log(
  `${report.cases} cases (seed ${seed}) in ${seconds.toFixed(1)} s: ${report.withNotice} raised a notice, ` +
    `${report.failed} broke a promise; longest hash ${report.longestHash} characters; parseState took ` +
    `${((1000 * total) / report.cases).toFixed(1)} µs per case on average, at most ${slowest.ms.toFixed(2)} ms ` +
    `(case #${slowest.index}, ${slowest.length} characters)`,
);
for (const failure of report.failures) console.log(JSON.stringify(failure));
process.exit(report.failed === 0 ? 0 : 1);
