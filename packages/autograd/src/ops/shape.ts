/**
 * Shape ops. reshape (and the ops composed from it: flatten, unsqueeze, squeeze) returns a view sharing the input's
 * data, as PyTorch's view does; the others copy. Gathering ops (slice, indexSelect, gather) precompute the flat
 * source offset of every output element once, so the forward is a gather and the VJP a scatter-add over the same
 * offsets.
 */
import {
  arrayFor,
  broadcastShapes,
  broadcastTo,
  checkAllocation,
  describeValue,
  type FloatArray,
  permute as permuteKernel,
  resolveReshape,
  shapesEqual,
  sizeOf,
  stridesOf,
} from '@actlab/kernels';
import { type NestedNumbers, tensor } from '../creation';
import { formatShape } from '../format-shape';
import { type OpDefinition, record1, recordOp } from '../graph';
import { Tensor } from '../tensor';
import { axisOf, checkSameDtype, checkShapeArgument, expectTensor } from './operands';

/** reshape: same elements, new shape.  The gradient is g read in the input's shape (the engine sees equal sizes). */
const reshapeOp: OpDefinition<null> = { name: 'reshape', vjp: (g) => [g] };
/** A view of `x` with a new shape (one dimension may be -1). Shares `x.data`. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor('reshape', x);
  checkShapeArgument('reshape', 'shape', shape);
  const target = resolveReshape(x.shape, shape, 'reshape');
  return record1(reshapeOp, x.data, target, x, null);
}

/** Merge dimensions startDim..endDim into one (a view). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  expectTensor('flatten', x);
  const rank = x.shape.length;
  const s = axisOf('flatten', 'startDim', startDim, rank, true);
  const e = axisOf('flatten', 'endDim', endDim, rank, true);
  if (rank === 0) return reshape(x, [1]);
  if (s > e)
    throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim} for shape ${formatShape(x.shape)}`);
  return reshape(x, [...x.shape.slice(0, s), -1, ...x.shape.slice(e + 1)]);
}

/** Insert a dimension of size 1 at `axis` (in the result's axes, so -1 appends). A view. */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  expectTensor('unsqueeze', x);
  const a = axisOf('unsqueeze', 'axis', axis, x.shape.length + 1);
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Remove size-1 dimensions: all of them, or only `axis` (left as is when it is not 1, as PyTorch). A view. */
export function squeeze(x: Tensor, axis?: number): Tensor {
  expectTensor('squeeze', x);
  if (axis === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const a = axisOf('squeeze', 'axis', axis, x.shape.length, true);
  if (x.shape.length === 0 || x.shape[a] !== 1) return x;
  return reshape(x, [...x.shape.slice(0, a), ...x.shape.slice(a + 1)]);
}

/** expand: broadcast to a larger shape.  The gradient is g in the output shape; the engine sums it back. */
const expandOp: OpDefinition<null> = { name: 'expand', vjp: (g) => [g] };
/** Broadcast `x` to `shape` (NumPy rules; -1 keeps a dimension), materialised. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  expectTensor('expand', x);
  checkShapeArgument('expand', 'shape', shape);
  const offset = shape.length - x.shape.length;
  const target = shape.map((d, i) => (d === -1 && i >= offset ? x.shape[i - offset]! : d));
  // A -1 left over sits in a new leading dimension, where there is no size to keep (PyTorch refuses it too).
  const bad = target.findIndex((d) => !Number.isInteger(d) || d < 0);
  if (bad !== -1) {
    throw new Error(
      `expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}: dimension ${bad} is ${shape[bad]}; ` +
        'pass non-negative integers (-1 keeps an existing dimension, and is not allowed in a new leading one)',
    );
  }
  if (offset < 0 || !shapesEqual(broadcastShapes(x.shape, target, 'expand'), target)) {
    throw new Error(
      `expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}; each dimension must be 1 or equal ` +
        'the target, and the target needs at least as many dimensions',
    );
  }
  if (shapesEqual(target, x.shape)) return x;
  checkAllocation('expand', x.dtype, sizeOf(target));
  return record1(expandOp, broadcastTo(x.data, x.shape, target), target, x, null);
}

/** permute: reorder axes.  The gradient is g permuted back by the inverse permutation. */
const permuteOp: OpDefinition<readonly number[]> = {
  name: 'permute',
  vjp: (g, perm, node) => {
    const inverse = new Array<number>(perm.length);
    for (let i = 0; i < perm.length; i++) inverse[perm[i]!] = i;
    return [permuteKernel(g, node.shape, inverse)];
  },
};
/** Reorder the axes: result axis i is input axis perm[i] (negative axes allowed). Copies. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  expectTensor('permute', x);
  checkShapeArgument('permute', 'perm', perm);
  const rank = x.shape.length;
  if (perm.length !== rank) {
    throw new Error(
      `permute: [${perm.join(', ')}] has ${perm.length} axes but the tensor ${formatShape(x.shape)} has ${rank}; ` +
        'list every axis once',
    );
  }
  const p = perm.map((a, i) => axisOf('permute', `perm[${i}]`, a, rank));
  for (let i = 0; i < rank; i++) {
    if (p.indexOf(p[i]!) !== i) {
      throw new Error(`permute: [${perm.join(', ')}] repeats axis ${p[i]}; list every axis of the tensor once`);
    }
  }
  const shape = p.map((a) => x.shape[a]!);
  return record1(permuteOp, permuteKernel(x.data, x.shape, p), shape, x, p);
}

/**
 * Swap two axes (default: the last two, a matrix transpose). A tensor of rank < 2 is returned as is when both axes
 * are left out; axes that are given are checked against its rank (a 0-d tensor takes 0 and −1).
 */
export function transpose(x: Tensor, axis0?: number, axis1?: number): Tensor {
  expectTensor('transpose', x);
  const rank = x.shape.length;
  if (rank < 2) {
    if (axis0 !== undefined) axisOf('transpose', 'axis0', axis0, rank, true);
    if (axis1 !== undefined) axisOf('transpose', 'axis1', axis1, rank, true);
    return x;
  }
  const a = axisOf('transpose', 'axis0', axis0 === undefined ? -2 : axis0, rank);
  const b = axisOf('transpose', 'axis1', axis1 === undefined ? -1 : axis1, rank);
  if (a === b) return x;
  const perm = Array.from({ length: rank }, (_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, perm);
}

/** Gathering by precomputed source offsets.  The gradient scatter-adds g back through the same offsets. */
const gatherByOffsetsOp: OpDefinition<Int32Array> = {
  name: 'gather',
  vjp: (g, offsets, node) => {
    const x = node.inputs[0]!;
    const gx = arrayFor(x.dtype, x.size);
    for (let i = 0; i < offsets.length; i++) gx[offsets[i]!]! += g[i]!;
    return [gx];
  },
};
const sliceOp: OpDefinition<Int32Array> = { name: 'slice', vjp: gatherByOffsetsOp.vjp };
const indexSelectOp: OpDefinition<Int32Array> = { name: 'indexSelect', vjp: gatherByOffsetsOp.vjp };

function gatherOffsets(data: FloatArray, offsets: Int32Array, dtype: Tensor['dtype']): FloatArray {
  const out = arrayFor(dtype, offsets.length);
  for (let i = 0; i < offsets.length; i++) out[i] = data[offsets[i]!]!;
  return out;
}

/**
 * Flat offsets into a tensor of `shape` for every position of `outShape`, where position p along `axis` reads
 * source index `along[p]` and the other axes read the same index.
 */
function axisOffsets(shape: readonly number[], axis: number, along: Int32Array): Int32Array {
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const len = shape[axis]!;
  const offsets = new Int32Array(outer * along.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++) {
    for (let p = 0; p < along.length; p++) {
      const base = (a * len + along[p]!) * inner;
      for (let i = 0; i < inner; i++) offsets[o++] = base + i;
    }
  }
  return offsets;
}

/** Elements start, start+step, … before end along `axis`; Python slice rules (negative and out-of-range clamp). */
export function slice(x: Tensor, axis: number, start = 0, end?: number, step = 1): Tensor {
  expectTensor('slice', x);
  const a = axisOf('slice', 'axis', axis, x.shape.length);
  const len = x.shape[a]!;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
    throw new Error(`slice: step must be a positive integer, got ${describeValue(step)}`);
  }
  if (typeof start !== 'number' || !Number.isInteger(start)) {
    throw new Error(`slice: start must be an integer (negative counts from the end), got ${describeValue(start)}`);
  }
  if (end !== undefined && (typeof end !== 'number' || !Number.isInteger(end))) {
    throw new Error(`slice: end must be an integer or undefined (the end of the axis), got ${describeValue(end)}`);
  }
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + len : i, 0), len);
  const s = clampIndex(start);
  const e = end === undefined ? len : clampIndex(end);
  const count = Math.max(0, Math.ceil((e - s) / step));
  const along = new Int32Array(count);
  for (let i = 0; i < count; i++) along[i] = s + i * step;
  const shape = x.shape.slice();
  shape[a] = count;
  const offsets = axisOffsets(x.shape, a, along);
  return record1(sliceOp, gatherOffsets(x.data, offsets, x.dtype), shape, x, offsets);
}

