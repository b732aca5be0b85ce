import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsBackend } from './backend-js';
import { gemm as jsGemm } from './gemm';
import { Random } from './random';
import type { FloatArray } from './types';
import { wasmBackend } from './wasm/backend';
import { gemmF32 } from './wasm/gemm';

/** The wasm kernel for every float32 size (the backend's gemm sends products under 128 multiply-adds to js). */
const wasmEverySize: typeof jsGemm = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ao, bo, co) => {
  if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    gemmF32(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ao, bo, co);
  } else jsGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, ao, bo, co);
};

const implementations = [
  { name: 'js', gemm: jsBackend.gemm, gemmBatched: jsBackend.gemmBatched },
  { name: 'wasm backend', gemm: wasmBackend.gemm, gemmBatched: wasmBackend.gemmBatched },
  { name: 'wasm kernel at every size', gemm: wasmEverySize, gemmBatched: wasmBackend.gemmBatched },
];

/** Plain float64 triple loop, element by element: the independent reference. */
function naiveGemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  lda: number,
  b: FloatArray,
  ldb: number,
  beta: number,
  c: FloatArray,
  ldc: number,
  aOff: number,
  bOff: number,
  cOff: number,
): Float64Array {
  const out = Float64Array.from(c);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[aOff + p * lda + i]! : a[aOff + i * lda + p]!;
        const bv = transB ? b[bOff + j * ldb + p]! : b[bOff + p * ldb + j]!;
        s += av * bv;
      }
      const old = c[cOff + i * ldc + j]!;
      out[cOff + i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * old);
    }
  }
  return out;
}

interface Case {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  padA: number;
  padB: number;
  padC: number;
  aOff: number;
  bOff: number;
  cOff: number;
  seed: number;
  f64: boolean;
  nanC: boolean;
}

