import { allocateFloatArray } from './checks';
import type { DType, FloatArray, Shape } from './types';

function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Number of elements in a tensor of `shape` (1 for a scalar `[]`). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major element strides of a contiguous tensor of `shape`. */
export function stridesOf(shape: Shape): number[] {
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
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape two operands broadcast to under NumPy rules: align trailing dimensions; each pair must be
 * equal or contain a 1.
 */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)]!;
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)]!;
    if (!(Number.isInteger(da) && da >= 0 && Number.isInteger(db) && db >= 0)) {
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
export function resolveReshape(from: Shape, to: Shape, op = 'reshape'): number[] {
  const total = sizeOf(from);
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
    } else if (!Number.isInteger(d) || d < 0) {
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
export function normalizeAxis(axis: number, rank: number, op = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const range = rank === 0 ? 'none (a scalar has no axes)' : `[${-rank}, ${rank - 1}]`;
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}; valid axes: ${range}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * A new zero-filled array of `dtype` with `n` elements; `op` names the caller in the Error for a size no typed array
 * can hold (with the size in bytes).
 */
export function arrayFor(dtype: DType, n: number, op = 'arrayFor'): FloatArray {
  return allocateFloatArray(op, dtype, n);
}

/** The dtype of a storage array: 'float64' for a Float64Array, else 'float32'. */
export function dtypeOf(x: FloatArray): DType {
  return x instanceof Float64Array ? 'float64' : 'float32';
}

/** `out` if given (checked for length), otherwise a new array of `x`'s dtype. */
export function outFor(x: FloatArray, n: number, out: FloatArray | undefined, op: string): FloatArray {
  if (out === undefined) return allocateFloatArray(op, x instanceof Float64Array ? 'float64' : 'float32', n);
  if (out.length !== n) {
    throw new Error(`${op}: out has ${out.length} elements but the result has ${n}; pass an out of length ${n}`);
  }
  return out;
}

export { formatShape };
