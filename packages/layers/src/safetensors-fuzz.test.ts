import { describe, expect, test } from 'vitest';
import { seedFiles } from './safetensors-fuzz-seeds';
import { type CaseOutcome, checkCase, mutate, oracle, random, seedOf } from './safetensors-fuzz-support';

describe('safetensors fuzz (seeded)', () => {
  test('the oracle accepts every seed and refuses files that are invalid by construction', () => {
    for (const file of seedFiles()) expect(oracle(file).ok).toBe(true);
    const enc = (s: string) => {
      const h = new TextEncoder().encode(s);
      const out = new Uint8Array(8 + h.length);
      new DataView(out.buffer).setUint32(0, h.length, true);
      out.set(h, 8);
      return out;
    };
    for (const bad of [
      '{"a":{},"a":{}}',
      '{"w":{"dtype":"F32","shape":[0],"shape":[0],"data_offsets":[0,0]}}',
      '\ufeff{}',
      '{"\\ud800":1}',
      '{"w":{"dtype":"F32","shape":[0.0],"data_offsets":[0,0]}}',
    ]) {
      expect(oracle(enc(bad)).ok, bad).toBe(false);
    }
  });

  test('4,000 mutated files: 0 crashes, 0 silently accepted corrupt files, 0 valid files refused', () => {
    const seeds = seedFiles().map(seedOf);
    const rand = random(20261201);
    const failures: string[] = [];
    const counts = { accepted: 0, refused: 0 };
    for (let i = 0; i < 4000; i++) {
      const file = mutate(rand, seeds[i % seeds.length]!);
      const outcome: CaseOutcome = checkCase(file);
      if (typeof outcome === 'string') counts[outcome]++;
      else failures.push(`case ${i}: ${outcome.failure}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(counts.accepted + counts.refused).toBe(4000);
    // The mutations must reach both sides, or the test proves nothing.
    expect(counts.accepted).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(2000);
  }, 60_000);
});
