// The wasm elementwise kernels against their js references (src/elementwise.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsBackend as js } from '../backend-js';
import { Random } from '../random';
import { elementwiseKernels, elementwiseThresholds, wasmElementwise as wasm } from './elementwise-kernels';
import { loadWasmSync } from './heap';

const saved = { ...elementwiseThresholds };
beforeAll(() => {
  expect(loadWasmSync()).not.toBeNull();
  elementwiseThresholds.minElements = 0;
});
afterAll(() => Object.assign(elementwiseThresholds, saved));

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  2,
  88.7,
  -88.7,
  89,
  -104,
  -103.9,
  -87.4,
  1e-30,
  -1e-30,
  1e30,
  -1e30,
  3e38,
  -3e38,
  1e-40,
  -1e-40,
  1e-45,
  1.1754944e-38,
  Infinity,
  -Infinity,
  Number.NaN,
];

function inputs(rng: Random, n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] =
      rng.uniform() < 0.5 ? 40 * rng.uniform() - 20 : (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (30 * rng.uniform() - 15);
  }
  x.set(SPECIAL.slice(0, n));
  return x;
}

/** |a − e| ≤ ulps float32 ulps of e (NaN and infinities must match exactly); the first few failures. */
function ulpFailures(x: Float32Array, actual: Float32Array, expected: FloatArrayLike, ulps: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < expected.length && bad.length < 5; i++) {
    const a = actual[i]!;
    // A float64 reference beyond float32's range is ±∞ in float32.
    const e = Number.isFinite(Math.fround(expected[i]!)) ? expected[i]! : Math.fround(expected[i]!);
    const ulp = 2 ** (Math.max(Math.floor(Math.log2(Math.abs(e) || 2 ** -149)), -126) - 23);
    const ok = Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Math.abs(a - e) <= ulps * ulp;
    if (!ok) bad.push(`x=${x[i]} expected ${e} got ${a}`);
  }
  return bad;
}
type FloatArrayLike = ArrayLike<number>;

const rng = new Random(99);
const sizes = [0, 1, 3, 5, 17, 64, 1001];

describe('bit-identical to the js kernels', () => {
  const exact = ['sqrt', 'abs', 'neg', 'square', 'reciprocal', 'sign'] as const;
  test.each(exact)('%s', (name) => {
    for (const n of sizes) {
      const x = inputs(rng, n);
      expect(Array.from(wasm[name](x)), `${name} n=${n}`).toEqual(Array.from(js[name](x)));
    }
  });
  test('scale (float64 alpha, one rounding)', () => {
    for (const alpha of [0.1, -3, 1 / 3, 1e-30, 0]) {
      const x = inputs(rng, 1001);
      expect(Array.from(wasm.scale(x, alpha))).toEqual(Array.from(js.scale(x, alpha)));
    }
  });
  test('clamp (bounds need not be float32 numbers; NaN stays NaN)', () => {
    for (const [lo, hi] of [
      [0, 6],
      [-0.1, 0.1],
      [-Infinity, 1e-3],
      [0.3, 0.3],
    ] as const) {
      const x = inputs(rng, 1001);
      expect(Array.from(wasm.clamp(x, lo, hi))).toEqual(Array.from(js.clamp(x, lo, hi)));
    }
    expect(() => wasm.clamp(new Float32Array(4), 1, 0)).toThrow(/clamp: bounds min 1, max 0 are invalid/);
  });
});

describe('exp and log within their documented ulp of the js kernels (float64, rounded once)', () => {
  test.each([
    ['exp', 1.5],
    ['log', 1.5],
  ] as const)('%s within %d ulp', (name, ulps) => {
    for (const n of sizes) {
      const x = inputs(rng, n);
      expect(ulpFailures(x, wasm[name](x) as Float32Array, js[name](Float64Array.from(x)), ulps)).toEqual([]);
    }
  });
});

describe('powScalar', () => {
  test('the exact exponents are bit-identical to js; the others are the js kernel', () => {
    for (const p of [2, 0.5, -1, 1, 3, -0.5, 0.25]) {
      const x = inputs(rng, 1001);
      expect(Array.from(elementwiseKernels.powScalar!(x, p)), `p=${p}`).toEqual(Array.from(js.powScalar(x, p)));
    }
  });
});

describe('the js kernels’ contract', () => {
  test('out may be x; out is checked; float64 stays js', () => {
    const x = inputs(rng, 101);
    const expected = wasm.exp(x);
    const inPlace = x.slice();
    expect(wasm.exp(inPlace, inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(expected));
    expect(() => wasm.log(x, new Float32Array(3))).toThrow(/log: out has 3 elements but the result has 101/);
    const x64 = Float64Array.from([0.5, 1, 2]);
    expect(wasm.exp(x64)).toBeInstanceOf(Float64Array);
    expect(Array.from(wasm.exp(x64))).toEqual(Array.from(js.exp(x64)));
  });
});
