/**
 * Broadcasting binary kernels (NumPy rules) and the broadcast plumbing autograd needs: sumToShape,
 * broadcastTo and permute.
 *
 * Each op is one "run" function over `n` elements where each operand's stride is 0 (broadcast) or 1
 * (contiguous). Same-shape and scalar operands are a single run, and an operand that is a trailing suffix of the
 * other (a bias row) one run per row, all decided from the shapes without allocating; other broadcasts are walked
 * run by run over the collapsed iteration shape. No per-element index arithmetic happens in any case.
 */

import { allocateFloatArray } from './checks';
import { checkBinaryKernel, checkPermuteKernel, checkReshapingKernel } from './kernel-checks';
import { sumAll } from './reduce';
import { broadcastShapes, formatShape, sizeOf } from './shape';
import { alignedStrides, collapseDims } from './strided';
import type { FloatArray, Shape } from './types';

type BinaryRun = (
  a: FloatArray,
  ai: number,
  sa: number,
  b: FloatArray,
  bi: number,
  sb: number,
  o: FloatArray,
  oi: number,
  n: number,
) => void;

function binaryOutput(a: FloatArray, b: FloatArray, n: number, out: FloatArray | undefined, op: string): FloatArray {
  if (out === undefined) {
    return allocateFloatArray(op, a instanceof Float64Array || b instanceof Float64Array ? 'float64' : 'float32', n);
  }
  if (out.length !== n) {
    throw new Error(`${op}: out has ${out.length} elements but the result has ${n}; pass an out of length ${n}`);
  }
  return out;
}

/**
 * The length of the block that repeats when `small` (leading 1s aside) is exactly the trailing dimensions of `big`
 * — a bias row added to a batch, a scalar, or an equal shape — else -1. The broadcast result then has `big`'s layout
 * (up to leading 1s) and `small` repeats every block, so the caller needs no iteration shape at all.
 */
export function suffixBlock(big: Shape, small: Shape): number {
  let lead = 0;
  while (lead < small.length && small[lead] === 1) lead++;
  const offset = big.length - (small.length - lead);
  if (offset < 0) return -1;
  let block = 1;
  for (let i = lead; i < small.length; i++) {
    const d = small[i]!;
    if (d !== big[offset + i - lead]) return -1;
    block *= d;
  }
  return block;
}

/**
 * The row length when `small` has `big`'s rank and is `big` with its trailing dimensions set to 1 — a per-row value
 * such as a [N, 1] maximum or sum against [N, D] — else -1. Each element of `small` then covers one run of that many
 * contiguous elements of `big`.
 */
export function columnBlock(big: Shape, small: Shape): number {
  if (small.length !== big.length) return -1;
  let kept = small.length;
  while (kept > 0 && small[kept - 1] === 1) kept--;
  for (let i = 0; i < kept; i++) if (small[i] !== big[i]) return -1;
  let row = 1;
  for (let i = kept; i < big.length; i++) row *= big[i]!;
  return row;
}

