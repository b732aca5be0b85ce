// Prints CI's closing line from vitest's JSON report plus the count of failed CI steps.
import { existsSync, readFileSync } from 'node:fs';

const stepFailures = Number(process.argv[2] ?? 0);
const file = new URL('./results.json', import.meta.url);
let passed = 0;
let failed = 0;
if (existsSync(file)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  if (failed === 0) failed += r.numFailedTestSuites ?? 0;
  if (r.numTotalTests === 0) failed += 1;
} else {
  failed += 1;
}
failed += stepFailures;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
