import { ones, tensor, zeros } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import { clipGradNorm, clipGradValue } from './clip-grad';
import { decodeNumber, type Encoded, trainingFixture } from './test-training-fixture';

const decode = (e: Encoded, dtype: 'float32' | 'float64') =>
  dtype === 'float64' ? Float64Array.from(e.data, decodeNumber) : Float32Array.from(e.data, decodeNumber);

/** Same value, NaN equal to NaN, within `rtol` relative (plus a tiny absolute floor). */
function close(actual: number, expected: number, rtol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= rtol * Math.abs(expected) + 1e-300;
}

describe('clipping follows PyTorch 1.13 (fixtures/training.json)', () => {
  test.each(trainingFixture.clipping.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const params = c.grads.map((g, i) => ({ grad: g === null ? null : { data: decode(g, c.dtype) }, i }));
    // float64 gradients must agree to rounding; float32 ones to float32 rounding (PyTorch reduces in float32)
    const rtol = c.dtype === 'float64' ? 1e-14 : 1e-6;
    if (c.kind === 'norm') {
      const total = clipGradNorm(params, c.maxNorm!, { normType: decodeNumber(c.normType!) });
      expect(close(total, decodeNumber(c.totalNorm!), rtol), `total ${total} vs ${c.totalNorm}`).toBe(true);
    } else {
      clipGradValue(params, c.clipValue!);
    }
    c.clipped.forEach((expected, k) => {
      if (expected === null) {
        expect(params[k]!.grad).toBeNull();
        return;
      }
      const got = params[k]!.grad!.data;
      expected.data.forEach((v, i) => {
        expect(close(got[i]!, decodeNumber(v), rtol), `grad ${k}[${i}] ${got[i]} vs ${v}`).toBe(true);
      });
    });
  });

  test('the fixture covers what it claims', () => {
    const labels = trainingFixture.clipping.map((c) => c.label);
    expect(labels).toEqual(
      expect.arrayContaining(['p=inf max=1.0', 'an infinite gradient', 'the 1e-6 epsilon matters']),
    );
    expect(trainingFixture.torch).toMatch(/^1\.13/);
  });
});

describe('clipping on tensors, and its checks', () => {
  test('works on Tensors after backward; a single tensor; no gradients gives 0', () => {
    const w = ones([3], { requiresGrad: true });
    w.mul(tensor([3, 4, 0]))
      .sum()
      .backward();
    expect(clipGradNorm([w], 1)).toBeCloseTo(5, 6);
    expect(Array.from(w.grad!.data).map((v) => Math.round(v * 1e5) / 1e5)).toEqual([0.6, 0.8, 0]);
    expect(clipGradNorm(w, 10, { normType: 'inf' })).toBeCloseTo(0.8, 6);
    expect(clipGradNorm([zeros([2])], 1)).toBe(0);
    clipGradValue(w, 0.7);
    expect(Math.max(...w.grad!.data)).toBeCloseTo(0.7, 6);
  });

  test('errorIfNonfinite refuses a non-finite total and leaves the gradients alone', () => {
    const p = { grad: { data: new Float64Array([1, Number.POSITIVE_INFINITY]) } };
    expect(() => clipGradNorm([p], 1, { errorIfNonfinite: true })).toThrow(
      /clipGradNorm: the total norm of order 2 of the gradients is Infinity/,
    );
    expect(Array.from(p.grad.data)).toEqual([1, Number.POSITIVE_INFINITY]);
  });

  test('bad arguments are refused by name', () => {
    const p = { grad: { data: new Float64Array(2) } };
    expect(() => clipGradNorm([p], -1)).toThrow(/clipGradNorm: maxNorm must be a number ≥ 0, got -1/);
    expect(() => clipGradNorm([p], 1, { normType: 0 })).toThrow(/normType must be a number > 0, got 0/);
    expect(() => clipGradNorm([p], 1, { norm: 2 } as never)).toThrow(
      /unknown option 'norm'. Valid options: normType, errorIfNonfinite/,
    );
    expect(() => clipGradNorm(null as never, 1)).toThrow(/expected a tensor or a list of tensors .* got null/);
    expect(() => clipGradNorm([3] as never, 1)).toThrow(/item 0 is 3, not a tensor/);
    expect(() => clipGradNorm([{ grad: { data: new Int32Array(2) } }] as never, 1)).toThrow(
      /Int32Array\(2\), not float values/,
    );
    expect(() => clipGradValue([p], Number.NaN)).toThrow(/clipGradValue: clipValue must be a number ≥ 0, got NaN/);
  });
});
