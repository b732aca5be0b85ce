// The wasm reductions, softmax and logSoftmax against their js references (src/reduce.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsBackend as js } from '../backend-js';
import { Random } from '../random';
import { sizeOf } from '../shape';
import { getNumThreads, setNumThreads, startedThreads } from '../threads';
import type { Shape } from '../types';
import { loadWasmSync } from './heap';
import { reduceThresholds, wasmReduce as wasm } from './reduce-kernels';

const saved = { ...reduceThresholds };
beforeAll(() => {
  expect(loadWasmSync()).not.toBeNull();
  reduceThresholds.minElements = 0;
});
afterAll(() => Object.assign(reduceThresholds, saved));

const rng = new Random(31);

function data(shape: Shape, scale = 5, special = true): Float32Array {
  const x = new Float32Array(sizeOf(shape));
  for (let i = 0; i < x.length; i++) x[i] = scale * rng.normal();
  if (special && x.length > 8) {
    // Ties and a row maximum repeated, far values, ±0.
    x[1] = x[0]!;
    x[2] = -0;
    x[3] = 0;
    x[x.length - 1] = 1000;
    x[x.length - 2] = -1000;
  }
  return x;
}

/** |a − e| ≤ rtol·|e| + atol, NaN and infinities exactly; the first few failures. */
function far(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): string[] {
  const bad: string[] = [];
  for (let i = 0; i < expected.length && bad.length < 5; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Math.abs(a - e) <= rtol * Math.abs(e) + atol;
    if (!ok) bad.push(`[${i}] expected ${e} got ${a}`);
  }
  return bad;
}

const SHAPES: [Shape, number][] = [
  [[1], 0],
  [[7], 0],
  [[5, 9], 1],
  [[5, 9], 0],
  [[3, 17, 6], 1],
  [[3, 17, 6], -1],
  [[4, 1, 5], 1],
  [[128, 10], 1],
  [[2, 3, 0], 2],
  [[0, 3], 1],
  [[33, 130], 0],
];

describe('agreement with the js kernels', () => {
  test.each(SHAPES)('sum and mean of %j along %i (bit-identical across slabs)', (shape, axis) => {
    const x = data(shape);
    for (const op of ['reduceSum', 'reduceMean'] as const) {
      const got = wasm[op](x, shape, axis);
      const expected = js[op](x, shape, axis);
      expect(far(got, expected, 2 ** -23, 0), op).toEqual([]);
    }
  });

  test.each(SHAPES.filter(([s, a]) => s[a < 0 ? s.length + a : a] !== 0))(
    'max and min of %j along %i, with the first index of the extremum (bit-identical)',
    (shape, axis) => {
      const x = data(shape).map((v) => Math.round(v)); // many ties
      for (const op of ['reduceMax', 'reduceMin'] as const) {
        const argW = new Int32Array(sizeOf(shape) / shape[axis < 0 ? shape.length + axis : axis]!);
        const argJ = argW.slice();
        const got = wasm[op](x, shape, axis, undefined, argW);
        const expected = js[op](x, shape, axis, undefined, argJ);
        expect(Array.from(got), op).toEqual(Array.from(expected));
        expect(Array.from(argW), `${op} indices`).toEqual(Array.from(argJ));
      }
    },
  );

  test('NaN wins max and min, with the index of the first NaN; ±∞', () => {
    const shape = [3, 11];
    const x = data(shape);
    x[5] = Number.NaN;
    x[7] = Number.NaN;
    x[11 + 4] = Infinity;
    x[22 + 9] = -Infinity;
    for (const axis of [0, 1]) {
      for (const op of ['reduceMax', 'reduceMin'] as const) {
        const n = axis === 1 ? 3 : 11;
        const argW = new Int32Array(n);
        const argJ = new Int32Array(n);
        expect(Array.from(wasm[op](x, shape, axis, undefined, argW))).toEqual(
          Array.from(js[op](x, shape, axis, undefined, argJ)),
        );
        expect(Array.from(argW)).toEqual(Array.from(argJ));
      }
    }
  });

  test.each(SHAPES)('logsumexp, softmax and logSoftmax of %j along %i', (shape, axis) => {
    const x = data(shape);
    expect(far(wasm.logsumexp(x, shape, axis), js.logsumexp(x, shape, axis), 4e-7, 0), 'logsumexp').toEqual([]);
    expect(far(wasm.softmax(x, shape, axis), js.softmax(x, shape, axis), 6e-7, 1e-38), 'softmax').toEqual([]);
    expect(far(wasm.logSoftmax(x, shape, axis), js.logSoftmax(x, shape, axis), 4e-7, 1e-6), 'logSoftmax').toEqual([]);
  });

  test('rows holding ±∞ and NaN behave as in the js kernels (and PyTorch)', () => {
    const shape = [4, 6];
    const x = Float32Array.from({ length: 24 }, () => rng.normal());
    x.fill(-Infinity, 0, 6); // all −∞
    x[6 + 2] = Infinity; // +∞
    x[12 + 3] = Number.NaN; // NaN
    x[18 + 1] = -Infinity; // one −∞ among numbers
    for (const op of ['logsumexp', 'softmax', 'logSoftmax'] as const) {
      expect(far(wasm[op](x, shape, 1), js[op](x, shape, 1), 6e-7, 1e-6), op).toEqual([]);
    }
  });

  test('sumAll, within float64 rounding of the compensated js sum', () => {
    for (const n of [0, 1, 5, 1001, 100003]) {
      const x = data([n], 1, false);
      expect(Math.abs(wasm.sumAll(x) - js.sumAll(x))).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(js.sumAll(x))));
    }
  });

  test('out may alias x for softmax; out and argOut are checked as in js', () => {
    const shape = [6, 7];
    const x = data(shape);
    const expected = wasm.softmax(x, shape, 1);
    const inPlace = x.slice();
    expect(wasm.softmax(inPlace, shape, 1, inPlace)).toBe(inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(expected));
    expect(() => wasm.reduceSum(x, shape, 2)).toThrow(/axis 2 is out of range for a tensor of rank 2/);
    expect(() => wasm.reduceMax(x, shape, 1, undefined, new Int32Array(2))).toThrow(/argOut has 2 elements/);
    expect(() => wasm.softmax(x, [6, 6], 1)).toThrow(/x has 42 elements but its shape \[6, 6\] needs 36/);
  });
});

describe('threads', () => {
  test('bit-identical for 1, 2 and 3 threads (outer split)', async () => {
    const before = getNumThreads();
    const minPerThread = reduceThresholds.minPerThread;
    reduceThresholds.minPerThread = 256;
    try {
      setNumThreads(3);
      const warm = data([64, 64]);
      for (let i = 0; i < 200 && startedThreads() < 3; i++) {
        wasm.softmax(warm, [64, 64], 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(startedThreads()).toBe(3);
      const shape = [37, 29, 3];
      const x = data(shape);
      const results = [1, 2, 3].map((threads) => {
        setNumThreads(threads);
        const arg = new Int32Array(37 * 3);
        return [
          Array.from(wasm.softmax(x, shape, 1)),
          Array.from(wasm.logSoftmax(x, [37, 87], 1)),
          Array.from(wasm.reduceSum(x, shape, 1)),
          Array.from(wasm.logsumexp(x, shape, 1)),
          Array.from(wasm.reduceMax(x, shape, 1, undefined, arg)),
          Array.from(arg),
        ];
      });
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    } finally {
      reduceThresholds.minPerThread = minPerThread;
      setNumThreads(before);
    }
  });
});