const sizes = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9), fc.integer({ min: 0, max: 70 }));
const caseArb: fc.Arbitrary<Case> = fc.record({
  transA: fc.boolean(),
  transB: fc.boolean(),
  m: sizes,
  n: sizes,
  k: sizes,
  alpha: fc.constantFrom(1, 0, -1, 0.5, 2.25),
  beta: fc.constantFrom(0, 1, -0.5, 3),
  padA: fc.integer({ min: 0, max: 3 }),
  padB: fc.integer({ min: 0, max: 3 }),
  padC: fc.integer({ min: 0, max: 3 }),
  aOff: fc.integer({ min: 0, max: 5 }),
  bOff: fc.integer({ min: 0, max: 5 }),
  cOff: fc.integer({ min: 0, max: 5 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  f64: fc.boolean(),
  nanC: fc.boolean(),
});

function runCase(gemm: typeof jsGemm, t: Case): void {
  const rng = new Random(t.seed);
  const make = (len: number) => {
    const x = t.f64 ? new Float64Array(len) : new Float32Array(len);
    return rng.fillUniform(x, -1, 1);
  };
  const aRows = t.transA ? t.k : t.m;
  const aCols = t.transA ? t.m : t.k;
  const bRows = t.transB ? t.n : t.k;
  const bCols = t.transB ? t.k : t.n;
  const lda = Math.max(1, aCols) + t.padA;
  const ldb = Math.max(1, bCols) + t.padB;
  const ldc = Math.max(1, t.n) + t.padC;
  const a = make(t.aOff + aRows * lda);
  const b = make(t.bOff + bRows * ldb);
  const c = make(t.cOff + t.m * ldc + 3);
  if (t.nanC && t.beta === 0) c.fill(Number.NaN);
  const expected = naiveGemm(
    t.transA,
    t.transB,
    t.m,
    t.n,
    t.k,
    t.alpha,
    a,
    lda,
    b,
    ldb,
    t.beta,
    c,
    ldc,
    t.aOff,
    t.bOff,
    t.cOff,
  );
  const before = c.slice();
  gemm(t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, lda, b, ldb, t.beta, c, ldc, t.aOff, t.bOff, t.cOff);
  const tol = t.f64 ? 1e-12 : 2e-5;
  for (let i = 0; i < c.length; i++) {
    const row = Math.floor((i - t.cOff) / ldc);
    const col = i - t.cOff - row * ldc;
    const inside = i >= t.cOff && row < t.m && col < t.n;
    if (!inside) {
      // Padding and elements outside the m×n window are untouched, NaN included.
      expect(Object.is(c[i], before[i]), `element ${i} outside C was written`).toBe(true);
      continue;
    }
    const want = expected[i]!;
    const got = c[i]!;
    if (Math.abs(got - want) > tol * (1 + Math.abs(want)) * Math.max(1, Math.sqrt(t.k))) {
      throw new Error(`C[${row},${col}] = ${got}, reference ${want} for ${JSON.stringify(t)}`);
    }
  }
}

describe.each(implementations)('$name gemm against a float64 reference', ({ gemm }) => {
  test('property: random shapes, transposes, alpha, beta, offsets, leading dimensions, dtypes', () => {
    fc.assert(
      fc.property(caseArb, (t) => runCase(gemm, t)),
      { numRuns: 400 },
    );
  }, 60_000);

  test('sizes that straddle the register and cache blocks', () => {
    for (const [m, n, k] of [
      [1, 1, 1],
      [4, 4, 4],
      [5, 3, 257],
      [129, 67, 300],
      [65, 130, 1],
      [300, 5, 70],
      [1, 513, 129],
      [6, 1030, 9],
      [33, 33, 33],
    ] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          runCase(gemm, {
            transA,
            transB,
            m,
            n,
            k,
            alpha: 1.5,
            beta: 0.5,
            padA: 1,
            padB: 2,
            padC: 0,
            aOff: 3,
            bOff: 1,
            cOff: 2,
            seed: m + n + k,
            f64: false,
            nanC: false,
          });
          runCase(gemm, {
            transA,
            transB,
            m,
            n,
            k,
            alpha: 1,
            beta: 0,
            padA: 0,
            padB: 0,
            padC: 1,
            aOff: 0,
            bOff: 0,
            cOff: 0,
            seed: 7,
            f64: true,
            nanC: true,
          });
        }
      }
    }
  }, 60_000);

  test('beta = 0 ignores NaN in C; beta != 0 propagates it; k = 0 scales C', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([3, 4]);
    const c = new Float32Array([Number.NaN]);
    gemm(false, false, 1, 1, 2, 1, a, 2, b, 1, 0, c, 1);
    expect(c[0]).toBe(11);
    const c2 = new Float32Array([Number.NaN]);
    gemm(false, false, 1, 1, 2, 1, a, 2, b, 1, 1, c2, 1);
    expect(c2[0]).toBeNaN();
    const c3 = new Float64Array([2, 4]);
    gemm(false, false, 1, 2, 0, 1, new Float64Array(0), 1, new Float64Array(0), 2, 0.5, c3, 2);
    expect(Array.from(c3)).toEqual([1, 2]);
    // Empty operands with the natural leading dimension 0 (k = 0, or n = 0).
    const c5 = new Float32Array([Number.NaN, Number.NaN]);
    gemm(false, false, 2, 1, 0, 1, new Float32Array(0), 0, new Float32Array(0), 1, 0, c5, 1);
    expect(Array.from(c5)).toEqual([0, 0]);
    gemm(false, true, 2, 0, 3, 1, new Float32Array(6), 3, new Float32Array(0), 3, 0, new Float32Array(0), 0);
    gemm(true, false, 3, 0, 2, 1, new Float32Array(6), 3, new Float32Array(0), 0, 0, new Float32Array(0), 0);
    const c4 = new Float64Array([Number.NaN, 4]);
    gemm(false, false, 1, 2, 0, 1, new Float64Array(0), 1, new Float64Array(0), 2, 0, c4, 2);
    expect(Array.from(c4)).toEqual([0, 0]);
  });

  test('literal 2×3 · 3×2', () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]);
    const b = new Float64Array([7, 8, 9, 10, 11, 12]);
    const c = new Float64Array(4);
    gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2);
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
    gemm(true, true, 2, 2, 3, 1, b, 2, a, 3, 0, c, 2);
    // op(A) = Bᵀ, op(B) = Aᵀ: the product is (AB)ᵀ.
    expect(Array.from(c)).toEqual([58, 139, 64, 154]);
  });

  test('errors name the op, the dimension and the fix', () => {
    const x = new Float32Array(6);
    expect(() => gemm(false, false, 2, 2, 3, 1, x, 2, x, 2, 0, x, 2)).toThrow(
      /gemm: lda = 2 .* 3 columns of A.*lda >= 3/,
    );
    expect(() => gemm(false, false, 2, 3, 3, 1, x, 3, x, 3, 0, x, 3)).toThrow(/gemm: B .* needs 9 elements but has 6/);
    expect(() => gemm(false, false, -1, 2, 3, 1, x, 3, x, 2, 0, x, 2)).toThrow(/gemm: m = -1/);
  });
});

