/**
 * The public kernels that have a backend implementation: each runs the active backend's (`getBackend()`), so code
 * calling `add`, `exp`, `gemm` … from `@actlab/kernels` — autograd and layers included — gets the WebAssembly kernels
 * by default and the js ones after `setBackend('js')`, with the same semantics (documented on the js kernels in
 * binary.ts, elementwise.ts, reduce.ts and gemm.ts). One call and one property load on top of the kernel: the
 * playground's tiny networks, which are dispatch-bound, measure no difference (`pnpm bench`, tiny 2-8-8-1).
 */
import { getBackend } from './backend';
import type { FloatArray, Shape } from './types';

/** a + b with broadcasting. `out` has sizeOf(broadcastShapes(aShape, bShape)) elements and may alias a or b. Runs on the active backend. */
export function add(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().add(a, aShape, b, bShape, out);
}

/** a - b with broadcasting. Runs on the active backend. */
export function sub(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().sub(a, aShape, b, bShape, out);
}

/** a * b with broadcasting. Runs on the active backend. */
export function mul(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().mul(a, aShape, b, bShape, out);
}

/** a / b with broadcasting (IEEE: x/0 is ±Infinity, 0/0 is NaN). Runs on the active backend. */
export function div(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().div(a, aShape, b, bShape, out);
}

/** a ** b with broadcasting, with C/PyTorch semantics for pow(1, NaN) and pow(-1, ±Infinity) (both 1). Runs on the active backend. */
export function pow(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().pow(a, aShape, b, bShape, out);
}

/** Elementwise max with broadcasting; NaN in either operand gives NaN (torch.maximum). Runs on the active backend. */
export function maximum(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().maximum(a, aShape, b, bShape, out);
}

/** Elementwise min with broadcasting; NaN in either operand gives NaN (torch.minimum). Runs on the active backend. */
export function minimum(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return getBackend().minimum(a, aShape, b, bShape, out);
}

/**
 * Sum `x` (of shape `from`, a broadcast result) back down to shape `to`, summing over every axis that
 * broadcasting expanded. `to` must broadcast to `from`. This is how autograd reduces broadcast gradients.
 * Accumulates in float64 whatever the dtype. `out` (sizeOf(to) elements) must not overlap `x` unless the two
 * shapes have the same size.
 * Runs on the active backend.
 */
export function sumToShape(x: FloatArray, from: Shape, to: Shape, out?: FloatArray): FloatArray {
  return getBackend().sumToShape(x, from, to, out);
}

/** Materialise a broadcast (PyTorch's expand + contiguous): `x` of shape `from` copied out to shape `to`. Runs on the active backend. */
export function broadcastTo(x: FloatArray, from: Shape, to: Shape, out?: FloatArray): FloatArray {
  return getBackend().broadcastTo(x, from, to, out);
}

/**
 * Copy `x` (shape `shape`) into the layout of the permuted shape `perm.map(i => shape[i])`, as
 * `torch.permute(...).contiguous()`. A transpose is `perm = [1, 0]`. `out` must not alias `x`.
 * Runs on the active backend.
 */
export function permute(x: FloatArray, shape: Shape, perm: readonly number[], out?: FloatArray): FloatArray {
  return getBackend().permute(x, shape, perm, out);
}

/** e^x with the activation kernels' inlinable float64 exp (≤ 3 ulp); V8's Math.exp is an out-of-line call. Runs on the active backend. */
export function exp(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().exp(x, out);
}

/** ln x, elementwise (NaN below 0, −Infinity at 0). Runs on the active backend. */
export function log(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().log(x, out);
}

/** ln(1 + x), elementwise, accurate near 0. Runs on the active backend. */
export function log1p(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().log1p(x, out);
}

/** e^x − 1, elementwise, accurate near 0. Runs on the active backend. */
export function expm1(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().expm1(x, out);
}

/** √x, elementwise (NaN below 0). Runs on the active backend. */
export function sqrt(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().sqrt(x, out);
}

/** |x|, elementwise. Runs on the active backend. */
export function abs(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().abs(x, out);
}

/** −x, elementwise. Runs on the active backend. */
export function neg(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().neg(x, out);
}

/** -1, 0 or 1, as torch.sign: (x > 0) - (x < 0), so -0 and NaN both give 0. Runs on the active backend. */
export function sign(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().sign(x, out);
}

/** x², elementwise. Runs on the active backend. */
export function square(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().square(x, out);
}

/** 1/x, elementwise (±Infinity at ±0). Runs on the active backend. */
export function reciprocal(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().reciprocal(x, out);
}

/** sin x, elementwise (radians). Runs on the active backend. */
export function sin(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().sin(x, out);
}

/** cos x, elementwise (radians). Runs on the active backend. */
export function cos(x: FloatArray, out?: FloatArray): FloatArray {
  return getBackend().cos(x, out);
}

