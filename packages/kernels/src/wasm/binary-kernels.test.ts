// The wasm binary kernels and sumToShape against their js references (src/binary.ts): bit-identical.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsBackend as js } from '../backend-js';
import { Random } from '../random';
import { sizeOf } from '../shape';
import { getNumThreads, setNumThreads, startedThreads } from '../threads';
import type { Shape } from '../types';
import { binaryThresholds, wasmBinary as wasm } from './binary-kernels';
import { loadWasmSync } from './heap';

const saved = { ...binaryThresholds };
beforeAll(() => {
  expect(loadWasmSync()).not.toBeNull();
  binaryThresholds.minElements = 0;
});
afterAll(() => Object.assign(binaryThresholds, saved));

const rng = new Random(5);
const SPECIAL = [0, -0, 1, -1, 1e-40, -1e-45, 3e38, -3e38, Infinity, -Infinity, Number.NaN];

function data(shape: Shape): Float32Array {
  const x = new Float32Array(sizeOf(shape));
  for (let i = 0; i < x.length; i++)
    x[i] = rng.uniform() < 0.1 ? SPECIAL[rng.integer(0, SPECIAL.length)]! : 10 * rng.normal();
  return x;
}

const SHAPES: [Shape, Shape][] = [
  [[0], [0]],
  [[1], [1]],
  [[5], [5]],
  [[17], []],
  [[], [17]],
  [[3, 5], [5]],
  [[5], [3, 5]],
  [
    [7, 3],
    [7, 1],
  ],
  [
    [7, 1],
    [7, 3],
  ],
  [
    [2, 1],
    [1, 3],
  ],
  [
    [4, 1, 6],
    [1, 5, 1],
  ],
  [[128, 33], [33]],
  [
    [33, 128],
    [33, 1],
  ],
  [
    [2, 3, 4],
    [2, 3, 4],
  ],
  [[1, 1, 9], [9]],
];
const OPS = ['add', 'sub', 'mul', 'div', 'maximum', 'minimum'] as const;

describe('bit-identical to the js kernels, every fast path and the general fallback', () => {
  test.each(OPS)('%s', (op) => {
    for (const [aShape, bShape] of SHAPES) {
      const a = data(aShape);
      const b = data(bShape);
      expect(Array.from(wasm[op](a, aShape, b, bShape)), `${op} ${aShape} ${bShape}`).toEqual(
        Array.from(js[op](a, aShape, b, bShape)),
      );
    }
  });

  test('out may alias either operand', () => {
    const a = data([9, 13]);
    const b = data([13]);
    const expected = js.sub(a, [9, 13], b, [13]);
    const aliased = a.slice();
    expect(wasm.sub(aliased, [9, 13], b, [13], aliased)).toBe(aliased);
    expect(Array.from(aliased)).toEqual(Array.from(expected));
    const c = data([9, 13]);
    const d = data([9, 13]);
    const expected2 = js.div(c, [9, 13], d, [9, 13]);
    wasm.div(c, [9, 13], d, [9, 13], d);
    expect(Array.from(d)).toEqual(Array.from(expected2));
  });

  test('the js kernels’ errors', () => {
    expect(() => wasm.add(new Float32Array(3), [2, 2], new Float32Array(4), [4])).toThrow(
      /add: a has 3 elements but its shape \[2, 2\] needs 4/,
    );
    expect(() => wasm.mul(new Float32Array(6), [2, 3], new Float32Array(2), [2])).toThrow(
      /mul: shapes \[2, 3\] and \[2\] do not broadcast/,
    );
    expect(() => wasm.add(new Float32Array(4), [4], new Float32Array(4), [4], new Float32Array(3))).toThrow(
      /add: out has 3 elements but the result has 4/,
    );
  });
});

describe('sumToShape', () => {
  const CASES: [Shape, Shape][] = [
    [[128, 33], [33]],
    [
      [128, 33],
      [1, 33],
    ],
    [
      [5, 7, 3],
      [7, 3],
    ],
    [
      [33, 17],
      [33, 1],
    ],
    [
      [4, 5, 6],
      [4, 1, 1],
    ],
    [[9, 4], [1]],
    [
      [9, 4],
      [9, 4],
    ],
    [
      [6, 5],
      [6, 1],
    ],
    [
      [3, 4, 5],
      [3, 1, 5],
    ],
  ];
  test.each(CASES)('%j to %j', (from, to) => {
    const x = data(from).map((v) => (Number.isFinite(v) && Math.abs(v) < 1e30 ? v : 1.5));
    const got = wasm.sumToShape(x, from, to);
    const expected = js.sumToShape(x, from, to);
    // Column sums are bit-identical (same float64 order); row sums use partial sums: float32 rounding of the same
    // float64 sum, within one ulp.
    for (let i = 0; i < expected.length; i++) {
      expect(Math.abs(got[i]! - expected[i]!)).toBeLessThanOrEqual(Math.abs(expected[i]!) * 2 ** -23);
    }
    if (to[to.length - 1] !== 1) expect(Array.from(got)).toEqual(Array.from(expected));
  });
});

describe('threads', () => {
  test('bit-identical for 1, 2 and 3 threads (rows and columns split)', async () => {
    const before = getNumThreads();
    const minPerThread = binaryThresholds.minPerThread;
    binaryThresholds.minPerThread = 256;
    try {
      setNumThreads(3);
      const warm = data([4096]);
      for (let i = 0; i < 200 && startedThreads() < 3; i++) {
        wasm.add(warm, [4096], warm, [4096]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(startedThreads()).toBe(3);
      const a = data([61, 129]);
      const b = data([129]);
      const c = data([4099]);
      const results = [1, 2, 3].map((threads) => {
        setNumThreads(threads);
        return [
          Array.from(wasm.mul(a, [61, 129], b, [129])),
          Array.from(wasm.add(c, [4099], c, [4099])),
          Array.from(wasm.sumToShape(a, [61, 129], [129])),
        ];
      });
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    } finally {
      binaryThresholds.minPerThread = minPerThread;
      setNumThreads(before);
    }
  });
});