const a1 = new Float32Array(1);

describe.each(implementations)('$name gemmBatched', ({ gemmBatched }) => {
  test('broadcast A (stride 0), beta, and padded C batches', () => {
    const rng = new Random(4);
    const [batch, m, n, k] = [4, 6, 5, 7];
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = rng.fillUniform(new Float32Array(m * k), -1, 1);
        const b = rng.fillUniform(new Float32Array(batch * k * n), -1, 1);
        const strideC = m * n + 3;
        const c = rng.fillUniform(new Float32Array(batch * strideC), -1, 1);
        const before = c.slice();
        gemmBatched(batch, transA, transB, m, n, k, 1.5, a, 0, b, k * n, 0.5, c, strideC);
        for (let i = 0; i < batch; i++) {
          const want = naiveGemm(
            transA,
            transB,
            m,
            n,
            k,
            1.5,
            a,
            transA ? m : k,
            b,
            transB ? k : n,
            0.5,
            before,
            n,
            0,
            i * k * n,
            i * strideC,
          );
          for (let j = i * strideC; j < (i + 1) * strideC; j++) expect(c[j]).toBeCloseTo(want[j]!, 5);
        }
      }
    }
    expect(() => gemmBatched(-1, false, false, 1, 1, 1, 1, a1, 0, a1, 0, 0, a1, 0)).toThrow(/gemmBatched: batch = -1/);
    expect(() => gemmBatched(1, false, false, 1, 1, 1, 1, a1, 0, a1, -2, 0, a1, 0)).toThrow(
      /gemmBatched: strideB = -2 is not a non-negative integer/,
    );
    expect(() =>
      gemmBatched(
        3,
        false,
        false,
        2,
        2,
        2,
        1,
        new Float32Array(8),
        4,
        new Float32Array(4),
        0,
        0,
        new Float32Array(12),
        4,
      ),
    ).toThrow(/gemmBatched: 3 batches of A \(4 elements each, stride 4\) need 12 elements but A has 8/);
  });

  test('matches per-batch gemm, including a broadcast (stride 0) operand', () => {
    const rng = new Random(3);
    for (const [transA, transB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const batch = 3;
      const m = 5;
      const n = 4;
      const k = 6;
      const a = rng.fillUniform(new Float64Array(batch * m * k), -1, 1);
      const b = rng.fillUniform(new Float64Array(k * n), -1, 1);
      const c = new Float64Array(batch * m * n);
      gemmBatched(batch, transA, transB, m, n, k, 2, a, m * k, b, 0, 0, c, m * n);
      for (let i = 0; i < batch; i++) {
        const want = naiveGemm(
          transA,
          transB,
          m,
          n,
          k,
          2,
          a,
          transA ? m : k,
          b,
          transB ? k : n,
          0,
          c,
          n,
          i * m * k,
          0,
          i * m * n,
        );
        for (let j = i * m * n; j < (i + 1) * m * n; j++) expect(c[j]).toBeCloseTo(want[j]!, 12);
      }
    }
  });
});
