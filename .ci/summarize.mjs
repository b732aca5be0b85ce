// Prints CI's closing line from vitest's JSON reports (one per kernel backend: results-js.json, results-wasm.json)
// plus the count of failed CI steps.
import { existsSync, readFileSync } from 'node:fs';

const stepFailures = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
for (const name of ['results-js.json', 'results-wasm.json']) {
  const file = new URL(`./${name}`, import.meta.url);
  if (!existsSync(file)) {
    failed += 1; // a backend's run did not report
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  let runFailed = r.numFailedTests;
  if (runFailed === 0) runFailed += r.numFailedTestSuites ?? 0;
  if (r.numTotalTests === 0) runFailed += 1;
  failed += runFailed;
}
failed += stepFailures;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