function broadcastBinary(
  op: string,
  run: BinaryRun,
  a: FloatArray,
  aShape: Shape,
  b: FloatArray,
  bShape: Shape,
  out: FloatArray | undefined,
): FloatArray {
  checkBinaryKernel(op, a, aShape, b, bShape, out);
  const na = a.length;
  const nb = b.length;
  // Same shape, scalar and bias-row broadcasts (the common cases) are decided from the shapes alone, before
  // broadcastShapes and the iteration plan, so they allocate nothing but the result.
  const aIsBig = na >= nb;
  const block = aIsBig ? suffixBlock(aShape, bShape) : suffixBlock(bShape, aShape);
  if (block >= 0) {
    const n = aIsBig ? na : nb;
    const o = binaryOutput(a, b, n, out, op);
    if (n === 0) return o;
    if (block === n) run(a, 0, 1, b, 0, 1, o, 0, n);
    else if (block === 1) {
      if (aIsBig) run(a, 0, 1, b, 0, 0, o, 0, n);
      else run(a, 0, 0, b, 0, 1, o, 0, n);
    } else if (aIsBig) {
      for (let oi = 0; oi < n; oi += block) run(a, oi, 1, b, 0, 1, o, oi, block);
    } else {
      for (let oi = 0; oi < n; oi += block) run(a, 0, 1, b, oi, 1, o, oi, block);
    }
    return o;
  }
  const row = aIsBig ? columnBlock(aShape, bShape) : columnBlock(bShape, aShape);
  if (row > 0) {
    const n = aIsBig ? na : nb;
    const o = binaryOutput(a, b, n, out, op);
    if (aIsBig) for (let r = 0, oi = 0; oi < n; r++, oi += row) run(a, oi, 1, b, r, 0, o, oi, row);
    else for (let r = 0, oi = 0; oi < n; r++, oi += row) run(a, r, 0, b, oi, 1, o, oi, row);
    return o;
  }
  const outShape = broadcastShapes(aShape, bShape, op);
  const n = sizeOf(outShape);
  const o = binaryOutput(a, b, n, out, op);
  if (n === 0) return o;
  // Neither operand's shape is a suffix of the other's (e.g. [2, 1] with [1, 3]): walk the collapsed iteration.
  const it = collapseDims(outShape, [alignedStrides(aShape, outShape), alignedStrides(bShape, outShape)]);
  const rank = it.shape.length;
  const inner = it.shape[rank - 1]!;
  const stA = it.strides[0]!;
  const stB = it.strides[1]!;
  const sa = stA[rank - 1]!;
  const sb = stB[rank - 1]!;
  const index = new Int32Array(rank);
  let ai = 0;
  let bi = 0;
  for (let oi = 0; oi < n; oi += inner) {
    run(a, ai, sa, b, bi, sb, o, oi, inner);
    for (let d = rank - 2; d >= 0; d--) {
      ai += stA[d]!;
      bi += stB[d]!;
      if (++index[d]! < it.shape[d]!) break;
      ai -= stA[d]! * it.shape[d]!;
      bi -= stB[d]! * it.shape[d]!;
      index[d] = 0;
    }
  }
  return o;
}

const addRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + b[bi + i]!;
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! + bv;
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = av + b[bi + i * sb]!;
  }
};

const subRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - b[bi + i]!;
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! - bv;
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = av - b[bi + i * sb]!;
  }
};

const mulRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * b[bi + i]!;
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! * bv;
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = av * b[bi + i * sb]!;
  }
};

const divRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / b[bi + i]!;
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i]! / bv;
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = av / b[bi + i * sb]!;
  }
};

/**
 * C's pow (which PyTorch follows) where JavaScript's `**` differs: pow(1, y) = 1 and pow(-1, ±Infinity) = 1
 * for every y including NaN; JavaScript gives NaN there. Only NaN results take the slow check.
 */
function powC(x: number, y: number): number {
  const r = x ** y;
  if (!Number.isNaN(r)) return r;
  if (x === 1 || (x === -1 && (y === Number.POSITIVE_INFINITY || y === Number.NEGATIVE_INFINITY))) return 1;
  return r;
}

const powRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = powC(a[ai + i]!, b[bi + i]!);
  else if (sa === 1) {
    const bv = b[bi]!;
    if (bv === 2) {
      for (let i = 0; i < n; i++) {
        const v = a[ai + i]!;
        o[oi + i] = v * v;
      }
    } else for (let i = 0; i < n; i++) o[oi + i] = powC(a[ai + i]!, bv);
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = powC(av, b[bi + i * sb]!);
  }
};

// Math.max/min propagate NaN, as torch.maximum/minimum do.
const maximumRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i]!, b[bi + i]!);
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i]!, bv);
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = Math.max(av, b[bi + i * sb]!);
  }
};

