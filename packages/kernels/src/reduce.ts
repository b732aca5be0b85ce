/**
 * Reductions along one axis, softmax and log-softmax. A tensor of `shape` is viewed as [outer, len, inner] around
 * `axis`; reductions write outer*inner elements (the keepDim shape is the caller's concern). Sums accumulate in
 * float64 whatever the dtype. Exponentials use the activation kernels' inlinable float64 exp (≤ 3 ulp), since
 * V8's Math.exp is an out-of-line call that would dominate softmax.
 */
import { tableExp } from './activations/fast-math';
import { checkFloatArray } from './checks';
import { checkArgOut, checkAxisKernel } from './kernel-checks';
import { formatShape, normalizeAxis, outFor, sizeOf } from './shape';
import type { FloatArray, Shape } from './types';

interface AxisView {
  outer: number;
  len: number;
  inner: number;
}

function axisView(x: FloatArray, shape: Shape, axis: number, op: string): AxisView {
  const n = sizeOf(shape);
  if (x.length !== n) {
    throw new Error(
      `${op}: x has ${x.length} elements but its shape ${formatShape(shape)} needs ${n}; pass the shape of the data`,
    );
  }
  const ax = normalizeAxis(axis, shape.length, op);
  let outer = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, len: shape[ax]!, inner };
}

function sumInto(x: FloatArray, v: AxisView, acc: Float64Array, o: number): void {
  const { len, inner } = v;
  const base = o * len * inner;
  acc.fill(0);
  for (let r = 0; r < len; r++) {
    const row = base + r * inner;
    for (let i = 0; i < inner; i++) acc[i]! += x[row + i]!;
  }
}

/** Sum along `axis`. */
export function reduceSum(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('reduceSum', x, shape, axis, out, false);
  const v = axisView(x, shape, axis, 'reduceSum');
  const y = outFor(x, v.outer * v.inner, out, 'reduceSum');
  const { outer, len, inner } = v;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * len;
      for (let r = 0; r < len; r++) s += x[base + r]!;
      y[o] = s;
    }
    return y;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    sumInto(x, v, acc, o);
    const ob = o * inner;
    for (let i = 0; i < inner; i++) y[ob + i] = acc[i]!;
  }
  return y;
}

/** Mean along `axis` (NaN for an empty axis, as PyTorch). */
export function reduceMean(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('reduceMean', x, shape, axis, out, false);
  const v = axisView(x, shape, axis, 'reduceMean');
  const y = outFor(x, v.outer * v.inner, out, 'reduceMean');
  const { outer, len, inner } = v;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * len;
      for (let r = 0; r < len; r++) s += x[base + r]!;
      y[o] = s / len;
    }
    return y;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    sumInto(x, v, acc, o);
    const ob = o * inner;
    for (let i = 0; i < inner; i++) y[ob + i] = acc[i]! / len;
  }
  return y;
}

function extremum(
  op: string,
  wantMax: boolean,
  x: FloatArray,
  shape: Shape,
  axis: number,
  out: FloatArray | undefined,
  argOut: Int32Array | undefined,
): FloatArray {
  const v = axisView(x, shape, axis, op);
  const { outer, len, inner } = v;
  const m = outer * inner;
  if (len === 0 && m > 0) {
    throw new Error(
      `${op}: axis ${axis} of shape ${formatShape(shape)} has size 0, and an empty axis has no ${wantMax ? 'maximum' : 'minimum'}; reduce over a non-empty axis`,
    );
  }
  const y = outFor(x, m, out, op);
  if (argOut !== undefined && argOut.length !== m) {
    throw new Error(`${op}: argOut has ${argOut.length} elements but the result has ${m}; pass an Int32Array of ${m}`);
  }
  const arg = argOut ?? new Int32Array(m);
  // Comparisons are strict so the first of equal values wins; a NaN, once taken, is never replaced (v > NaN
  // is false), and is taken over any number, so NaN propagates with the index of the first NaN.
  const sign = wantMax ? 1 : -1;
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const xb = o * len * inner;
    for (let i = 0; i < inner; i++) {
      y[ob + i] = x[xb + i]!;
      arg[ob + i] = 0;
    }
    for (let r = 1; r < len; r++) {
      const row = xb + r * inner;
      for (let i = 0; i < inner; i++) {
        const val = x[row + i]!;
        const best = y[ob + i]!;
        if (sign * val > sign * best || (Number.isNaN(val) && !Number.isNaN(best))) {
          y[ob + i] = val;
          arg[ob + i] = r;
        }
      }
    }
  }
  return y;
}

/** Max along `axis`; `argOut` receives the index of the first maximum (of the first NaN if any). */
export function reduceMax(
  x: FloatArray,
  shape: Shape,
  axis: number,
  out?: FloatArray,
  argOut?: Int32Array,
): FloatArray {
  checkAxisKernel('reduceMax', x, shape, axis, out, false);
  checkArgOut('reduceMax', argOut);
  return extremum('reduceMax', true, x, shape, axis, out, argOut);
}

/** Min along `axis`; `argOut` receives the index of the first minimum (of the first NaN if any). */
export function reduceMin(
  x: FloatArray,
  shape: Shape,
  axis: number,
  out?: FloatArray,
  argOut?: Int32Array,
): FloatArray {
  checkAxisKernel('reduceMin', x, shape, axis, out, false);
  checkArgOut('reduceMin', argOut);
  return extremum('reduceMin', false, x, shape, axis, out, argOut);
}

