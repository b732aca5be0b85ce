import { type FloatArray, getBackend } from '@actlab/kernels';

/**
 * Forward and backward of each loss over typed arrays, in PyTorch's formulas (ATen 1.13), kept apart from the
 * Tensor wrappers in `losses.ts`. `perElement` receives the unreduced losses; `gradInput` receives
 * dLoss/dInput for an upstream gradient `gOut` that is one number per element ('none') or one number in total
 * (`scale` already folds in 1/n for 'mean').
 */

/** ATen's EPSILON for binary_cross_entropy_backward is a float literal (1e-12f), so its float32 value. */
const BCE_GRAD_EPS = Math.fround(1e-12);

/**
 * softplus(−x) = −log σ(x) without overflow, in ATen's form: log(e^−m + e^(−x−m)) + m with m = max(−x, 0). (It
 * rounds log(1 + e^−40) to 0 where log1p would keep 4e-18; PyTorch's values are the reference.)
 */
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

/** ℓ = (x − y)², on @actlab/kernels' active backend (the fused `LossKernels`; its js reference is this formula). */
export function mseForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  getBackend().mseForward(x, y, perElement);
}

/** dℓ/dx = 2·(x − y)·g, on the active backend. */
export function mseBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  getBackend().mseBackward(x, y, gOut, scale, gradInput);
}

/** ℓ = (1 − y)·x + softplus(−x): the stable form of −[y log σ(x) + (1 − y) log(1 − σ(x))], on the active backend. */
export function bceWithLogitsForward(x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  getBackend().bceWithLogitsForward(x, y, perElement);
}

/** dℓ/dx = (σ(x) − y)·g, on the active backend. */
export function bceWithLogitsBackward(
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  getBackend().bceWithLogitsBackward(x, y, gOut, scale, gradInput);
}

/**
 * ℓ = −[y·max(log p, −100) + (1 − y)·max(log(1 − p), −100)], PyTorch's clamp of each log term (and its log(1 − p),
 * not log1p(−p), so values match PyTorch's to the last bit).
 */
export function bceForward(p: FloatArray, y: FloatArray, perElement: FloatArray): void {
  for (let i = 0; i < p.length; i++) {
    const logP = Math.max(Math.log(p[i]!), -100);
    const log1mP = Math.max(Math.log(1 - p[i]!), -100);
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
 * bceWithLogits with PyTorch's `weight` and `pos_weight` (each already broadcast to the input's size, or null):
 * ℓ = w·[(1 − y)·x + (1 + (pw − 1)·y)·softplus(−x)], softplus(−x) = −log σ(x) computed without overflow.
 */
export function bceWithLogitsWeightedForward(
  x: FloatArray,
  y: FloatArray,
  weight: FloatArray | null,
  posWeight: FloatArray | null,
  perElement: FloatArray,
): void {
  for (let i = 0; i < x.length; i++) {
    const yi = y[i]!;
    const logWeight = posWeight === null ? 1 : 1 + (posWeight[i]! - 1) * yi;
    const loss = (1 - yi) * x[i]! + logWeight * softplusNeg(x[i]!);
    perElement[i] = weight === null ? loss : loss * weight[i]!;
  }
}

/** dℓ/dx = w·[(pw·y + 1 − y)·σ(x) − pw·y] (ATen's binary_cross_entropy_with_logits_backward). */
export function bceWithLogitsWeightedBackward(
  x: FloatArray,
  y: FloatArray,
  weight: FloatArray | null,
  posWeight: FloatArray | null,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  for (let i = 0; i < x.length; i++) {
    const yi = y[i]!;
    const py = posWeight === null ? yi : posWeight[i]! * yi;
    let g = (py + 1 - yi) * sigmoid(x[i]!) - py;
    if (weight !== null) g *= weight[i]!;
    gradInput[i] = g * (gOut === null ? scale : gOut[i]!);
  }
}

/** bce with PyTorch's `weight` (broadcast to the input's size): the clamped terms of `bceForward`, times w. */
export function bceWeightedForward(p: FloatArray, y: FloatArray, weight: FloatArray, perElement: FloatArray): void {
  bceForward(p, y, perElement);
  for (let i = 0; i < p.length; i++) perElement[i] = perElement[i]! * weight[i]!;
}

export function bceWeightedBackward(
  p: FloatArray,
  y: FloatArray,
  weight: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  bceBackward(p, y, gOut, scale, gradInput);
  for (let i = 0; i < p.length; i++) gradInput[i] = gradInput[i]! * weight[i]!;
}

/** PyTorch's default `ignore_index`: a target equal to it contributes nothing. */
export const DEFAULT_IGNORE_INDEX = -100;

/**
 * Cross-entropy with class indices over rows of `logits` ([rows, classes]), with PyTorch's options (ATen
 * `cross_entropy_loss_label_smoothing`): per row not ignored,
 *   ℓ_r = (1 − ε)·w[t]·(−lp[t]) + (ε/C)·Σ_c w[c]·(−lp[c]),   lp[c] = (x[c] − max) − log Σ_k e^(x[k] − max),
 * 0 for a row whose target is `ignoreIndex`; w ≡ 1 without `weight`. The log-probabilities are formed from
 * max-shifted terms, never as max + log(sum) − x[t], which cancels to 0 at large logits (1e16 in float64, 3.4e38
 * in float32). For float32 logits x[c] − max is rounded to float32, as PyTorch's float32 log_softmax rounds it (a
 * shift that overflows there is −Inf there too). Writes the row softmax into `softmaxOut`; returns Σ w[t] over the
 * rows not ignored, the 'mean' divisor.
 */
export function crossEntropyForwardWeighted(
  logits: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  weight: FloatArray | null,
  ignoreIndex: number,
  labelSmoothing: number,
  perRow: FloatArray,
  softmaxOut: FloatArray,
): number {
  const f32 = logits instanceof Float32Array;
  let totalWeight = 0;
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
    if (t === ignoreIndex) {
      perRow[r] = 0;
      continue;
    }
    const logSum = Math.log(sum);
    const shiftT = f32 ? Math.fround(logits[base + t]! - max) : logits[base + t]! - max;
    const wt = weight === null ? 1 : weight[t]!;
    totalWeight += wt;
    let loss = wt * (logSum - shiftT);
    if (labelSmoothing > 0) {
      let smooth = 0;
      for (let c = 0; c < classes; c++) {
        const shift = f32 ? Math.fround(logits[base + c]! - max) : logits[base + c]! - max;
        smooth += (weight === null ? 1 : weight[c]!) * (logSum - shift);
      }
      loss = (1 - labelSmoothing) * loss + (labelSmoothing / classes) * smooth;
    }
    perRow[r] = loss;
  }
  return totalWeight;
}