const minimumRun: BinaryRun = (a, ai, sa, b, bi, sb, o, oi, n) => {
  if (sa === 1 && sb === 1) for (let i = 0; i < n; i++) o[oi + i] = Math.min(a[ai + i]!, b[bi + i]!);
  else if (sa === 1) {
    const bv = b[bi]!;
    for (let i = 0; i < n; i++) o[oi + i] = Math.min(a[ai + i]!, bv);
  } else {
    const av = a[ai]!;
    for (let i = 0; i < n; i++) o[oi + i] = Math.min(av, b[bi + i * sb]!);
  }
};

/** a + b with broadcasting. `out` has sizeOf(broadcastShapes(aShape, bShape)) elements and may alias a or b. */
export function add(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('add', addRun, a, aShape, b, bShape, out);
}
/** a - b with broadcasting. */
export function sub(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('sub', subRun, a, aShape, b, bShape, out);
}
/** a * b with broadcasting. */
export function mul(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('mul', mulRun, a, aShape, b, bShape, out);
}
/** a / b with broadcasting (IEEE: x/0 is ±Infinity, 0/0 is NaN). */
export function div(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('div', divRun, a, aShape, b, bShape, out);
}
/** a ** b with broadcasting, with C/PyTorch semantics for pow(1, NaN) and pow(-1, ±Infinity) (both 1). */
export function pow(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('pow', powRun, a, aShape, b, bShape, out);
}
/** Elementwise max with broadcasting; NaN in either operand gives NaN (torch.maximum). */
export function maximum(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('maximum', maximumRun, a, aShape, b, bShape, out);
}
/** Elementwise min with broadcasting; NaN in either operand gives NaN (torch.minimum). */
export function minimum(a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray): FloatArray {
  return broadcastBinary('minimum', minimumRun, a, aShape, b, bShape, out);
}

function checkBroadcastsTo(from: Shape, to: Shape, op: string, fix: string): void {
  let ok = from.length <= to.length;
  if (ok) {
    const offset = to.length - from.length;
    for (let i = 0; i < from.length; i++) {
      const d = from[i]!;
      if (d !== 1 && d !== to[i + offset]) {
        ok = false;
        break;
      }
    }
  }
  if (!ok) {
    throw new Error(`${op}: shape ${formatShape(from)} does not broadcast to ${formatShape(to)}; ${fix}`);
  }
}

/**
 * Sum `x` (of shape `from`, a broadcast result) back down to shape `to`, summing over every axis that
 * broadcasting expanded. `to` must broadcast to `from`. This is how autograd reduces broadcast gradients.
 * Accumulates in float64 whatever the dtype. `out` (sizeOf(to) elements) must not overlap `x` unless the two
 * shapes have the same size.
 */
