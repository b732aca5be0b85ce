// The js fused loss kernels (the reference of the LossKernels family) against PyTorch 1.13's float32 values.
import { describe, expect, test } from 'vitest';
import { bceWithLogitsCase, crossEntropyCase, mseCase, torchMismatches } from './fused-fixtures';
import * as losses from './loss-kernels';

describe('loss kernels match PyTorch (float32, rtol 1.3e-6, atol 1e-5)', () => {
  test('cross-entropy with class indices: wide and offset logits, an ignored row (-100)', () => {
    const { rows, classes, logits, target, loss, gOut, grad } = crossEntropyCase;
    const perRow = new Float32Array(rows);
    const softmax = new Float32Array(rows * classes);
    losses.crossEntropyForward(logits, rows, classes, target, perRow, softmax);
    expect(torchMismatches(perRow, loss)).toEqual([]);
    const g = new Float32Array(rows * classes);
    losses.crossEntropyBackward(softmax, rows, classes, target, gOut, 0, g);
    expect(torchMismatches(g, grad)).toEqual([]);
    // 'mean'-style: one upstream value for every row.
    losses.crossEntropyBackward(softmax, rows, classes, target, null, 0.5, g);
    const expected = grad.map((v, i) => (v * 0.5) / gOut[Math.floor(i / classes)]!);
    expect(torchMismatches(g, expected, 1e-5, 1e-6)).toEqual([]);
  });

  test.each([
    ['mse', mseCase, losses.mseForward, losses.mseBackward],
    ['bceWithLogits', bceWithLogitsCase, losses.bceWithLogitsForward, losses.bceWithLogitsBackward],
  ] as const)('%s', (_name, c, forward, backward) => {
    const out = new Float32Array(c.x.length);
    forward(c.x, c.y, out);
    expect(torchMismatches(out, c.loss)).toEqual([]);
    backward(c.x, c.y, c.gOut, 0, out);
    expect(torchMismatches(out, c.grad)).toEqual([]);
  });
});
