import { describe, expect, test } from 'vitest';
import {
  abs,
  clamp,
  cos,
  exp,
  expm1,
  log,
  log1p,
  neg,
  powScalar,
  reciprocal,
  scale,
  sign,
  sin,
  sqrt,
  square,
} from './elementwise';

const xs = [-2, -0.5, 0, 0.25, 3];

describe('unary kernels', () => {
  test('values, dtype preservation, out and in-place aliasing', () => {
    const cases: [
      (x: Float64Array | Float32Array, out?: Float64Array | Float32Array) => Float64Array | Float32Array,
      (v: number) => number,
    ][] = [
      [exp, Math.exp],
      [expm1, Math.expm1],
      [neg, (v) => -v],
      [abs, Math.abs],
      [square, (v) => v * v],
      [sin, Math.sin],
      [cos, Math.cos],
    ];
    for (const [fn, ref] of cases) {
      const x64 = Float64Array.from(xs);
      const y = fn(x64);
      expect(y).toBeInstanceOf(Float64Array);
      expect(Array.from(y)).toEqual(xs.map(ref));
      const x32 = Float32Array.from(xs);
      expect(fn(x32)).toBeInstanceOf(Float32Array);
      const inPlace = Float64Array.from(xs);
      expect(fn(inPlace, inPlace)).toBe(inPlace);
      expect(Array.from(inPlace)).toEqual(xs.map(ref));
    }
  });

  test('domain edges follow IEEE (as PyTorch)', () => {
    const v = Float64Array.from([-1, 0, 1, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(Array.from(log(v))).toEqual([Number.NaN, Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(Array.from(sqrt(v))).toEqual([Number.NaN, 0, 1, Number.POSITIVE_INFINITY, Number.NaN]);
    expect(Array.from(log1p(Float64Array.from([-1, -2, 1e-20])))).toEqual([
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      1e-20,
    ]);
    expect(Array.from(reciprocal(Float64Array.from([0, -0, 4])))).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.25,
    ]);
    expect(Array.from(sign(Float64Array.from([-3, -0, 0, 2, Number.NaN])))).toEqual([-1, 0, 0, 1, Number.NaN]);
  });

  test('scale, clamp, powScalar', () => {
    expect(Array.from(scale(Float64Array.from(xs), -2))).toEqual([4, 1, -0, -0.5, -6]);
    expect(Array.from(clamp(Float64Array.from([...xs, Number.NaN]), -1, 1))).toEqual([
      -1,
      -0.5,
      0,
      0.25,
      1,
      Number.NaN,
    ]);
    expect(() => clamp(new Float32Array(1), 2, 1)).toThrow(/clamp: min 2 is greater than max 1/);
    const p = Float64Array.from([4, 0.25, 9]);
    expect(Array.from(powScalar(p, 2))).toEqual([16, 0.0625, 81]);
    expect(Array.from(powScalar(p, 0.5))).toEqual([2, 0.5, 3]);
    expect(Array.from(powScalar(p, -1))).toEqual([0.25, 4, 1 / 9]);
    expect(Array.from(powScalar(p, 3))).toEqual([64, 0.015625, 729]);
    expect(Array.from(powScalar(p, 1))).toEqual([4, 0.25, 9]);
  });

  test('out of the wrong length is an error naming the op', () => {
    expect(() => exp(new Float32Array(3), new Float32Array(2))).toThrow(/exp: out has 2 elements but the result has 3/);
  });
});
