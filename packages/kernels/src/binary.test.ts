import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { add, broadcastTo, div, maximum, minimum, mul, permute, pow, sub, sumToShape } from './binary';
import { decode, loadCoreFixture, mismatches } from './core-fixtures';
import { broadcastShapes, sizeOf } from './shape';
import type { DType, FloatArray, Shape } from './types';

/** Independent reference: the flat index of `shape`'s element for the output multi-index (trailing alignment). */
function sourceIndex(outIndex: number[], shape: Shape): number {
  const off = outIndex.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + (shape[i] === 1 ? 0 : outIndex[i + off]!);
  return flat;
}

function multiIndex(flat: number, shape: Shape): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return idx;
}

function seq(n: number, start: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = start + i * 0.5;
  return x;
}

// A target shape plus two operand shapes derived from it (dims replaced by 1, leading dims dropped).
const shapePair = fc
  .tuple(
    fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    fc.integer({ min: 0, max: 4 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([t, ma, mb, da, db]) => ({
    a: t.map((d, i) => (ma[i] ? 1 : d)).slice(Math.min(da, t.length)),
    b: t.map((d, i) => (mb[i] ? 1 : d)).slice(Math.min(db, t.length)),
  }));

const ops: [string, typeof add, (x: number, y: number) => number][] = [
  ['add', add, (x, y) => x + y],
  ['sub', sub, (x, y) => x - y],
  ['mul', mul, (x, y) => x * y],
  ['div', div, (x, y) => x / y],
  ['maximum', maximum, (x, y) => Math.max(x, y)],
  ['minimum', minimum, (x, y) => Math.min(x, y)],
];

describe('broadcasting binary ops', () => {
  test('property: every op matches an index-by-index broadcast reference', () => {
    fc.assert(
      fc.property(shapePair, fc.boolean(), ({ a: aShape, b: bShape }, f64) => {
        const outShape = broadcastShapes(aShape, bShape);
        const a = f64 ? seq(sizeOf(aShape), -3) : Float32Array.from(seq(sizeOf(aShape), -3));
        const b = f64 ? seq(sizeOf(bShape), 0.25) : Float32Array.from(seq(sizeOf(bShape), 0.25));
        for (const [, fn, ref] of ops) {
          const out = fn(a, aShape, b, bShape);
          expect(out).toBeInstanceOf(f64 ? Float64Array : Float32Array);
          expect(out.length).toBe(sizeOf(outShape));
          for (let i = 0; i < out.length; i++) {
            const idx = multiIndex(i, outShape);
            const want = ref(a[sourceIndex(idx, aShape)]!, b[sourceIndex(idx, bShape)]!);
            expect(out[i]).toBe(f64 ? want : Math.fround(want));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('fast paths: same shape, scalar either side, row and column broadcast, into out and in place', () => {
    const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(sub(a, [2, 3], a, [2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(sub(a, [2, 3], Float64Array.of(1), []))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(sub(Float64Array.of(1), [1], a, [2, 3]))).toEqual([0, -1, -2, -3, -4, -5]);
    expect(Array.from(sub(a, [2, 3], Float64Array.of(1, 2, 3), [3]))).toEqual([0, 0, 0, 3, 3, 3]);
    expect(Array.from(sub(a, [2, 3], Float64Array.of(1, 2), [2, 1]))).toEqual([0, 1, 2, 2, 3, 4]);
    expect(Array.from(mul(Float64Array.of(1, 2), [2, 1], Float64Array.of(1, 10, 100), [1, 3]))).toEqual([
      1, 10, 100, 2, 20, 200,
    ]);
    const inPlace = a.slice();
    expect(add(inPlace, [2, 3], Float64Array.of(10, 20, 30), [3], inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual([11, 22, 33, 14, 25, 36]);
    const mixed = add(Float32Array.of(1), [], Float64Array.of(0.1), []);
    expect(mixed).toBeInstanceOf(Float64Array);
  });

  test('NaN propagates through maximum/minimum; pow follows C for pow(1, NaN) and pow(-1, ±Infinity)', () => {
    const nan = Number.NaN;
    expect(Array.from(maximum(Float64Array.of(nan, 1), [2], Float64Array.of(0, nan), [2]))).toEqual([nan, nan]);
    expect(Array.from(minimum(Float64Array.of(nan, 1), [2], Float64Array.of(0, nan), [2]))).toEqual([nan, nan]);
    const base = Float64Array.of(1, -1, -1, 2, -8, 0, 0);
    const expo = Float64Array.of(nan, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 10, 1 / 3, -1, 0);
    // Values as torch.pow gives them.
    expect(Array.from(pow(base, [7], expo, [7]))).toEqual([1, 1, 1, 1024, nan, Number.POSITIVE_INFINITY, 1]);
    expect(Array.from(pow(Float64Array.of(3, -2), [2], Float64Array.of(2), [1]))).toEqual([9, 4]);
  });

  test('errors name the op, the shapes and the fix', () => {
    expect(() => add(new Float32Array(6), [2, 3], new Float32Array(2), [2])).toThrow(
      /add: shapes \[2, 3\] and \[2\] do not broadcast/,
    );
    expect(() => mul(new Float32Array(5), [2, 3], new Float32Array(1), [])).toThrow(
      /mul: a has 5 elements but its shape \[2, 3\] needs 6/,
    );
    expect(() => div(new Float32Array(6), [2, 3], new Float32Array(1), [], new Float32Array(5))).toThrow(
      /div: out has 5 elements/,
    );
  });
});

describe('sumToShape and broadcastTo', () => {
  test('property: sumToShape(broadcastTo(x)) = x * (expansion factor), and each agrees with the reference', () => {
    fc.assert(
      fc.property(shapePair, ({ a: from, b }) => {
        const to = broadcastShapes(from, b);
        const x = seq(sizeOf(from), 1);
        const big = broadcastTo(x, from, to);
        for (let i = 0; i < big.length; i++) expect(big[i]).toBe(x[sourceIndex(multiIndex(i, to), from)]);
        // Reference for the reduction: scatter-add each element to its source index.
        const y = seq(sizeOf(to), -2);
        const want = new Float64Array(sizeOf(from));
        for (let i = 0; i < y.length; i++) want[sourceIndex(multiIndex(i, to), from)]! += y[i]!;
        const got = sumToShape(y, to, from);
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 10);
      }),
      { numRuns: 300 },
    );
  });

  test('bias gradient and column sums; float32 sums accumulate in float64', () => {
    const g = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(sumToShape(g, [2, 3], [3]))).toEqual([5, 7, 9]);
    expect(Array.from(sumToShape(g, [2, 3], [2, 1]))).toEqual([6, 15]);
    expect(Array.from(sumToShape(g, [2, 3], []))).toEqual([21]);
    expect(Array.from(sumToShape(g, [2, 3], [1, 1]))).toEqual([21]);
    expect(Array.from(sumToShape(g, [2, 3], [1, 1, 1]))).toEqual([21]);
    expect(Array.from(sumToShape(Float32Array.of(1, 2, 3), [3], [1, 3]))).toEqual([1, 2, 3]);
    const many = new Float32Array(1 << 20).fill(0.1);
    expect(sumToShape(many, [many.length], [1])[0]).toBeCloseTo(Math.fround(Math.fround(0.1) * many.length), 0);
    // The bias-row path: columns of 2^18 float32 values, summed in float64 (a float32 running sum is off by ~1%).
    const column = Math.fround(Math.fround(0.1) * (1 << 18));
    for (const d of [2, 70_000]) {
      const rows = (1 << 18) / (d === 2 ? 1 : 1 << 12);
      const sums = sumToShape(new Float32Array(rows * d).fill(0.1), [rows, d], [1, d]);
      expect(sums).toBeInstanceOf(Float32Array);
      expect(sums[0]).toBeCloseTo(d === 2 ? column : Math.fround(Math.fround(0.1) * rows), 0);
      expect(sums[d - 1]).toBe(sums[0]);
    }
  });

  test('broadcasts decided from the shapes alone: bias rows either side, leading 1s, empty batches', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const row = Float64Array.from([10, 20, 30]);
    expect(Array.from(add(x, [2, 3], row, [1, 3]))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(Array.from(sub(row, [1, 1, 3], x, [2, 3]))).toEqual([9, 18, 27, 6, 15, 24]);
    expect(Array.from(mul(x, [3, 2, 1], Float64Array.of(2, 3), [2, 1]))).toEqual([2, 6, 6, 12, 10, 18]);
    expect(add(new Float64Array(0), [0, 3], row, [3]).length).toBe(0);
    expect(Array.from(sumToShape(new Float64Array(0), [0, 2], [1, 2]))).toEqual([0, 0]);
    expect(Array.from(sumToShape(x, [3, 2, 1], [2, 1]))).toEqual([9, 12]);
    // Per-row values ([N, 1] against [N, D], and deeper: [2, 1, 1] and [2, 3, 1] against [2, 3, 2]).
    const col = Float64Array.from([10, 20]);
    expect(Array.from(add(x, [2, 3], col, [2, 1]))).toEqual([11, 12, 13, 24, 25, 26]);
    expect(Array.from(sub(col, [2, 1], x, [2, 3]))).toEqual([9, 8, 7, 16, 15, 14]);
    const cube = Float64Array.from({ length: 12 }, (_, i) => i);
    expect(Array.from(mul(cube, [2, 3, 2], col, [2, 1, 1]))).toEqual([
      0, 10, 20, 30, 40, 50, 120, 140, 160, 180, 200, 220,
    ]);
    expect(Array.from(sub(cube, [2, 3, 2], Float64Array.of(0, 1, 2, 3, 4, 5), [2, 3, 1]))).toEqual([
      0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
    ]);
    expect(Array.from(sumToShape(cube, [2, 3, 2], [2, 1, 1]))).toEqual([15, 51]);
    expect(Array.from(sumToShape(cube, [2, 3, 2], [2, 3, 1]))).toEqual([1, 5, 9, 13, 17, 21]);
    expect(Array.from(broadcastTo(col, [2, 1], [2, 3]))).toEqual([10, 10, 10, 20, 20, 20]);
    expect(sumToShape(new Float64Array(0), [0, 3], [0, 1]).length).toBe(0);
    // A suffix in size but not in shape still broadcasts by the general rule, or fails with the shapes named.
    expect(Array.from(add(row, [3, 1], row, [3]))).toEqual([20, 30, 40, 30, 40, 50, 40, 50, 60]);
    expect(() => add(x, [2, 3], x, [6])).toThrow(/add: shapes \[2, 3\] and \[6\] do not broadcast/);
  });

  test('errors', () => {
    expect(() => sumToShape(new Float32Array(6), [2, 3], [2])).toThrow(
      /sumToShape: shape \[2\] does not broadcast to \[2, 3\]/,
    );
    expect(() => broadcastTo(new Float32Array(2), [2], [3])).toThrow(
      /broadcastTo: shape \[2\] does not broadcast to \[3\]/,
    );
  });
});

describe('permute', () => {
  test('property: matches the index-by-index reference for every permutation', () => {
    const arb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 }).chain((shape) =>
      fc
        .shuffledSubarray(
          shape.map((_, i) => i),
          { minLength: shape.length, maxLength: shape.length },
        )
        .map((perm) => ({ shape, perm })),
    );
    fc.assert(
      fc.property(arb, ({ shape, perm }) => {
        const x = seq(sizeOf(shape), 0);
        const y = permute(x, shape, perm);
        const outShape = perm.map((p) => shape[p]!);
        const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
        for (let i = 0; i < y.length; i++) {
          const idx = multiIndex(i, outShape);
          let src = 0;
          for (let d = 0; d < perm.length; d++) src += idx[d]! * inStrides[perm[d]!]!;
          expect(y[i]).toBe(x[src]);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('large transpose (tiled path) and errors', () => {
    const rows = 70;
    const cols = 45;
    const x = seq(rows * cols, 0);
    const y = permute(x, [rows, cols], [1, 0]);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(y[j * rows + i]).toBe(x[i * cols + j]);
    expect(() => permute(x, [rows, cols], [0, 0])).toThrow(/permute: \[0, 0\] is not a permutation of the 2 axes/);
    expect(() => permute(x, [rows, cols], [1, 0], x as FloatArray)).toThrow(/out aliases x/);
  });
});

describe.each(['float32', 'float64'] as DType[])('binary ops match PyTorch (%s)', (dtype) => {
  const fx = loadCoreFixture(dtype).binary;
  const a = decode(fx.a, dtype);
  const b = decode(fx.b, dtype);
  const byName: Record<string, typeof add> = { add, sub, mul, div, maximum, minimum, pow };

  test.each(Object.keys(fx.out))('%s on a [6, 5] by [5] broadcast, both operand orders', (name) => {
    const fn = byName[name]!;
    expect(mismatches(fn(a, fx.aShape, b, fx.bShape), decode(fx.out[name]!, dtype), dtype)).toEqual([]);
  });

  test('pow on a broadcast, and special pairs (pow(1, NaN), pow(-1, ±inf), 0^-1, NaN^0, NaN in max/min)', () => {
    expect(
      mismatches(pow(decode(fx.powBase, dtype), fx.aShape, b, fx.bShape), decode(fx.powOut, dtype), dtype),
    ).toEqual([]);
    const sa = decode(fx.specialA, dtype);
    const sb = decode(fx.specialB, dtype);
    for (const [name, want] of Object.entries(fx.specialOut)) {
      const got = byName[name]!(sa, [sa.length], sb, [sb.length]);
      expect(mismatches(got, decode(want, dtype), dtype), name).toEqual([]);
    }
  });
});

describe('dtype of the broadcast plumbing', () => {
  test('float32 in gives float32 out and float64 in gives float64 out; out may be given', () => {
    for (const Ctor of [Float32Array, Float64Array]) {
      const x = Ctor.from([1, 2, 3, 4, 5, 6]);
      expect(sumToShape(x, [2, 3], [3])).toBeInstanceOf(Ctor);
      expect(broadcastTo(Ctor.from([1, 2, 3]), [3], [2, 3])).toBeInstanceOf(Ctor);
      expect(permute(x, [2, 3], [1, 0])).toBeInstanceOf(Ctor);
      const out = new Ctor(3);
      expect(sumToShape(x, [2, 3], [1, 3], out)).toBe(out);
      expect(Array.from(out)).toEqual([5, 7, 9]);
      expect(Array.from(permute(x, [2, 3], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    }
  });
});
