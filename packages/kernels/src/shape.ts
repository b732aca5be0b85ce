import { allocateFloatArray, checkArray, checkDtype, checkFloatArray, checkShape, describeValue } from './checks';
import type { DType, FloatArray, Shape } from './types';

function formatShape(shape: Shape): string {
  return Array.isArray(shape) ? `[${shape.join(', ')}]` : describeValue(shape);
}

/** Throws unless `op` (the caller named in messages) is a string. */
function checkOpName(fn: string, op: unknown): void {
  if (typeof op !== 'string')
    throw new Error(`${fn}: op (the name used in messages) must be a string, got ${describeValue(op)}`);
}

/** Number of elements in a tensor of `shape` (1 for a scalar `[]`); the shape is checked. */
export function sizeOf(shape: Shape): number {
  return checkShape('sizeOf', 'shape', shape);
}

/** Row-major element strides of a contiguous tensor of `shape`. */
export function stridesOf(shape: Shape): number[] {
  checkShape('stridesOf', 'shape', shape);
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Whether two shapes have the same rank and the same dimensions. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  checkShape('shapesEqual', 'a', a);
  checkShape('shapesEqual', 'b', b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape two operands broadcast to under NumPy rules: align trailing dimensions; each pair must be
 * equal or contain a 1.
 */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcastShapes'): number[] {
  checkOpName('broadcastShapes', op);
  checkArray(op, 'the first shape', a);
  checkArray(op, 'the second shape', b);
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (
      !(
        typeof da === 'number' &&
        Number.isInteger(da) &&
        da >= 0 &&
        typeof db === 'number' &&
        Number.isInteger(db) &&
        db >= 0
      )
    ) {
      throw new Error(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} must hold non-negative integers, but dimension ${i} ` +
          `of the aligned shapes is ${da} vs ${db}; pass whole-number sizes`,
      );
    }
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new Error(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast: dimension ${i} of the aligned ` +
          `shapes is ${da} vs ${db}; each pair of trailing dimensions must be equal or one of them 1 ` +
          '(reshape or unsqueeze an operand so they line up)',
      );
    }
  }
  return out;
}

/** Resolve a reshape target (at most one `-1`, inferred) and check it keeps the element count. */
export function resolveReshape(from: Shape, to: Shape, op = 'resolveReshape'): number[] {
  checkOpName('resolveReshape', op);
  const total = checkShape(op, 'the source shape', from);
  checkArray(op, 'the target shape', to);
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < to.length; i++) {
    const d = to[i]!;
    if (d === -1) {
      if (inferred !== -1) {
        throw new Error(
          `${op}: target shape ${formatShape(to)} has more than one -1; at most one dimension can be inferred`,
        );
      }
      inferred = i;
    } else if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new Error(
        `${op}: target shape ${formatShape(to)} has invalid dimension ${d}; use non-negative integers or one -1`,
      );
    } else known *= d;
  }
  const result = to.slice();
  if (inferred !== -1) {
    if (known === 0 || total % known !== 0) {
      throw new Error(
        `${op}: cannot reshape ${formatShape(from)} (${total} elements) to ${formatShape(to)}: ` +
          `${total} is not divisible by ${known}; choose dimensions whose product divides ${total}`,
      );
    }
    result[inferred] = total / known;
  } else if (known !== total) {
    throw new Error(
      `${op}: cannot reshape ${formatShape(from)} (${total} elements) to ${formatShape(to)} (${known} elements); ` +
        'the element counts must match',
    );
  }
  return result;
}

/** Map a possibly negative axis into [0, rank). */
export function normalizeAxis(axis: number, rank: number, op = 'normalizeAxis'): number {
  if (typeof rank !== 'number' || !Number.isSafeInteger(rank) || rank < 0 || typeof op !== 'string') {
    checkOpName('normalizeAxis', op);
    throw new Error(`${op}: rank must be a non-negative integer, got ${describeValue(rank)}`);
  }
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'none (a scalar has no axes)' : `[${-rank}, ${rank - 1}]`;
    throw new Error(
      `${op}: axis ${describeValue(axis)} is out of range for a tensor of rank ${rank}; valid axes: ${range}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * A new zero-filled array of `dtype` with `n` elements; `op` names the caller in the Error for a size no typed array
 * can hold (with the size in bytes).
 */
export function arrayFor(dtype: DType, n: number, op = 'arrayFor'): FloatArray {
  if (typeof op !== 'string' || (dtype !== 'float32' && dtype !== 'float64')) {
    checkOpName('arrayFor', op);
    checkDtype(op, 'dtype', dtype);
  }
  return allocateFloatArray(op, dtype, n);
}

/** The dtype of a storage array: 'float64' for a Float64Array, 'float32' for a Float32Array. */
export function dtypeOf(x: FloatArray): DType {
  if (x instanceof Float64Array) return 'float64';
  checkFloatArray('dtypeOf', 'x', x);
  return 'float32';
}

/**
 * `out` if given — checked: a Float32Array or Float64Array of `x`'s dtype and of length `n` (a wrong one used to
 * be written partly, or converted silently) — otherwise a new array of `x`'s dtype.
 */
export function outFor(x: FloatArray, n: number, out: FloatArray | undefined, op: string): FloatArray {
  const float64 = x instanceof Float64Array;
  if (out === undefined) return allocateFloatArray(op, float64 ? 'float64' : 'float32', n);
  checkOut(op, out, n, float64);
  return out;
}

/**
 * Throws unless `out` (or the array called `name`) is a typed array of the given dtype and length `n`: what a kernel
 * writes its result to, or reads element for element with its input.
 */
export function checkOut(op: string, out: unknown, n: number, float64: boolean, name = 'out'): void {
  if (float64 ? out instanceof Float64Array : out instanceof Float32Array) {
    if ((out as FloatArray).length === n) return;
    const length = (out as FloatArray).length;
    throw new Error(
      name === 'out'
        ? `${op}: out has ${length} elements but the result has ${n}; pass an out of length ${n}`
        : `${op}: ${name} has ${length} elements but x has ${n}; pass a ${name} of x's length`,
    );
  }
  throw new Error(
    `${op}: ${name} must be a ${float64 ? 'Float64Array' : 'Float32Array'} (the input's dtype) of length ${n}, got ` +
      `${describeValue(out)}${name === 'out' ? '; pass a matching out or omit it' : ''}`,
  );
}

export { formatShape };