/** Anything usable as integer indices: a Tensor of whole numbers, an Int32Array, or (nested) arrays of them. */
export type IndexLike = Tensor | Int32Array | NestedNumbers;

function toIndexTensor(op: string, index: IndexLike): Tensor {
  if (index instanceof Tensor) return index;
  if (index instanceof Int32Array) return new Tensor(Float64Array.from(index), [index.length]);
  if (typeof index !== 'number' && !Array.isArray(index)) {
    throw new Error(
      `${op}: indices must be a Tensor, an Int32Array or (nested) arrays of integers, got ${describeValue(index)}`,
    );
  }
  try {
    return tensor(index, { dtype: 'float64' });
  } catch (error) {
    throw new Error(`${op}: indices are not integer arrays: ${(error as Error).message}`, { cause: error });
  }
}

function checkIndex(op: string, value: number, len: number, axis: number, shape: readonly number[]): number {
  if (!Number.isInteger(value) || value < -len || value >= len) {
    throw new Error(
      `${op}: index ${value} is out of range for axis ${axis} of shape ${formatShape(shape)}; valid indices are ` +
        `${-len}..${len - 1}`,
    );
  }
  return value < 0 ? value + len : value;
}

/** Select entries `indices` (1-D) along `axis` (torch.index_select; negative indices count from the end). */
export function indexSelect(x: Tensor, axis: number, indices: IndexLike): Tensor {
  expectTensor('indexSelect', x);
  const a = axisOf('indexSelect', 'axis', axis, x.shape.length);
  const idx = toIndexTensor('indexSelect', indices);
  if (idx.shape.length > 1) {
    throw new Error(`indexSelect: indices must be 1-D, got shape ${formatShape(idx.shape)}; flatten them first`);
  }
  const len = x.shape[a]!;
  const along = new Int32Array(idx.size);
  for (let i = 0; i < along.length; i++) along[i] = checkIndex('indexSelect', idx.data[i]!, len, a, x.shape);
  const shape = x.shape.slice();
  shape[a] = along.length;
  const offsets = axisOffsets(x.shape, a, along);
  return record1(indexSelectOp, gatherOffsets(x.data, offsets, x.dtype), shape, x, offsets);
}