/**
 * dℓ_r/dx_r[c] = (1 − ε)·w[t]·(p[c] − [c = t]) + (ε/C)·(p[c]·Σ_k w[k] − w[c]), times the row's upstream gradient
 * (gOut[r], or `scale`: g/Σw for 'mean'); 0 for ignored rows.
 */
export function crossEntropyBackwardWeighted(
  softmax: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  weight: FloatArray | null,
  ignoreIndex: number,
  labelSmoothing: number,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  let weightSum = classes;
  if (weight !== null) {
    weightSum = 0;
    for (let c = 0; c < classes; c++) weightSum += weight[c]!;
  }
  const smooth = labelSmoothing / classes;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    const t = target[r]!;
    if (t === ignoreIndex) {
      for (let c = 0; c < classes; c++) gradInput[base + c] = 0;
      continue;
    }
    const g = gOut === null ? scale : gOut[r]!;
    const hard = (1 - labelSmoothing) * (weight === null ? 1 : weight[t]!);
    for (let c = 0; c < classes; c++) {
      const p = softmax[base + c]!;
      const soft = labelSmoothing > 0 ? smooth * (p * weightSum - (weight === null ? 1 : weight[c]!)) : 0;
      gradInput[base + c] = (hard * p + soft) * g;
    }
    gradInput[base + t] = gradInput[base + t]! - hard * g;
  }
}

/**
 * Cross-entropy without weight or smoothing: ℓ_r = log Σ e^(x − max) − (x[t] − max), 0 for a row labelled −100 (the
 * default ignoreIndex; the caller counts the other rows for 'mean'). Writes the row softmax for the backward. On
 * @actlab/kernels' active backend (its js reference is crossEntropyForwardWeighted's arithmetic without weights).
 */
export function crossEntropyForward(
  logits: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  perRow: FloatArray,
  softmaxOut: FloatArray,
): void {
  getBackend().crossEntropyForward(logits, rows, classes, target, perRow, softmaxOut);
}

/** dℓ_r/dx_r = softmax(x_r) − onehot(t_r), on the active backend. */
export function crossEntropyBackward(
  softmax: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  getBackend().crossEntropyBackward(softmax, rows, classes, target, gOut, scale, gradInput);
}

/** ℓ_r = −w[t_r]·logProb_r[t_r] (0 when t_r is `ignoreIndex`); returns Σ w[t] over rows not ignored. */
export function nllForwardWeighted(
  logProb: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  weight: FloatArray | null,
  ignoreIndex: number,
  perRow: FloatArray,
): number {
  let totalWeight = 0;
  for (let r = 0; r < rows; r++) {
    const t = target[r]!;
    if (t === ignoreIndex) {
      perRow[r] = 0;
      continue;
    }
    const w = weight === null ? 1 : weight[t]!;
    totalWeight += w;
    perRow[r] = -w * logProb[r * classes + t]!;
  }
  return totalWeight;
}

export function nllBackwardWeighted(
  rows: number,
  classes: number,
  target: Int32Array,
  weight: FloatArray | null,
  ignoreIndex: number,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  gradInput.fill(0);
  for (let r = 0; r < rows; r++) {
    const t = target[r]!;
    if (t === ignoreIndex) continue;
    gradInput[r * classes + t] = -(weight === null ? 1 : weight[t]!) * (gOut === null ? scale : gOut[r]!);
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
  nllForwardWeighted(logProb, rows, classes, target, null, DEFAULT_IGNORE_INDEX, perRow);
}

export function nllBackward(
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  nllBackwardWeighted(rows, classes, target, null, DEFAULT_IGNORE_INDEX, gOut, scale, gradInput);
}
