/**
 * On-demand safetensors fuzzing: mutated real files through the reader, each checked against the independent
 * oracle (src/safetensors-fuzz-support.ts). Prints the counts and every failure; exits 1 on any failure.
 *
 *   pnpm --filter @actlab/layers fuzz:safetensors [--cases 100000] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { seedFiles } from '../src/safetensors-fuzz-seeds';
import { checkCase, mutate, random, seedOf } from '../src/safetensors-fuzz-support';

const { values } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const seeds = seedFiles().map(seedOf);
const rand = random(seed);
const counts = { accepted: 0, refused: 0 };
const failures: string[] = [];
let slowest = 0;
const started = performance.now();
for (let i = 0; i < cases; i++) {
  const file = mutate(rand, seeds[i % seeds.length]!);
  const t0 = performance.now();
  const outcome = checkCase(file);
  slowest = Math.max(slowest, performance.now() - t0);
  if (typeof outcome === 'string') counts[outcome]++;
  else failures.push(`case ${i} (seed ${seed}): ${outcome.failure}`);
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${cases} cases in ${seconds.toFixed(1)} s (seed ${seed}): ${counts.accepted} accepted, ${counts.refused} refused, ` +
    `${failures.length} failures; slowest case ${slowest.toFixed(1)} ms`,
);
for (const f of failures.slice(0, 50)) console.log(f);
process.exitCode = failures.length > 0 ? 1 : 0;