/** Maximum of x[start .. start+len), NaN-propagating; -Infinity for an empty row. */
function rowMax(x: FloatArray, start: number, len: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < len; r++) {
    const v = x[start + r]!;
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** Row maxima of the [len, inner] slab at outer index `o` into `mx`, NaN-propagating. */
function slabMax(x: FloatArray, v: AxisView, o: number, mx: Float64Array): void {
  const { len, inner } = v;
  const xb = o * len * inner;
  mx.fill(Number.NEGATIVE_INFINITY);
  for (let r = 0; r < len; r++) {
    const row = xb + r * inner;
    for (let i = 0; i < inner; i++) {
      const val = x[row + i]!;
      const best = mx[i]!;
      if (val > best || Number.isNaN(val)) mx[i] = val;
    }
  }
}

/** sum(exp(x - mx)) over the slab into `s`. */
function slabSumExp(x: FloatArray, v: AxisView, o: number, mx: Float64Array, s: Float64Array): void {
  const { len, inner } = v;
  const xb = o * len * inner;
  s.fill(0);
  for (let r = 0; r < len; r++) {
    const row = xb + r * inner;
    for (let i = 0; i < inner; i++) s[i]! += tableExp(x[row + i]! - mx[i]!);
  }
}

/**
 * log(sum(exp(x))) along `axis`, computed as m + log(sum(exp(x - m))) with m the maximum so nothing overflows.
 * A row of all -Infinity gives -Infinity, a row containing +Infinity gives +Infinity, NaN propagates (as PyTorch).
 */
export function logsumexp(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('logsumexp', x, shape, axis, out, false);
  const v = axisView(x, shape, axis, 'logsumexp');
  const { outer, inner } = v;
  const y = outFor(x, outer * inner, out, 'logsumexp');
  const mx = new Float64Array(inner);
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    slabMax(x, v, o, mx);
    // With an infinite maximum, x - m would be NaN; the answer is the maximum itself.
    for (let i = 0; i < inner; i++)
      if (mx[i] === Number.POSITIVE_INFINITY || mx[i] === Number.NEGATIVE_INFINITY) mx[i] = 0;
    slabSumExp(x, v, o, mx, s);
    const ob = o * inner;
    for (let i = 0; i < inner; i++) y[ob + i] = mx[i]! + Math.log(s[i]!);
  }
  return y;
}

/**
 * softmax along `axis`: exp(x - m) / sum(exp(x - m)), m the maximum, so ±1000 is safe. -Infinity entries get
 * probability 0. As in PyTorch, a row that is all -Infinity, or contains +Infinity or NaN, gives NaN.
 */
export function softmax(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('softmax', x, shape, axis, out, true);
  const v = axisView(x, shape, axis, 'softmax');
  const { outer, len, inner } = v;
  const y = outFor(x, x.length, out, 'softmax');
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const xb = o * len;
      const m = rowMax(x, xb, len);
      let s = 0;
      for (let r = 0; r < len; r++) {
        const e = tableExp(x[xb + r]! - m);
        s += e;
        y[xb + r] = e;
      }
      const inv = 1 / s;
      for (let r = 0; r < len; r++) y[xb + r]! *= inv;
    }
    return y;
  }
  const mx = new Float64Array(inner);
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    slabMax(x, v, o, mx);
    const xb = o * len * inner;
    s.fill(0);
    for (let r = 0; r < len; r++) {
      const row = xb + r * inner;
      for (let i = 0; i < inner; i++) {
        const e = tableExp(x[row + i]! - mx[i]!);
        s[i]! += e;
        y[row + i] = e;
      }
    }
    // y may be float32 and alias x: the exponentials are re-read from y, so divide after they are all written.
    for (let i = 0; i < inner; i++) s[i] = 1 / s[i]!;
    for (let r = 0; r < len; r++) {
      const row = xb + r * inner;
      for (let i = 0; i < inner; i++) y[row + i]! *= s[i]!;
    }
  }
  return y;
}

/** log-softmax along `axis`: (x - m) - log(sum(exp(x - m))). Same non-finite behaviour as softmax. */
export function logSoftmax(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('logSoftmax', x, shape, axis, out, true);
  const v = axisView(x, shape, axis, 'logSoftmax');
  const { outer, len, inner } = v;
  const y = outFor(x, x.length, out, 'logSoftmax');
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const xb = o * len;
      const m = rowMax(x, xb, len);
      let s = 0;
      for (let r = 0; r < len; r++) s += tableExp(x[xb + r]! - m);
      const logS = Math.log(s);
      for (let r = 0; r < len; r++) y[xb + r] = x[xb + r]! - m - logS;
    }
    return y;
  }
  const mx = new Float64Array(inner);
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    slabMax(x, v, o, mx);
    slabSumExp(x, v, o, mx, s);
    for (let i = 0; i < inner; i++) s[i] = Math.log(s[i]!);
    const xb = o * len * inner;
    for (let r = 0; r < len; r++) {
      const row = xb + r * inner;
      for (let i = 0; i < inner; i++) y[row + i] = x[row + i]! - mx[i]! - s[i]!;
    }
  }
  return y;
}

/**
 * Sum of every element, in float64 with Neumaier's compensated summation (error independent of length).
 */
export function sumAll(x: FloatArray): number {
  checkFloatArray('sumAll', 'x', x);
  let sum = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  // With infinities the compensation is NaN; the plain sum is then the answer.
  return Number.isFinite(sum) ? sum + c : sum;
}