/**
 * torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1. `index` has x's rank and, on every other axis,
 * at most x's size; the result has index's shape.
 */
export function gather(x: Tensor, axis: number, index: IndexLike): Tensor {
  expectTensor('gather', x);
  const rank = x.shape.length;
  const a = axisOf('gather', 'axis', axis, rank);
  const idx = toIndexTensor('gather', index);
  const ishape = idx.shape;
  const fits = ishape.length === rank && ishape.every((d, i) => i === a || d <= x.shape[i]!);
  if (!fits) {
    throw new Error(
      `gather: index of shape ${formatShape(ishape)} does not fit input ${formatShape(x.shape)} along axis ${axis}; ` +
        'it needs the same rank and no larger size on the other axes',
    );
  }
  const xStrides = stridesOf(x.shape);
  const n = idx.size;
  const offsets = new Int32Array(n);
  const coord = new Int32Array(rank);
  let base = 0; // offset of coord with the gathered axis at 0
  for (let i = 0; i < n; i++) {
    const v = checkIndex('gather', idx.data[i]!, x.shape[a]!, a, x.shape);
    offsets[i] = base + v * xStrides[a]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (d !== a) base += xStrides[d]!;
      if (++coord[d]! < ishape[d]!) break;
      if (d !== a) base -= xStrides[d]! * ishape[d]!;
      coord[d] = 0;
    }
  }
  return record1(gatherByOffsetsOp, gatherOffsets(x.data, offsets, x.dtype), ishape.slice(), x, offsets);
}

