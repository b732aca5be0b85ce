import { describe, expect, test } from 'vitest';
import {
  customOp,
  enableGrad,
  flatten,
  full,
  gt,
  isGradEnabled,
  matmul,
  noGrad,
  randn,
  setGradEnabled,
  tensor,
  transpose,
  zeros,
} from './index';

describe('noGrad and enableGrad refuse an async fn', () => {
  test('noGrad(async () => …) is an Error, and the mode is restored', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let afterAwait: boolean | undefined;
    expect(() =>
      noGrad(async () => {
        await paused;
        afterAwait = isGradEnabled();
        return x.mul(2);
      }),
    ).toThrow(/^noGrad: fn returned a promise, .*after its first await would run with recording on again/);
    expect(isGradEnabled()).toBe(true);
    // What the guard is about: the body after the await does run with recording on.
    resume();
    await paused;
    await Promise.resolve();
    expect(afterAwait).toBe(true);
  });

  // The property name held in a variable: lint (rightly) flags literal `then` keys outside tests of thenables.
  const then = 'then';
  test('any thenable counts, and enableGrad says the same', () => {
    const thenable = { [then]: () => undefined };
    expect(() => noGrad(() => thenable)).toThrow(/^noGrad: fn returned a promise/);
    const previous = setGradEnabled(false);
    try {
      expect(() => enableGrad(() => Promise.resolve(1))).toThrow(/^enableGrad: fn returned a promise.*recording off/);
      expect(isGradEnabled()).toBe(false);
    } finally {
      setGradEnabled(previous);
    }
  });

  test('synchronous results, including objects with a non-function then, pass through', () => {
    expect(noGrad(() => ({ [then]: 1 }))).toEqual({ [then]: 1 });
    const y = noGrad(() => tensor([1], { requiresGrad: true }).mul(3));
    expect(y.requiresGrad).toBe(false);
  });

  test('fn must be a function', () => {
    expect(() => noGrad('x' as never)).toThrow(
      'noGrad: fn must be a function such as () => model.forward(x), got "x" (string of length 1)',
    );
  });
});

describe('bad arguments found by the issue-12 sweep are named Errors', () => {
  test('transpose checks the axes of a 1-d tensor instead of ignoring them', () => {
    const v = randn([3]);
    expect(transpose(v)).toBe(v);
    expect(transpose(v, 0, -1)).toBe(v);
    expect(() => transpose(v, 0, 7)).toThrow(/^transpose: axis 7 \(axis1\) is out of range for a tensor of rank 1/);
  });
  test('full refuses a fill value that is not a number (it used to give NaNs)', () => {
    expect(() => full([2, 2], 'x' as never)).toThrow(/^full: value must be a number, got "x"/);
    expect(full([1], Number.NEGATIVE_INFINITY).item()).toBe(Number.NEGATIVE_INFINITY);
  });
  test('tensors where tensors belong', () => {
    expect(() => flatten(null as never)).toThrow(/^flatten: input must be a Tensor, got null/);
    expect(() => gt(0.5 as never, randn([2]))).toThrow(/^gt: first operand must be a Tensor, got 0\.5/);
    expect(() => customOp(null as never)).toThrow(/^customOp: spec must be an object/);
  });
  test('a size no typed array can hold names the op and the bytes before allocating', () => {
    expect(() => zeros([2 ** 20, 2 ** 13])).toThrow(
      /^zeros: the result needs 8589934592 float32 elements, 34\.4 GB \(34359738368 bytes\): more than a typed array can hold/,
    );
    // A matmul whose result is too large is refused by name too (the operands themselves are small).
    expect(() => matmul(zeros([2 ** 17, 1]), zeros([1, 2 ** 16]))).toThrow(/^matmul: the result needs 8589934592/);
  });
  test('unknown options are refused with the valid keys', () => {
    expect(() => zeros([2], { dtyp: 'float64' } as never)).toThrow(
      "zeros: unknown option 'dtyp'. Valid options: dtype, requiresGrad.",
    );
    expect(() => randn([2], { sd: 2 } as never)).toThrow(/^randn: unknown option 'sd'/);
    expect(() => tensor([1], 'float64' as never)).toThrow(/^tensor: options must be an object/);
  });
});
