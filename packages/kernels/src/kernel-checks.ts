/**
 * Entry checks of the public kernels, shared by every backend: each is O(1) in the data (a few instanceof/typeof
 * tests, shape loops over the rank) and formats a message only on failure, so a wrong call is an Error naming the
 * kernel — never a TypeError from inside a loop, a partly written `out`, or a silent float32/float64 mix.
 */
import { checkArray, checkFloatArray, checkShape, describeValue } from './checks';
import { broadcastShapes, checkOut, normalizeAxis, sizeOf } from './shape';
import type { FloatArray, Shape } from './types';

/** `x` a Float32Array/Float64Array, `out` absent or of x's dtype and length. */
export function checkUnaryKernel(op: string, x: FloatArray, out: FloatArray | undefined): void {
  checkFloatArray(op, 'x', x);
  if (out !== undefined) checkOut(op, out, x.length, x instanceof Float64Array);
}

/** A number argument of a kernel (NaN and ±Infinity are values here, as in the arithmetic they scale). */
export function checkScalarArgument(op: string, name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new Error(`${op}: ${name} must be a number, got ${describeValue(value)}`);
  }
}

/** `data` holds exactly the elements of `shape`. */
function checkData(op: string, name: string, data: FloatArray, shapeName: string, shape: Shape): void {
  checkFloatArray(op, name, data);
  const n = checkShape(op, shapeName, shape);
  if (data.length !== n) {
    throw new Error(
      `${op}: ${name} has ${data.length} elements but its shape [${shape.join(', ')}] needs ${n}; pass the shape of ` +
        'the data',
    );
  }
}

/**
 * Both operands of a binary kernel, each filling its shape; `out` of the result's dtype (float64 when either operand
 * is, as the kernels promote) and the broadcast size.
 */
export function checkBinaryKernel(
  op: string,
  a: FloatArray,
  aShape: Shape,
  b: FloatArray,
  bShape: Shape,
  out: FloatArray | undefined,
): void {
  checkData(op, 'a', a, 'aShape', aShape);
  checkData(op, 'b', b, 'bShape', bShape);
  const float64 = a instanceof Float64Array || b instanceof Float64Array;
  if (out === undefined) return;
  // The broadcast size without allocating the broadcast shape (out is given on hot paths: gradient accumulation).
  const rank = Math.max(aShape.length, bShape.length);
  let n = 1;
  for (let i = 1; i <= rank; i++) {
    const da = i <= aShape.length ? aShape[aShape.length - i]! : 1;
    const db = i <= bShape.length ? bShape[bShape.length - i]! : 1;
    n *= da === 1 ? db : da;
  }
  if (out instanceof (float64 ? Float64Array : Float32Array) && out.length !== n) broadcastShapes(aShape, bShape, op);
  checkOut(op, out, n, float64);
}

/** `x` fills `from`; `to` is a shape; `out` of x's dtype with sizeOf(to) elements. */
export function checkReshapingKernel(
  op: string,
  x: FloatArray,
  from: Shape,
  to: Shape,
  out: FloatArray | undefined,
): void {
  checkData(op, 'x', x, 'from', from);
  const n = checkShape(op, 'to', to);
  if (out !== undefined) checkOut(op, out, n, x instanceof Float64Array);
}

/** permute: `x` fills `shape`, `perm` is an array, `out` of x's dtype and length. */
export function checkPermuteKernel(
  op: string,
  x: FloatArray,
  shape: Shape,
  perm: readonly number[],
  out: FloatArray | undefined,
): void {
  checkData(op, 'x', x, 'shape', shape);
  checkArray(op, 'perm', perm);
  if (out !== undefined) checkOut(op, out, x.length, x instanceof Float64Array);
}

/**
 * An axis kernel: `x` fills `shape`, `axis` is one of its axes, `out` of x's dtype with the result's length
 * (`keepsLength`: as x, for softmax; else x's length over the axis's, for a reduction).
 */
export function checkAxisKernel(
  op: string,
  x: FloatArray,
  shape: Shape,
  axis: number,
  out: FloatArray | undefined,
  keepsLength: boolean,
): void {
  checkData(op, 'x', x, 'shape', shape);
  const a = normalizeAxis(axis, shape.length, op);
  if (out === undefined) return;
  const len = shape[a]!;
  const n = keepsLength ? x.length : len === 0 ? sizeOf(shape.filter((_, i) => i !== a)) : x.length / len;
  checkOut(op, out, n, x instanceof Float64Array);
}

/** A reduction's `argOut`: absent or an Int32Array (its length is the kernel's to check). */
export function checkArgOut(op: string, argOut: Int32Array | undefined): void {
  if (argOut !== undefined && !(argOut instanceof Int32Array)) {
    throw new Error(`${op}: argOut must be an Int32Array (the indices of the extrema), got ${describeValue(argOut)}`);
  }
}

/** gemm's flags, scalars and operands: booleans, finite alpha and beta, three arrays of one dtype. */
export function checkGemmKernel(
  op: string,
  transA: boolean,
  transB: boolean,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  if (typeof transA !== 'boolean' || typeof transB !== 'boolean') {
    throw new Error(
      `${op}: transA and transB must be true or false, got ${describeValue(transA)} and ${describeValue(transB)}`,
    );
  }
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new Error(
      `${op}: alpha and beta must be finite numbers, got ${describeValue(alpha)} and ${describeValue(beta)}`,
    );
  }
  checkFloatArray(op, 'a', a);
  checkFloatArray(op, 'b', b);
  checkFloatArray(op, 'c', c);
  const float64 = c instanceof Float64Array;
  if (a instanceof Float64Array !== float64 || b instanceof Float64Array !== float64) {
    throw new Error(`${op}: a, b and c must have one dtype, got ${dtypeName(a)}, ${dtypeName(b)} and ${dtypeName(c)}`);
  }
}

/** gemm's dimensions: non-negative integers. */
export function checkGemmDims(op: string, m: number, n: number, k: number): void {
  if (!(isDim(m) && isDim(n) && isDim(k))) {
    throw new Error(
      `${op}: m, n and k must be non-negative integers (the matrix dimensions), got ${describeValue(m)}, ` +
        `${describeValue(n)} and ${describeValue(k)}`,
    );
  }
}

function isDim(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

function dtypeName(x: FloatArray): string {
  return x instanceof Float64Array ? 'float64' : 'float32';
}