export function sumToShape(x: FloatArray, from: Shape, to: Shape, out?: FloatArray): FloatArray {
  const op = 'sumToShape';
  checkReshapingKernel(op, x, from, to, out);
  const total = x.length;
  // A bias gradient ([N, D] to [D]) and a scalar's are the common cases: rows of `block` elements summed, with no
  // iteration plan to build.
  const block = suffixBlock(from, to);
  if (block >= 0) {
    const o = binaryOutput(x, x, block, out, op);
    if (block === total) {
      if (o !== x) o.set(x);
      return o;
    }
    if (total === 0) return o.fill(0);
    if (block === 1) {
      o[0] = sumAll(x);
      return o;
    }
    const acc = accumulator(o);
    for (let i = 0; i < block; i++) acc[i] = x[i]!;
    for (let row = block; row < total; row += block) {
      for (let i = 0; i < block; i++) acc[i]! += x[row + i]!;
    }
    if (acc !== o) for (let i = 0; i < block; i++) o[i] = acc[i]!;
    return o;
  }
  // Row sums ([N, D] to [N, 1]), as softmax's and logsumexp's gradients need.
  const row = columnBlock(from, to);
  if (row > 0) {
    const rows = total / row;
    const o = binaryOutput(x, x, rows, out, op);
    for (let r = 0; r < rows; r++) {
      const start = r * row;
      let sum = 0;
      for (let i = 0; i < row; i++) sum += x[start + i]!;
      o[r] = sum;
    }
    return o;
  }
  // Leading 1s beyond from's rank (summing [3] to [1, 3]) only reshape.
  let lead = 0;
  while (to.length - lead > from.length && to[lead] === 1) lead++;
  const target = lead > 0 ? to.slice(lead) : to;
  checkBroadcastsTo(target, from, op, 'the target must be the shape of an operand that broadcast to `from`');
  const n = sizeOf(target);
  const o = binaryOutput(x, x, n, out, op);
  if (n === 0) return o;
  if (total === 0) {
    o.fill(0);
    return o;
  }
  const acc = accumulator(o);
  acc.fill(0, 0, n);
  const it = collapseDims(from, [alignedStrides(from, from), alignedStrides(target, from)]);
  const rank = it.shape.length;
  const inner = it.shape[rank - 1]!;
  const stO = it.strides[1]!;
  const so = stO[rank - 1]!;
  const index = new Int32Array(rank);
  let oi = 0;
  for (let xi = 0; xi < total; xi += inner) {
    if (so === 1) {
      for (let i = 0; i < inner; i++) acc[oi + i]! += x[xi + i]!;
    } else {
      let s = 0;
      for (let i = 0; i < inner; i++) s += x[xi + i]!;
      acc[oi]! += s;
    }
    for (let d = rank - 2; d >= 0; d--) {
      oi += stO[d]!;
      if (++index[d]! < it.shape[d]!) break;
      oi -= stO[d]! * it.shape[d]!;
      index[d] = 0;
    }
  }
  if (acc !== o) for (let i = 0; i < n; i++) o[i] = acc[i]!;
  return o;
}

/** Float32 sums up to this many elements accumulate in one reused float64 array; larger ones get their own. */
const SCRATCH_LIMIT = 1 << 16;
let scratch = new Float64Array(64);

/**
 * Where to accumulate a sum destined for `o`: `o` itself when it is float64, else a float64 scratch array reused
 * across calls (so a float32 bias gradient allocates nothing but its result), or a fresh one when it is large.
 */
function accumulator(o: FloatArray): Float64Array {
  if (o instanceof Float64Array) return o;
  if (o.length > SCRATCH_LIMIT) return new Float64Array(o.length);
  if (scratch.length < o.length) scratch = new Float64Array(Math.max(o.length, 2 * scratch.length));
  return scratch;
}

/** Materialise a broadcast (PyTorch's expand + contiguous): `x` of shape `from` copied out to shape `to`. */
export function broadcastTo(x: FloatArray, from: Shape, to: Shape, out?: FloatArray): FloatArray {
  const op = 'broadcastTo';
  checkReshapingKernel(op, x, from, to, out);
  checkBroadcastsTo(from, to, op, 'each dimension of the source must be 1 or equal the target dimension');
  const n = sizeOf(to);
  const o = binaryOutput(x, x, n, out, op);
  if (n === 0) return o;
  if (x.length === n) {
    if (o !== x) o.set(x);
    return o;
  }
  if (x.length === 1) {
    o.fill(x[0]!);
    return o;
  }
  const block = suffixBlock(to, from);
  if (block > 0) {
    for (let oi = 0; oi < n; oi += block) for (let i = 0; i < block; i++) o[oi + i] = x[i]!;
    return o;
  }
  const row = columnBlock(to, from);
  if (row > 0) {
    for (let r = 0, oi = 0; oi < n; r++, oi += row) o.fill(x[r]!, oi, oi + row);
    return o;
  }
  const it = collapseDims(to, [alignedStrides(from, to)]);
  const rank = it.shape.length;
  const inner = it.shape[rank - 1]!;
  const stX = it.strides[0]!;
  const sx = stX[rank - 1]!;
  const index = new Int32Array(rank);
  let xi = 0;
  for (let oi = 0; oi < n; oi += inner) {
    if (sx === 1) {
      for (let i = 0; i < inner; i++) o[oi + i] = x[xi + i]!;
    } else {
      o.fill(x[xi]!, oi, oi + inner);
    }
    for (let d = rank - 2; d >= 0; d--) {
      xi += stX[d]!;
      if (++index[d]! < it.shape[d]!) break;
      xi -= stX[d]! * it.shape[d]!;
      index[d] = 0;
    }
  }
  return o;
}

