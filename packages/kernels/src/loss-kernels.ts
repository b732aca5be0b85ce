/**
 * The fused loss kernels training calls, over typed arrays, in PyTorch's formulas (ATen 1.13): the reference (js)
 * implementation of the `LossKernels` family (src/backend-js.ts), with the signatures and semantics of
 * @actlab/layers' loss kernels (packages/layers/src/loss-kernels.ts), so layers can call
 * `getBackend().crossEntropyForward(...)` and get the WebAssembly kernels where they run.
 *
 * `perElement` (`perRow`) receives the unreduced losses; `gradInput` receives dLoss/dInput for an upstream gradient
 * `gOut` that is one number per element (per row) for reduction 'none', or null with `scale` the one upstream value
 * ('mean' folds in its 1/n). Arithmetic is float64 whatever the storage, rounded once on store.
 */
import {
  checkCrossEntropyKernel,
  checkElementwiseLossBackward,
  checkElementwiseLossKernel,
  checkScalarArgument,
} from './kernel-checks';
import type { FloatArray } from './types';

/** PyTorch's default `ignore_index`: a row whose target is this contributes 0 to the loss and the gradient. */
export const DEFAULT_IGNORE_INDEX = -100;

/** softplus(−x) = −log σ(x), in ATen's form log(e^−m + e^(−x−m)) + m with m = max(−x, 0): no overflow. */
function softplusNeg(x: number): number {
  const m = Math.max(-x, 0);
  return Math.log(Math.exp(-m) + Math.exp(-x - m)) + m;
}

/** σ(x) by sign, so e^x never overflows. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** ℓ = (x − y)². */
export function mseForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  checkElementwiseLossKernel('mseForward', x, y, perElement);
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    perElement[i] = d * d;
  }
}

/** dℓ/dx = 2·(x − y)·g. */
export function mseBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  checkElementwiseLossBackward('mseBackward', x, y, gOut, scale, gradInput);
  for (let i = 0; i < x.length; i++) gradInput[i] = 2 * (x[i]! - y[i]!) * (gOut === null ? scale : gOut[i]!);
}

/** ℓ = (1 − y)·x + softplus(−x): the stable form of −[y·log σ(x) + (1 − y)·log(1 − σ(x))]. */
export function bceWithLogitsForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  checkElementwiseLossKernel('bceWithLogitsForward', x, y, perElement);
  for (let i = 0; i < x.length; i++) perElement[i] = (1 - y[i]!) * x[i]! + softplusNeg(x[i]!);
}

/** dℓ/dx = (σ(x) − y)·g. */
export function bceWithLogitsBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  checkElementwiseLossBackward('bceWithLogitsBackward', x, y, gOut, scale, gradInput);
  for (let i = 0; i < x.length; i++) gradInput[i] = (sigmoid(x[i]!) - y[i]!) * (gOut === null ? scale : gOut[i]!);
}

/**
 * Cross-entropy with class indices over rows of `logits` ([rows, classes]): ℓ_r = log Σ_c e^(x[c] − max) −
 * (x[t] − max), 0 for a row whose target is DEFAULT_IGNORE_INDEX. The log-probability is formed from max-shifted
 * terms (max + log Σ − x[t] would cancel to 0 at large logits); for float32 logits x[t] − max is rounded to float32,
 * as PyTorch's float32 log_softmax rounds it. Writes the row softmax into `softmaxOut` for the backward. Targets
 * must be in [0, classes) or the ignore index (checked: O(rows)).
 */
export function crossEntropyForward(
  logits: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  perRow: FloatArray,
  softmaxOut: FloatArray,
): void {
  checkCrossEntropyKernel(
    'crossEntropyForward',
    logits,
    'logits',
    rows,
    classes,
    target,
    softmaxOut,
    'softmaxOut',
    perRow,
    'perRow',
    DEFAULT_IGNORE_INDEX,
  );
  const f32 = logits instanceof Float32Array;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = target[r]!;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (logits[base + c]! > max) max = logits[base + c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[base + c]! - max);
      softmaxOut[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) softmaxOut[base + c] = softmaxOut[base + c]! / sum;
    if (t === DEFAULT_IGNORE_INDEX) {
      perRow[r] = 0;
      continue;
    }
    const shift = f32 ? Math.fround(logits[base + t]! - max) : logits[base + t]! - max;
    perRow[r] = Math.log(sum) - shift;
  }
}

/** dℓ_r/dx_r = (softmax(x_r) − onehot(t_r))·g_r, 0 for an ignored row. */
export function crossEntropyBackward(
  softmax: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  checkCrossEntropyKernel(
    'crossEntropyBackward',
    softmax,
    'softmax',
    rows,
    classes,
    target,
    gradInput,
    'gradInput',
    gOut,
    'gOut',
    DEFAULT_IGNORE_INDEX,
  );
  checkScalarArgument('crossEntropyBackward', 'scale', scale);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = target[r]!;
    if (t === DEFAULT_IGNORE_INDEX) {
      for (let c = 0; c < classes; c++) gradInput[base + c] = 0;
      continue;
    }
    const g = gOut === null ? scale : gOut[r]!;
    for (let c = 0; c < classes; c++) gradInput[base + c] = softmax[base + c]! * g;
    gradInput[base + t] = gradInput[base + t]! - g;
  }
}
