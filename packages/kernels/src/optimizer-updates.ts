/**
 * Fused optimiser updates of one parameter, PyTorch 1.13's single-tensor rules (torch.optim SGD, Adam, AdamW with
 * foreach=False): the reference (js) implementation of the `OptimizerKernels` family (src/backend-js.ts), with the
 * signatures of @actlab/layers' per-parameter update functions, so an optimiser's step can call
 * `getBackend().adamUpdate(...)` and get the WebAssembly kernels where they run. Everything is updated in place;
 * arithmetic is float64 whatever the storage, each stored value rounded once and re-read rounded (as PyTorch re-reads
 * its float32 buffers). The WebAssembly kernels repeat these operations in float64, so they agree bit for bit.
 */
import { checkAdamUpdate, checkSgdUpdate } from './kernel-checks';
import type { FloatArray } from './types';

/** SGD's resolved options (@actlab/layers' SGDResolved has these fields). */
export interface SgdUpdateOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;
}

/** Adam's and AdamW's resolved options (@actlab/layers' AdamResolved has these fields). */
export interface AdamUpdateOptions {
  readonly lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly maximize: boolean;
}

/**
 * One SGD update, in place: d = ±g (+ weightDecay·p); with momentum, the buffer b becomes d on the first step
 * (`first`) and momentum·b + (1 − dampening)·d after; d = d + momentum·b (nesterov) or b; p −= lr·d. `buffer` is
 * null when momentum is 0. All arrays have p's length.
 */
export function sgdUpdate(
  p: FloatArray,
  g: FloatArray,
  buffer: FloatArray | null,
  first: boolean,
  o: SgdUpdateOptions,
): void {
  checkSgdUpdate('sgdUpdate', p, g, buffer, first, o);
  const { lr, momentum, weightDecay, maximize, nesterov } = o;
  const n = p.length;
  if (buffer === null) {
    for (let i = 0; i < n; i++) {
      let d = maximize ? -g[i]! : g[i]!;
      if (weightDecay !== 0) d += weightDecay * p[i]!;
      p[i] = p[i]! - lr * d;
    }
    return;
  }
  const damp = 1 - o.dampening;
  for (let i = 0; i < n; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d += weightDecay * p[i]!;
    buffer[i] = first ? d : momentum * buffer[i]! + damp * d;
    // PyTorch adds the buffer's stored (possibly float32-rounded) value.
    d = nesterov ? d + momentum * buffer[i]! : buffer[i]!;
    p[i] = p[i]! - lr * d;
  }
}

/**
 * One Adam/AdamW update, in place: (AdamW, `decoupled`: p *= 1 − lr·wd), grad = ±g (Adam: + wd·p),
 * m = β1·m + (1 − β1)·grad, v = β2·v + (1 − β2)·grad², (AMSGrad, `vMax` not null: vMax = max(vMax, v), used for v),
 * p −= (lr / (1 − β1^step)) · m / (√v / √(1 − β2^step) + eps). `step` counts this update (1 on the first).
 */
export function adamUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray | null,
  step: number,
  o: AdamUpdateOptions,
  decoupled: boolean,
): void {
  checkAdamUpdate('adamUpdate', p, g, m, v, vMax, step, o, decoupled);
  const { lr, eps, weightDecay, maximize } = o;
  const [beta1, beta2] = o.betas;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / biasCorrection1;
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let grad = maximize ? -g[i]! : g[i]!;
    if (decay !== 1) p[i] = p[i]! * decay;
    if (l2 !== 0) grad += l2 * p[i]!;
    m[i] = m[i]! * beta1 + (1 - beta1) * grad;
    v[i] = v[i]! * beta2 + (1 - beta2) * grad * grad;
    let second = v[i]!;
    if (vMax !== null) {
      if (second > vMax[i]!) vMax[i] = second;
      second = vMax[i]!;
    }
    const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
    p[i] = p[i]! - (stepSize * m[i]!) / denom;
  }
}
