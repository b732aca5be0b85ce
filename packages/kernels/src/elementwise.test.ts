import { describe, expect, test } from 'vitest';
import { decode, loadCoreFixture, mismatches } from './core-fixtures';
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
import type { DType, FloatArray } from './types';

const unary: Record<string, (x: FloatArray, out?: FloatArray) => FloatArray> = {
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  abs,
  neg,
  sign,
  square,
  reciprocal,
  sin,
  cos,
};

describe.each(['float32', 'float64'] as DType[])('unary kernels match PyTorch (%s)', (dtype) => {
  const fx = loadCoreFixture(dtype);
  const x = decode(fx.x, dtype);

  test.each(Object.keys(unary))('%s on specials (±0, ±1e-4, ±88.7, ±1000, ±inf, nan) and random points', (name) => {
    const y = unary[name]!(x);
    expect(y).toBeInstanceOf(x.constructor);
    expect(mismatches(y, decode(fx.unary[name]!, dtype), dtype)).toEqual([]);
    // in place gives the same values
    const inPlace = x.slice();
    expect(unary[name]!(inPlace, inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(y));
  });

  test('scale, clamp, powScalar', () => {
    for (const c of fx.scalarOps.scale) expect(mismatches(scale(x, c.alpha), decode(c.y, dtype), dtype)).toEqual([]);
    for (const c of fx.scalarOps.clamp)
      expect(mismatches(clamp(x, c.min, c.max), decode(c.y, dtype), dtype)).toEqual([]);
    for (const c of fx.scalarOps.powScalar) {
      expect(mismatches(powScalar(x, c.p), decode(c.y, dtype), dtype), `p = ${c.p}`).toEqual([]);
    }
  });
});

describe('unary kernel contracts', () => {
  test('sign of NaN and -0 is +0 (torch 1.13); neg keeps the sign of zero', () => {
    expect(Array.from(sign(Float64Array.of(Number.NaN, -0, -3)))).toEqual([0, 0, -1]);
    expect(Object.is(neg(Float64Array.of(0))[0], -0)).toBe(true);
  });

  test('errors name the op and the fix', () => {
    expect(() => exp(new Float32Array(3), new Float32Array(2))).toThrow(/exp: out has 2 elements but the result has 3/);
    expect(() => clamp(new Float32Array(1), 2, 1)).toThrow(
      'clamp: bounds min 2, max 1 are invalid; pass numbers with min <= max',
    );
  });

  test('float32 in gives float32 out, float64 in gives float64 out', () => {
    expect(exp(new Float32Array(2))).toBeInstanceOf(Float32Array);
    expect(exp(new Float64Array(2))).toBeInstanceOf(Float64Array);
  });
});
