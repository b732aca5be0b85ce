import { checkBoolean, checkNumber, checkOptions, describeValue, type FloatArray } from '@actlab/kernels';

/**
 * Gradient clipping, PyTorch 1.13's `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`: both change the
 * gradients in place and skip parameters whose `grad` is null. Norms are accumulated in float64 (PyTorch reduces
 * float32 gradients in float32, so its float32 norm can differ in the last bits).
 */

/** What clipping reads and changes: a Tensor, or anything with a `grad` holding `data`. */
export interface ClippableTensor {
  grad: { readonly data: FloatArray } | null;
}

/** Options of `clipGradNorm`. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: a number > 0, or `Infinity` (or 'inf') for the largest absolute value; default 2. */
  normType?: number | 'inf' | undefined;
  /** Throw when the total norm is NaN or ±Infinity instead of scaling by it (default false, as PyTorch 1.13). */
  errorIfNonfinite?: boolean | undefined;
}

function gradientsOf(op: string, params: unknown): FloatArray[] {
  let list: unknown[];
  if (params !== null && typeof params === 'object' && Symbol.iterator in params)
    list = [...(params as Iterable<unknown>)];
  else if (params !== null && typeof params === 'object' && 'grad' in params) list = [params];
  else {
    throw new Error(`${op}: expected a tensor or a list of tensors (model.parameters()), got ${describeValue(params)}`);
  }
  const grads: FloatArray[] = [];
  list.forEach((p, i) => {
    if (p === null || typeof p !== 'object' || !('grad' in p)) {
      throw new Error(`${op}: item ${i} is ${describeValue(p)}, not a tensor`);
    }
    const grad = (p as ClippableTensor).grad;
    if (grad === null) return;
    const data: unknown = grad?.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new Error(`${op}: item ${i} has a gradient whose data is ${describeValue(data)}, not float values`);
    }
    grads.push(data);
  });
  return grads;
}

/** The p-norm of one array, in float64: max |x| for p = ∞, else (Σ|x|^p)^(1/p). */
function normOf(data: FloatArray, p: number): number {
  const n = data.length;
  if (p === Number.POSITIVE_INFINITY) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(data[i]!);
      // NaN propagates, as torch.max does.
      if (a > m || Number.isNaN(a)) m = a;
      if (Number.isNaN(m)) return m;
    }
    return m;
  }
  let s = 0;
  if (p === 2) {
    for (let i = 0; i < n; i++) s += data[i]! * data[i]!;
    return Math.sqrt(s);
  }
  if (p === 1) {
    for (let i = 0; i < n; i++) s += Math.abs(data[i]!);
    return s;
  }
  for (let i = 0; i < n; i++) s += Math.abs(data[i]!) ** p;
  return s ** (1 / p);
}

/**
 * Scale the gradients so that their total p-norm (over all of them, as if concatenated) is at most `maxNorm`:
 * each is multiplied by min(1, maxNorm / (total + 1e-6)), PyTorch's rule and epsilon. Returns the total norm
 * before clipping. Call it after `backward()` and before `step()`.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { clipGradNorm } from '@actlab/layers';
 *
 * const w = tensor([1, 1], { requiresGrad: true });
 * w.mul(tensor([3, 4])).sum().backward(); // the gradient [3, 4], of norm 5
 * const total = clipGradNorm([w], 1);
 * console.log(total, Array.from(w.grad!.data, (g) => g.toFixed(4)).join(' ')); // 5 0.6000 0.8000
 * ```
 */
export function clipGradNorm(
  params: Iterable<ClippableTensor> | ClippableTensor,
  maxNorm: number,
  options?: ClipGradNormOptions,
): number {
  const op = 'clipGradNorm';
  checkNumber(op, 'maxNorm', maxNorm, { min: 0, finite: false });
  checkOptions(op, options, ['normType', 'errorIfNonfinite']);
  const { normType = 2, errorIfNonfinite = false } = options ?? {};
  const p = normType === 'inf' ? Number.POSITIVE_INFINITY : normType;
  checkNumber(op, 'normType', p, { min: 0, minExclusive: true, finite: false });
  checkBoolean(op, 'errorIfNonfinite', errorIfNonfinite);
  const grads = gradientsOf(op, params);
  if (grads.length === 0) return 0;
  let total: number;
  if (p === Number.POSITIVE_INFINITY) {
    total = 0;
    for (const g of grads) {
      const m = normOf(g, p);
      if (m > total || Number.isNaN(m)) total = m;
      if (Number.isNaN(total)) break;
    }
  } else {
    // PyTorch: the norm of the per-gradient norms.
    const norms = new Float64Array(grads.length);
    grads.forEach((g, i) => {
      norms[i] = normOf(g, p);
    });
    total = normOf(norms, p);
  }
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `${op}: the total norm of order ${p} of the gradients is ${total}, so they cannot be clipped; ` +
        'find the NaN or Infinity in the loss or the gradients, or pass errorIfNonfinite: false to scale by it anyway',
    );
  }
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  // PyTorch multiplies even when the factor is 1 (a no-op); skipping it changes nothing but time. A NaN factor
  // (a NaN norm) still multiplies, as PyTorch does.
  if (coef === 1) return total;
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return total;
}

/**
 * Clamp every gradient element to [−clipValue, clipValue], PyTorch's `clip_grad_value_`; NaN stays NaN.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { clipGradValue } from '@actlab/layers';
 *
 * const w = tensor([1, 1, 1], { requiresGrad: true });
 * w.mul(tensor([-3, 0.25, 4])).sum().backward();
 * clipGradValue([w], 0.5);
 * console.log(Array.from(w.grad!.data).join(' ')); // -0.5 0.25 0.5
 * ```
 */
export function clipGradValue(params: Iterable<ClippableTensor> | ClippableTensor, clipValue: number): void {
  const op = 'clipGradValue';
  checkNumber(op, 'clipValue', clipValue, { min: 0, finite: false });
  const grads = gradientsOf(op, params);
  const hi = clipValue;
  const lo = -clipValue;
  for (const g of grads) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (v > hi) g[i] = hi;
      else if (v < lo) g[i] = lo;
    }
  }
}
