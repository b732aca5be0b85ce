import type { FloatArray } from '@actlab/kernels';

/**
 * Forward and backward of each loss over typed arrays, in PyTorch's formulas (ATen 1.13), kept apart from the
 * Tensor wrappers in `losses.ts`. `perElement` receives the unreduced losses; `gradInput` receives
 * dLoss/dInput for an upstream gradient `gOut` that is one number per element ('none') or one number in total
 * (`scale` already folds in 1/n for 'mean').
 */

/** ATen's EPSILON for binary_cross_entropy_backward is a float literal (1e-12f), so its float32 value. */
const BCE_GRAD_EPS = Math.fround(1e-12);

/** log σ(x) without overflow: −softplus(−x) = min(x, 0) − log1p(e^−|x|). */
function logSigmoid(x: number): number {
  return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
}

/** σ(x) by sign, so e^x never overflows. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function mseForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - y[i]!;
    perElement[i] = d * d;
  }
}

export function mseBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  for (let i = 0; i < x.length; i++) gradInput[i] = 2 * (x[i]! - y[i]!) * (gOut === null ? scale : gOut[i]!);
}

/** ℓ = (1 − y)·x − log σ(x): the stable form of −[y log σ(x) + (1 − y) log(1 − σ(x))]. */
export function bceWithLogitsForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  for (let i = 0; i < x.length; i++) perElement[i] = (1 - y[i]!) * x[i]! - logSigmoid(x[i]!);
}

export function bceWithLogitsBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  for (let i = 0; i < x.length; i++) gradInput[i] = (sigmoid(x[i]!) - y[i]!) * (gOut === null ? scale : gOut[i]!);
}

/** ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)], PyTorch's clamp of each log term. */
export function bceForward(p: FloatArray, y: FloatArray, perElement: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const logP = Math.max(Math.log(p[i]!), -100);
    const log1mP = Math.max(Math.log1p(-p[i]!), -100);
    perElement[i] = -(y[i]! * logP + (1 - y[i]!) * log1mP);
  }
}

/** dℓ/dp = (p − y) / max(p(1 − p), ε), as ATen (finite even at p = 0 or 1). */
export function bceBackward(
  p: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    gradInput[i] = ((pi - y[i]!) / Math.max((1 - pi) * pi, BCE_GRAD_EPS)) * (gOut === null ? scale : gOut[i]!);
  }
}

/**
 * Cross-entropy with class indices over rows of `logits` ([rows, classes]): ℓ_r = logsumexp(x_r) − x_r[t_r].
 * Writes the row's softmax into `softmaxOut` for the backward.
 */
export function crossEntropyForward(
  logits: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  perRow: FloatArray,
  softmaxOut: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (logits[base + c]! > max) max = logits[base + c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[base + c]! - max);
      softmaxOut[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) softmaxOut[base + c] = softmaxOut[base + c]! / sum;
    perRow[r] = max + Math.log(sum) - logits[base + target[r]!]!;
  }
}

/** dℓ_r/dx_r = softmax(x_r) − onehot(t_r). */
export function crossEntropyBackward(
  softmax: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  for (let r = 0; r < rows; r++) {
    const g = gOut === null ? scale : gOut[r]!;
    const base = r * classes;
    for (let c = 0; c < classes; c++) gradInput[base + c] = softmax[base + c]! * g;
    gradInput[base + target[r]!] = gradInput[base + target[r]!]! - g;
  }
}

/** ℓ_r = −logProb_r[t_r]. */
export function nllForward(
  logProb: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  perRow: FloatArray,
): void {
  for (let r = 0; r < rows; r++) perRow[r] = -logProb[r * classes + target[r]!]!;
}

export function nllBackward(
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  gradInput.fill(0);
  for (let r = 0; r < rows; r++) gradInput[r * classes + target[r]!] = -(gOut === null ? scale : gOut[r]!);
}