/**
 * Copy `x` (shape `shape`) into the layout of the permuted shape `perm.map(i => shape[i])`, as
 * `torch.permute(...).contiguous()`. A transpose is `perm = [1, 0]`. `out` must not alias `x`.
 */
export function permute(x: FloatArray, shape: Shape, perm: readonly number[], out?: FloatArray): FloatArray {
  const op = 'permute';
  checkPermuteKernel(op, x, shape, perm, out);
  const rank = shape.length;
  const seen = new Uint8Array(rank);
  let valid = perm.length === rank;
  for (let i = 0; valid && i < rank; i++) {
    const p = perm[i]!;
    if (!Number.isInteger(p) || p < 0 || p >= rank || seen[p]) valid = false;
    else seen[p] = 1;
  }
  if (!valid) {
    throw new Error(
      `${op}: [${perm.join(', ')}] is not a permutation of the ${rank} axes of shape ${formatShape(shape)}; ` +
        `pass each of 0..${rank - 1} exactly once`,
    );
  }
  const n = x.length;
  const o = binaryOutput(x, x, n, out, op);
  if (o === x && n > 1) {
    throw new Error(`${op}: out aliases x; pass a separate out array`);
  }
  if (n === 0) return o;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = alignedStrides(shape, shape);
  const it = collapseDims(outShape, [alignedStrides(outShape, outShape), perm.map((p) => inStrides[p]!)]);
  const r = it.shape.length;
  if (r === 1 && it.strides[1]![0] === 1) {
    o.set(x);
    return o;
  }
  if (r === 2) {
    transpose2d(x, it.shape[0]!, it.shape[1]!, it.strides[1]![0]!, it.strides[1]![1]!, o);
    return o;
  }
  const inner = it.shape[r - 1]!;
  const stX = it.strides[1]!;
  const sx = stX[r - 1]!;
  const index = new Int32Array(r);
  let xi = 0;
  for (let oi = 0; oi < n; oi += inner) {
    for (let i = 0; i < inner; i++) o[oi + i] = x[xi + i * sx]!;
    for (let d = r - 2; d >= 0; d--) {
      xi += stX[d]!;
      if (++index[d]! < it.shape[d]!) break;
      xi -= stX[d]! * it.shape[d]!;
      index[d] = 0;
    }
  }
  return o;
}

const TRANSPOSE_TILE = 32;

/** out[i*cols + j] = x[i*s0 + j*s1], in square tiles so both sides stay in cache. */
function transpose2d(x: FloatArray, rows: number, cols: number, s0: number, s1: number, o: FloatArray): void {
  for (let i0 = 0; i0 < rows; i0 += TRANSPOSE_TILE) {
    const i1 = Math.min(i0 + TRANSPOSE_TILE, rows);
    for (let j0 = 0; j0 < cols; j0 += TRANSPOSE_TILE) {
      const j1 = Math.min(j0 + TRANSPOSE_TILE, cols);
      for (let i = i0; i < i1; i++) {
        const ob = i * cols;
        const xb = i * s0;
        for (let j = j0; j < j1; j++) o[ob + j] = x[xb + j * s1]!;
      }
    }
  }
}