/** alpha * x Runs on the active backend. */
export function scale(x: FloatArray, alpha: number, out?: FloatArray): FloatArray {
  return getBackend().scale(x, alpha, out);
}

/** Clamp to [min, max]; NaN stays NaN (as torch.clamp). Runs on the active backend. */
export function clamp(x: FloatArray, min: number, max: number, out?: FloatArray): FloatArray {
  return getBackend().clamp(x, min, max, out);
}

/**
 * x ** p. PyTorch computes p = 0.5 as sqrt, -0.5 as 1/sqrt, 2 as x*x and -1 as 1/x, which differ from `**` at
 * -0 and -Infinity (pow(-0, -0.5) is -Infinity, pow(-Infinity, 0.5) is NaN); those cases are spelled out the
 * same way here.
 * Runs on the active backend.
 */
export function powScalar(x: FloatArray, p: number, out?: FloatArray): FloatArray {
  return getBackend().powScalar(x, p, out);
}

/** Sum along `axis`. Runs on the active backend. */
export function reduceSum(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  return getBackend().reduceSum(x, shape, axis, out);
}

/** Mean along `axis` (NaN for an empty axis, as PyTorch). Runs on the active backend. */
export function reduceMean(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  return getBackend().reduceMean(x, shape, axis, out);
}

/** Max along `axis`; `argOut` receives the index of the first maximum (of the first NaN if any). Runs on the active backend. */
export function reduceMax(
  x: FloatArray,
  shape: Shape,
  axis: number,
  out?: FloatArray,
  argOut?: Int32Array,
): FloatArray {
  return getBackend().reduceMax(x, shape, axis, out, argOut);
}

/** Min along `axis`; `argOut` receives the index of the first minimum (of the first NaN if any). Runs on the active backend. */
export function reduceMin(
  x: FloatArray,
  shape: Shape,
  axis: number,
  out?: FloatArray,
  argOut?: Int32Array,
): FloatArray {
  return getBackend().reduceMin(x, shape, axis, out, argOut);
}

/**
 * log(sum(exp(x))) along `axis`, computed as m + log(sum(exp(x - m))) with m the maximum so nothing overflows.
 * A row of all -Infinity gives -Infinity, a row containing +Infinity gives +Infinity, NaN propagates (as PyTorch).
 * Runs on the active backend.
 */
export function logsumexp(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  return getBackend().logsumexp(x, shape, axis, out);
}

/**
 * softmax along `axis`: exp(x - m) / sum(exp(x - m)), m the maximum, so ±1000 is safe. -Infinity entries get
 * probability 0. As in PyTorch, a row that is all -Infinity, or contains +Infinity or NaN, gives NaN.
 * Runs on the active backend.
 */
export function softmax(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  return getBackend().softmax(x, shape, axis, out);
}

/** log-softmax along `axis`: (x - m) - log(sum(exp(x - m))). Same non-finite behaviour as softmax. Runs on the active backend. */
export function logSoftmax(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  return getBackend().logSoftmax(x, shape, axis, out);
}

/**
 * Sum of every element, in float64 with Neumaier's compensated summation (error independent of length).
 * Runs on the active backend.
 */
export function sumAll(x: FloatArray): number {
  return getBackend().sumAll(x);
}

/**
 * C = alpha * op(A) * op(B) + beta * C, where op(A) is m×k and op(B) is k×n, all row-major.
 * A is stored m×k (k×m when transA), B k×n (n×k when transB); lda/ldb/ldc are the row strides as stored.
 * When beta is 0, C's old contents are ignored (NaN in C does not propagate), as in BLAS.
 * Runs on the active backend: the js one accumulates in float64, the wasm one in float32 (f32x4 SIMD).
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  lda: number,
  b: FloatArray,
  ldb: number,
  beta: number,
  c: FloatArray,
  ldc: number,
  aOffset?: number,
  bOffset?: number,
  cOffset?: number,
): void {
  getBackend().gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, aOffset, bOffset, cOffset);
}

/**
 * `batch` independent contiguous gemms: C_i = alpha * op(A_i) op(B_i) + beta * C_i, with A_i at a[i * strideA],
 * B_i at b[i * strideB], C_i at c[i * strideC]. A stride of 0 reuses one operand for every batch (broadcast).
 * Leading dimensions are the contiguous ones: lda = transA ? m : k, ldb = transB ? k : n, ldc = n.
 * Runs on the active backend.
 */
export function gemmBatched(
  batch: number,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  strideA: number,
  b: FloatArray,
  strideB: number,
  beta: number,
  c: FloatArray,
  strideC: number,
): void {
  getBackend().gemmBatched(batch, transA, transB, m, n, k, alpha, a, strideA, b, strideB, beta, c, strideC);
}
