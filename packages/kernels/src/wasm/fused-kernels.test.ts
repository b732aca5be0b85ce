// The wasm fused loss kernels and optimiser updates against their js references (src/loss-kernels.ts,
// src/optimizer-updates.ts) and PyTorch's float32 values.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jsBackend as js } from '../backend-js';
import {
  bceWithLogitsCase,
  crossEntropyCase,
  mseCase,
  optimizerCases,
  runOptimizerCase,
  torchMismatches,
} from '../fused-fixtures';
import { Random } from '../random';
import { getNumThreads, setNumThreads, startedThreads } from '../threads';
import { loadWasmSync } from './heap';
import { lossThresholds, wasmLosses as wasm } from './loss-kernels';
import { optimizerThresholds, wasmOptimizers } from './optimizer-kernels';

const saved = { loss: { ...lossThresholds }, optimizer: { ...optimizerThresholds } };
beforeAll(() => {
  expect(loadWasmSync()).not.toBeNull();
  lossThresholds.minElements = 0;
  optimizerThresholds.minElements = 0;
});
afterAll(() => {
  Object.assign(lossThresholds, saved.loss);
  Object.assign(optimizerThresholds, saved.optimizer);
});

const rng = new Random(123);
const normal = (n: number, s = 1) => Float32Array.from({ length: n }, () => s * rng.normal());

