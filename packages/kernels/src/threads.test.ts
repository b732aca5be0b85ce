import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { gemm as jsGemm } from './gemm';
import { Random } from './random';
import { getNumThreads, setNumThreads, startedThreads } from './threads';
import { gemmF32 } from './wasm/gemm';

const defaultThreads = getNumThreads();

function uniform(rng: Random, n: number): Float32Array {
  const x = new Float32Array(n);
  rng.fillUniform(x, -1, 1);
  return x;
}
afterAll(() => setNumThreads(defaultThreads));

/** Run big products until `n` threads have started (workers start on first use, asynchronously). */
async function startThreads(n: number): Promise<void> {
  setNumThreads(n);
  const a = new Float32Array(256 * 256);
  const c = new Float32Array(256 * 256);
  for (let i = 0; i < 200 && startedThreads() < n; i++) {
    gemmF32(false, false, 256, 256, 256, 1, a, 256, a, 256, 0, c, 256);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(startedThreads()).toBeGreaterThanOrEqual(n);
}

test('setNumThreads takes an integer in [1, 64]', () => {
  expect(() => setNumThreads(0)).toThrow(/setNumThreads: n must be an integer in \[1, 64\], got 0/);
  expect(() => setNumThreads(1.5)).toThrow(/setNumThreads: n must be an integer/);
  expect(() => setNumThreads(Number.NaN)).toThrow(/setNumThreads: n must be an integer/);
  setNumThreads(1);
  expect(getNumThreads()).toBe(1);
  setNumThreads(defaultThreads);
  expect(defaultThreads).toBeGreaterThanOrEqual(1);
  expect(defaultThreads).toBeLessThanOrEqual(4);
});

test('gemm gives bit-identical results on 1, 2 and 3 threads (rows split unevenly, every transpose)', async () => {
  await startThreads(3);
  const rng = new Random(11);
  const cases = fc.sample(
    fc.record({
      m: fc.integer({ min: 40, max: 260 }),
      n: fc.integer({ min: 1, max: 150 }),
      k: fc.integer({ min: 30, max: 300 }),
      transA: fc.boolean(),
      transB: fc.boolean(),
      beta: fc.constantFrom(0, 1, 0.5),
    }),
    { numRuns: 12, seed: 5 },
  );
  // Large enough that threadsFor splits them: the last case is checked to have been split below.
  cases.push({ m: 203, n: 131, k: 301, transA: false, transB: true, beta: 0.5 });
  for (const { m, n, k, transA, transB, beta } of cases) {
    const a = uniform(rng, m * k);
    const b = uniform(rng, k * n);
    const c0 = uniform(rng, m * n);
    const results = [1, 2, 3].map((threads) => {
      setNumThreads(threads);
      const c = c0.slice();
      gemmF32(transA, transB, m, n, k, 1.25, a, transA ? m : k, b, transB ? k : n, beta, c, n);
      return c;
    });
    for (const c of results.slice(1)) {
      for (let i = 0; i < c.length; i++) {
        if (!Object.is(c[i], results[0]![i]))
          throw new Error(`element ${i} differs for ${JSON.stringify({ m, n, k })}`);
      }
    }
    // And the threaded result is the product (within float32 rounding of the float64 js reference).
    const ref = c0.slice();
    jsGemm(transA, transB, m, n, k, 1.25, a, transA ? m : k, b, transB ? k : n, beta, ref, n);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(results[2]![i]! - ref[i]!)).toBeLessThan(1e-4 * Math.sqrt(k));
  }
  expect(startedThreads()).toBeGreaterThanOrEqual(3);
}, 120_000);

test('kernel threads do not keep a Node process alive', async () => {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  const script = `
    import { gemm, getBackend, setNumThreads } from ${JSON.stringify(entry)};
    import { startedThreads } from ${JSON.stringify(fileURLToPath(new URL('./threads.ts', import.meta.url)))};
    setNumThreads(2);
    const a = new Float32Array(512 * 512);
    for (let i = 0; i < 100 && startedThreads() < 2; i++) {
      getBackend().gemm(false, false, 512, 512, 512, 1, a, 512, a, 512, 0, a.slice(), 512);
      await new Promise((r) => setTimeout(r, 20));
    }
    console.log(getBackend().name, startedThreads());
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      timeout: 120_000,
      env: { ...process.env, ACTLAB_BACKEND: 'wasm' },
    },
  );
  // It printed, then exited by itself (execFile resolves on exit; the timeout would reject).
  expect(stdout.trim()).toBe('wasm 2');
}, 130_000);