/** concat: inputs laid end to end along an axis.  Each input's gradient is its block of g. */
const concatOp: OpDefinition<number> = {
  name: 'concat',
  vjp: (g, axis, node) => {
    const shape = node.shape;
    let outer = 1;
    for (let i = 0; i < axis; i++) outer *= shape[i]!;
    const rowOut = g.length / (outer || 1);
    let start = 0;
    return node.inputs.map((input) => {
      const row = input.size / (outer || 1);
      let gi: FloatArray | null = null;
      if (input.requiresGrad) {
        gi = arrayFor(input.dtype, input.size);
        for (let o = 0; o < outer; o++) gi.set(g.subarray(o * rowOut + start, o * rowOut + start + row), o * row);
      }
      start += row;
      return gi;
    });
  },
};
/** Join tensors along an existing axis; all other dimensions must match. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('concat', tensors);
  const first = tensors[0]!;
  const rank = first.shape.length;
  if (rank === 0) throw new Error('concat: cannot concatenate 0-d tensors; unsqueeze them or use stack');
  const a = axisOf('concat', 'axis', axis, rank);
  let total = 0;
  for (const t of tensors) {
    checkSameDtype('concat', first, t);
    const ok = t.shape.length === rank && t.shape.every((d, i) => i === a || d === first.shape[i]);
    if (!ok) {
      throw new Error(
        `concat: shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} do not match outside axis ${axis}; ` +
          'every dimension except the concatenated one must be equal',
      );
    }
    total += t.shape[a]!;
  }
  const shape = first.shape.slice();
  shape[a] = total;
  let outer = 1;
  for (let i = 0; i < a; i++) outer *= shape[i]!;
  const out = arrayFor(first.dtype, sizeOf(shape), 'concat');
  const rowOut = out.length / (outer || 1);
  let start = 0;
  for (const t of tensors) {
    const row = t.size / (outer || 1);
    for (let o = 0; o < outer; o++) out.set(t.data.subarray(o * row, (o + 1) * row), o * rowOut + start);
    start += row;
  }
  return recordOp(concatOp, out, shape, tensors.slice(), a);
}

/** Join tensors of equal shape along a new axis (composed: unsqueeze each, then concat). */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensorList('stack', tensors);
  const first = tensors[0]!;
  for (const t of tensors) {
    checkSameDtype('stack', first, t);
    if (!shapesEqual(t.shape, first.shape)) {
      throw new Error(
        `stack: shapes ${tensors.map((u) => formatShape(u.shape)).join(', ')} differ; stack needs equal shapes`,
      );
    }
  }
  const a = axisOf('stack', 'axis', axis, first.shape.length + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, a)),
    a,
  );
}

/** Throws unless `tensors` is a non-empty array of Tensors. */
function checkTensorList(op: string, tensors: unknown): asserts tensors is readonly Tensor[] {
  if (!Array.isArray(tensors)) {
    throw new Error(`${op}: expected an array of Tensors such as [a, b], got ${describeValue(tensors)}`);
  }
  if (tensors.length === 0) throw new Error(`${op}: expected at least one tensor, got none`);
  for (let i = 0; i < tensors.length; i++) expectTensor(op, tensors[i], `tensors[${i}]`);
}
