import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decode, loadCoreFixture, mismatches } from './core-fixtures';
import { logSoftmax, logsumexp, reduceMax, reduceMean, reduceMin, reduceSum, softmax, sumAll } from './reduce';
import { sizeOf } from './shape';
import type { DType, Shape } from './types';

const inf = Number.POSITIVE_INFINITY;
const nan = Number.NaN;

/** Reference: gather the line of `shape` along `axis` through output position j by explicit index arithmetic. */
function line(x: ArrayLike<number>, shape: Shape, axis: number, j: number): number[] {
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const len = shape[axis]!;
  const o = Math.floor(j / inner);
  const i = j % inner;
  const out: number[] = [];
  for (let r = 0; r < len; r++) out.push(x[(o * len + r) * inner + i]!);
  return out;
}

const shapeAxis = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.integer({ min: -shape.length, max: shape.length - 1 }).map((axis) => ({ shape, axis })));

describe('reductions along an axis', () => {
  test('property: sum, mean, max, min and argmax/argmin against a per-line reference (ties go to the first)', () => {
    fc.assert(
      fc.property(shapeAxis, fc.integer(), ({ shape, axis }, seed) => {
        const n = sizeOf(shape);
        // Few distinct values, so ties are common.
        const x = new Float64Array(n);
        for (let i = 0; i < n; i++) x[i] = ((seed + i * 7919) % 5) - 2;
        const ax = axis < 0 ? axis + shape.length : axis;
        const m = n / shape[ax]!;
        const argMax = new Int32Array(m);
        const argMin = new Int32Array(m);
        const s = reduceSum(x, shape, axis);
        const mean = reduceMean(x, shape, axis);
        const mx = reduceMax(x, shape, axis, undefined, argMax);
        const mn = reduceMin(x, shape, axis, undefined, argMin);
        expect(s.length).toBe(m);
        for (let j = 0; j < m; j++) {
          const l = line(x, shape, ax, j);
          const sum = l.reduce((p, v) => p + v, 0);
          expect(s[j]).toBe(sum);
          expect(mean[j]).toBeCloseTo(sum / l.length, 12);
          expect(mx[j]).toBe(Math.max(...l));
          expect(mn[j]).toBe(Math.min(...l));
          expect(argMax[j]).toBe(l.indexOf(Math.max(...l)));
          expect(argMin[j]).toBe(l.indexOf(Math.min(...l)));
        }
      }),
      { numRuns: 300 },
    );
  });

  test("keepDim is the caller's: [2,3,4] over axis 1 gives 8 values in [2,4] order", () => {
    const x = new Float32Array(24).map((_, i) => i);
    expect(Array.from(reduceSum(x, [2, 3, 4], 1))).toEqual([12, 15, 18, 21, 48, 51, 54, 57]);
    expect(reduceSum(x, [2, 3, 4], 1)).toBeInstanceOf(Float32Array);
    expect(reduceSum(Float64Array.from(x), [2, 3, 4], -1)).toBeInstanceOf(Float64Array);
  });

  test('NaN propagates with the index of the first NaN; ties pick the first index', () => {
    const arg = new Int32Array(1);
    expect(reduceMax(Float64Array.of(1, nan, 5, nan), [4], 0, undefined, arg)[0]).toBeNaN();
    expect(arg[0]).toBe(1);
    expect(reduceMin(Float64Array.of(nan, -1), [2], 0, undefined, arg)[0]).toBeNaN();
    expect(arg[0]).toBe(0);
    expect(reduceMax(Float64Array.of(2, 7, 7, 1), [4], 0, undefined, arg)[0]).toBe(7);
    expect(arg[0]).toBe(1);
    expect(reduceMin(Float64Array.of(-inf, 3, -inf), [3], 0, undefined, arg)[0]).toBe(-inf);
    expect(arg[0]).toBe(0);
    expect(reduceSum(Float64Array.of(1, nan), [2], 0)[0]).toBeNaN();
  });

  test('empty axes: sum 0, mean NaN, max throws naming the shape', () => {
    expect(Array.from(reduceSum(new Float32Array(0), [2, 0], 1))).toEqual([0, 0]);
    expect(reduceMean(new Float32Array(0), [2, 0], 1)[0]).toBeNaN();
    expect(() => reduceMax(new Float32Array(0), [2, 0], 1)).toThrow(/reduceMax: axis 1 of shape \[2, 0\] has size 0/);
    expect(() => reduceSum(new Float32Array(6), [2, 3], 2)).toThrow(
      /reduceSum: axis 2 is out of range for a tensor of rank 2/,
    );
    expect(() => reduceSum(new Float32Array(5), [2, 3], 0)).toThrow(
      /reduceSum: x has 5 elements but its shape \[2, 3\] needs 6/,
    );
  });
});