describe('wasm loss kernels', () => {
  test('cross-entropy matches PyTorch and the js kernel (wide, offset, ignored rows)', () => {
    const { rows, classes, logits, target, loss, gOut, grad } = crossEntropyCase;
    const perRow = new Float32Array(rows);
    const softmax = new Float32Array(rows * classes);
    wasm.crossEntropyForward(logits, rows, classes, target, perRow, softmax);
    expect(torchMismatches(perRow, loss)).toEqual([]);
    const g = new Float32Array(rows * classes);
    wasm.crossEntropyBackward(softmax, rows, classes, target, gOut, 0, g);
    expect(torchMismatches(g, grad)).toEqual([]);

    for (const [r, c] of [
      [1, 1],
      [3, 5],
      [17, 10],
      [128, 10],
      [7, 33],
    ] as const) {
      const x = normal(r * c, 6);
      const t = Int32Array.from({ length: r }, (_, i) => (i % 5 === 4 ? -100 : rng.integer(0, c)));
      const lw = new Float32Array(r);
      const sw = new Float32Array(r * c);
      const lj = new Float32Array(r);
      const sj = new Float32Array(r * c);
      wasm.crossEntropyForward(x, r, c, t, lw, sw);
      js.crossEntropyForward(x, r, c, t, lj, sj);
      expect(torchMismatches(lw, lj, 1e-6, 1e-7), `loss ${r}×${c}`).toEqual([]);
      expect(torchMismatches(sw, sj, 4e-7, 1e-30), `softmax ${r}×${c}`).toEqual([]);
      const up = normal(r);
      const gw = new Float32Array(r * c);
      const gj = new Float32Array(r * c);
      // Given the same softmax, the backward is bit-identical (float64 products, rounded once).
      wasm.crossEntropyBackward(sj, r, c, t, up, 0, gw);
      js.crossEntropyBackward(sj, r, c, t, up, 0, gj);
      expect(Array.from(gw)).toEqual(Array.from(gj));
      wasm.crossEntropyBackward(sj, r, c, t, null, 1 / r, gw);
      js.crossEntropyBackward(sj, r, c, t, null, 1 / r, gj);
      expect(Array.from(gw)).toEqual(Array.from(gj));
    }
  });

  test('a target out of range is the same named Error on both backends', () => {
    const x = normal(12);
    const t = Int32Array.of(0, 7, 1);
    const message = /crossEntropyForward: target 1 is 7, not a class index in \[0, 3\]/;
    expect(() => wasm.crossEntropyForward(x, 3, 4, t, new Float32Array(3), new Float32Array(12))).toThrow(message);
    expect(() => js.crossEntropyForward(x, 3, 4, t, new Float32Array(3), new Float32Array(12))).toThrow(message);
  });

  test('mse is bit-identical to the js kernel and matches PyTorch', () => {
    const out = new Float32Array(mseCase.x.length);
    wasm.mseForward(mseCase.x, mseCase.y, out);
    expect(torchMismatches(out, mseCase.loss)).toEqual([]);
    wasm.mseBackward(mseCase.x, mseCase.y, mseCase.gOut, 0, out);
    expect(torchMismatches(out, mseCase.grad)).toEqual([]);
    for (const n of [1, 3, 5, 1001]) {
      const [x, y, g] = [normal(n, 3), normal(n, 3), normal(n)];
      const [a, b] = [new Float32Array(n), new Float32Array(n)];
      wasm.mseForward(x, y, a);
      js.mseForward(x, y, b);
      expect(Array.from(a)).toEqual(Array.from(b));
      wasm.mseBackward(x, y, g, 0, a);
      js.mseBackward(x, y, g, 0, b);
      expect(Array.from(a)).toEqual(Array.from(b));
      wasm.mseBackward(x, y, null, 0.25, a);
      js.mseBackward(x, y, null, 0.25, b);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  test('bce-with-logits matches PyTorch and the js kernel, ±30 and ±100 included', () => {
    const c = bceWithLogitsCase;
    const out = new Float32Array(c.x.length);
    wasm.bceWithLogitsForward(c.x, c.y, out);
    expect(torchMismatches(out, c.loss)).toEqual([]);
    wasm.bceWithLogitsBackward(c.x, c.y, c.gOut, 0, out);
    expect(torchMismatches(out, c.grad)).toEqual([]);
    for (const n of [1, 3, 5, 1001]) {
      const x = normal(n, 8);
      const y = Float32Array.from({ length: n }, () => rng.uniform());
      const g = normal(n);
      const [a, b] = [new Float32Array(n), new Float32Array(n)];
      wasm.bceWithLogitsForward(x, y, a);
      js.bceWithLogitsForward(x, y, b);
      expect(torchMismatches(a, b, 1e-6, 1e-6)).toEqual([]);
      wasm.bceWithLogitsBackward(x, y, g, 0, a);
      js.bceWithLogitsBackward(x, y, g, 0, b);
      expect(torchMismatches(a, b, 1e-6, 1e-7)).toEqual([]);
    }
  });
});

describe('wasm optimiser updates: bit-identical to the js updates, and torch.optim', () => {
  test.each(optimizerCases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const wasmAfter = runOptimizerCase(c, wasmOptimizers);
    const jsAfter = runOptimizerCase(c, js);
    wasmAfter.forEach((p, step) => {
      expect(Array.from(p), `step ${step + 1}`).toEqual(Array.from(jsAfter[step]!));
      expect(torchMismatches(p, c.after[step]!)).toEqual([]);
    });
  });

  test('bit-identical for 1, 2 and 3 threads', async () => {
    const before = getNumThreads();
    const minPerThread = optimizerThresholds.minPerThread;
    optimizerThresholds.minPerThread = 256;
    try {
      setNumThreads(3);
      const n = 4099;
      const warm = normal(n);
      for (let i = 0; i < 200 && startedThreads() < 3; i++) {
        wasmOptimizers.sgdUpdate(warm.slice(), warm, null, true, {
          lr: 0.1,
          momentum: 0,
          dampening: 0,
          weightDecay: 0,
          nesterov: false,
          maximize: false,
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(startedThreads()).toBe(3);
      const p0 = normal(n);
      const grads = [normal(n), normal(n, 0.01)];
      const results = [1, 2, 3].map((threads) => {
        setNumThreads(threads);
        const p = p0.slice();
        const [m, v, vMax, b] = [new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
        grads.forEach((g, i) => {
          wasmOptimizers.adamUpdate(
            p,
            g,
            m,
            v,
            vMax,
            i + 1,
            { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, maximize: false },
            true,
          );
          wasmOptimizers.sgdUpdate(p, g, b, i === 0, {
            lr: 0.01,
            momentum: 0.9,
            dampening: 0,
            weightDecay: 1e-4,
            nesterov: true,
            maximize: false,
          });
        });
        return [Array.from(p), Array.from(m), Array.from(v), Array.from(vMax), Array.from(b)];
      });
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    } finally {
      optimizerThresholds.minPerThread = minPerThread;
      setNumThreads(before);
    }
  });
});