describe('logsumexp, softmax, logSoftmax', () => {
  test('stable at ±1000 (values as torch gives them)', () => {
    const x = Float32Array.of(1000, 1000, -1000, -1000, 1000, 0);
    expect(Array.from(logsumexp(x, [3, 2], 1))).toEqual([
      Math.fround(1000 + Math.LN2),
      Math.fround(-1000 + Math.LN2),
      1000,
    ]);
    expect(Array.from(softmax(x, [3, 2], 1))).toEqual([0.5, 0.5, 0.5, 0.5, 1, 0]);
    expect(Array.from(logSoftmax(x, [3, 2], 1))).toEqual([
      -Math.fround(Math.LN2),
      -Math.fround(Math.LN2),
      -Math.fround(Math.LN2),
      -Math.fround(Math.LN2),
      0,
      -1000,
    ]);
  });

  test('-Infinity entries: probability 0, log-prob -inf; an all -inf row: logsumexp -inf, softmax NaN (as torch)', () => {
    const x = Float64Array.of(-inf, 0, -inf, -inf);
    expect(Array.from(softmax(x, [2, 2], 1))).toEqual([0, 1, nan, nan]);
    expect(Array.from(logSoftmax(x, [2, 2], 1))).toEqual([-inf, 0, nan, nan]);
    expect(Array.from(logsumexp(x, [2, 2], 1))).toEqual([0, -inf]);
    expect(Array.from(logsumexp(Float64Array.of(inf, 1, nan, 1), [2, 2], 1))).toEqual([inf, nan]);
  });

  test('property: softmax rows sum to 1, equal exp(logSoftmax), logsumexp shift-invariant, along any axis', () => {
    fc.assert(
      fc.property(shapeAxis, fc.double({ min: -50, max: 50, noNaN: true }), ({ shape, axis }, shift) => {
        const n = sizeOf(shape);
        const x = new Float64Array(n).map((_, i) => Math.sin(i * 12.9898) * 20);
        const ax = axis < 0 ? axis + shape.length : axis;
        const p = softmax(x, shape, axis);
        const lp = logSoftmax(x, shape, axis);
        for (let i = 0; i < n; i++) expect(Math.exp(lp[i]!)).toBeCloseTo(p[i]!, 12);
        const rowSums = reduceSum(p, shape, axis);
        for (const s of rowSums) expect(s).toBeCloseTo(1, 12);
        const lse = logsumexp(x, shape, axis);
        const shifted = logsumexp(
          x.map((v) => v + shift),
          shape,
          axis,
        );
        for (let j = 0; j < lse.length; j++) {
          expect(shifted[j]).toBeCloseTo(lse[j]! + shift, 10);
          const l = line(x, shape, ax, j);
          expect(lse[j]).toBeCloseTo(Math.log(l.reduce((s, v) => s + Math.exp(v), 0)), 10);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('softmax in place, inner axis', () => {
    const x = Float32Array.of(0, 0, 1, 1);
    expect(softmax(x, [2, 2], 0, x)).toBe(x);
    const e = Math.fround(1 / (1 + Math.E));
    expect(x[0]).toBeCloseTo(e, 6);
    expect(x[2]).toBeCloseTo(1 - e, 6);
  });
});

describe('sumAll', () => {
  test('compensated: exact where naive summation drifts', () => {
    const x = new Float64Array(1001);
    x[0] = 1;
    for (let i = 1; i < x.length; i++) x[i] = 1e-16;
    expect(sumAll(x)).toBe(1 + 1e-13);
    expect(sumAll(Float64Array.of(1e100, 1, -1e100))).toBe(1);
    expect(sumAll(new Float32Array(1e6).fill(0.1))).toBeCloseTo(Math.fround(0.1) * 1e6, 6);
    expect(sumAll(Float64Array.of(inf, 1))).toBe(inf);
    expect(sumAll(Float64Array.of(inf, -inf))).toBeNaN();
    expect(sumAll(Float64Array.of(nan, 1))).toBeNaN();
    expect(sumAll(new Float32Array(0))).toBe(0);
  });
});

describe.each(['float32', 'float64'] as DType[])('reductions and softmax match PyTorch (%s)', (dtype) => {
  const fx = loadCoreFixture(dtype);
  const r = decode(fx.reductions.x, dtype);
  const shape = fx.reductions.shape;

  test.each(fx.reductions.cases.map((c) => [c.axis, c] as const))('[3, 4, 5] with ties along axis %i', (_, c) => {
    const m = sizeOf(shape) / shape[c.axis]!;
    const arg = new Int32Array(m);
    expect(mismatches(reduceSum(r, shape, c.axis), decode(c.sum, dtype), dtype)).toEqual([]);
    expect(mismatches(reduceMean(r, shape, c.axis), decode(c.mean, dtype), dtype)).toEqual([]);
    expect(mismatches(reduceMax(r, shape, c.axis, undefined, arg), decode(c.max, dtype), dtype)).toEqual([]);
    expect(Array.from(arg)).toEqual(c.argmax);
    expect(mismatches(reduceMin(r, shape, c.axis, undefined, arg), decode(c.min, dtype), dtype)).toEqual([]);
    expect(Array.from(arg)).toEqual(c.argmin);
    expect(mismatches(logsumexp(r, shape, c.axis), decode(c.logsumexp, dtype), dtype)).toEqual([]);
    expect(mismatches(softmax(r, shape, c.axis), decode(c.softmax, dtype), dtype)).toEqual([]);
    expect(mismatches(logSoftmax(r, shape, c.axis), decode(c.logSoftmax, dtype), dtype)).toEqual([]);
  });

  test('rows at ±1000, of -inf, with +inf and NaN', () => {
    const e = fx.extreme;
    const x = decode(e.x, dtype);
    const arg = new Int32Array(e.shape[0]!);
    expect(mismatches(logsumexp(x, e.shape, 1), decode(e.logsumexp, dtype), dtype)).toEqual([]);
    expect(mismatches(softmax(x, e.shape, 1), decode(e.softmax, dtype), dtype)).toEqual([]);
    expect(mismatches(logSoftmax(x, e.shape, 1), decode(e.logSoftmax, dtype), dtype)).toEqual([]);
    expect(mismatches(reduceMax(x, e.shape, 1, undefined, arg), decode(e.max, dtype), dtype)).toEqual([]);
    expect(Array.from(arg)).toEqual(e.argmax);
    expect(mismatches(reduceSum(x, e.shape, 1), decode(e.sum, dtype), dtype)).toEqual([]);
  });
});
