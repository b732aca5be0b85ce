/**
 * Reductions. The hand-written ones reduce ONE axis (the kernels' unit); several axes are composed from them, so
 * their gradients come for free. `axis` may be a number, an array of numbers, or omitted/null for all axes.
 * Tie rule for max/min: the whole gradient goes to the first maximal (minimal) element, in row-major order over the
 * reduced axes.
 */
import {
  arrayFor,
  broadcastTo,
  describeValue,
  exp as expKernel,
  type FloatArray,
  logsumexp as logsumexpKernel,
  mul as mulKernel,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceSum,
  scale,
  sub as subKernel,
  sumAll,
} from '@actlab/kernels';
import { formatShape } from '../format-shape';
import { type OpDefinition, record1 } from '../graph';
import { Tensor } from '../tensor';
import { axisOf, checkKeepDim, expectTensor } from './operands';
import { permute, reshape } from './shape';

/** Axes to reduce: one, several, or all (undefined/null). */
export type Axes = number | readonly number[] | null | undefined;

/** Normalised, sorted, de-duplicated axes. */
function resolveAxes(op: string, x: Tensor, axes: Axes): number[] {
  const rank = x.shape.length;
  if (axes === undefined || axes === null) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axes !== 'number' && !Array.isArray(axes)) {
    throw new Error(
      `${op}: axis must be a number, an array of numbers, or undefined (every axis), got ${describeValue(axes)}`,
    );
  }
  const list: readonly number[] = typeof axes === 'number' ? [axes] : axes;
  const out = [...new Set(list.map((a) => axisOf(op, 'axis', a, rank)))].sort((a, b) => a - b);
  if (out.length !== list.length) {
    throw new Error(`${op}: axes [${list.join(', ')}] repeat an axis of shape ${formatShape(x.shape)}; list each once`);
  }
  return out;
}

/** `shape` with `axis` set to 1: where a single-axis reduction's result broadcasts back against its input. */
export function keepDimShape(shape: readonly number[], axis: number): number[] {
  const s = shape.slice();
  s[axis] = 1;
  return s;
}

function reducedShape(shape: readonly number[], axis: number, keepDim: boolean): number[] {
  return keepDim ? keepDimShape(shape, axis) : [...shape.slice(0, axis), ...shape.slice(axis + 1)];
}

interface AxisSaved {
  axis: number;
}

/** sum along one axis.  The gradient is g broadcast back along that axis. */
const sumAxisOp: OpDefinition<AxisSaved> = {
  name: 'sum',
  vjp: (g, { axis }, node) => {
    const shape = node.inputs[0]!.shape;
    return [broadcastTo(g, keepDimShape(shape, axis), shape)];
  },
};
/** mean along one axis.  The gradient is g/len broadcast back along that axis. */
const meanAxisOp: OpDefinition<AxisSaved> = {
  name: 'mean',
  vjp: (g, { axis }, node) => {
    const shape = node.inputs[0]!.shape;
    const gx = broadcastTo(g, keepDimShape(shape, axis), shape);
    return [scale(gx, 1 / shape[axis]!, gx)];
  },
};
/** sum (mean) of every element.  The gradient is g (g/n) everywhere. */
const sumAllOp: OpDefinition<null> = {
  name: 'sum',
  vjp: (g, _, node) => [arrayFor(node.inputs[0]!.dtype, node.inputs[0]!.size).fill(g[0]!)],
};
const meanAllOp: OpDefinition<null> = {
  name: 'mean',
  vjp: (g, _, node) => [arrayFor(node.inputs[0]!.dtype, node.inputs[0]!.size).fill(g[0]! / node.inputs[0]!.size)],
};

function reduceAll(op: OpDefinition<null>, x: Tensor, value: number, keepDim: boolean): Tensor {
  const data = arrayFor(x.dtype, 1);
  data[0] = value;
  return record1(op, data, keepDim ? x.shape.map(() => 1) : [], x, null);
}

/** Sum over `axis` (one, several, or every axis when omitted); reduced axes stay as 1 with keepDim. */
export function sum(x: Tensor, axis?: Axes, keepDim = false): Tensor {
  expectTensor('sum', x);
  checkKeepDim('sum', keepDim);
  if (axis === undefined || axis === null) return reduceAll(sumAllOp, x, sumAll(x.data), keepDim);
  const axes = resolveAxes('sum', x, axis);
  if (axes.length === x.shape.length) return reduceAll(sumAllOp, x, sumAll(x.data), keepDim);
  return alongAxes(x, axes, keepDim, (t, a) =>
    record1(sumAxisOp, reduceSum(t.data, t.shape, a), keepDimShape(t.shape, a), t, { axis: a }),
  );
}

/** Mean over `axis` (one, several, or every axis when omitted); reduced axes stay as 1 with keepDim. */
export function mean(x: Tensor, axis?: Axes, keepDim = false): Tensor {
  expectTensor('mean', x);
  checkKeepDim('mean', keepDim);
  if (axis === undefined || axis === null) return reduceAll(meanAllOp, x, sumAll(x.data) / x.size, keepDim);
  const axes = resolveAxes('mean', x, axis);
  if (axes.length === x.shape.length) return reduceAll(meanAllOp, x, sumAll(x.data) / x.size, keepDim);
  return alongAxes(x, axes, keepDim, (t, a) =>
    record1(meanAxisOp, reduceMean(t.data, t.shape, a), keepDimShape(t.shape, a), t, { axis: a }),
  );
}

/** Apply a keep-dim single-axis reduction to each axis (last first), then drop the axes unless keepDim. */
function alongAxes(x: Tensor, axes: readonly number[], keepDim: boolean, reduce: (t: Tensor, a: number) => Tensor) {
  let t = x;
  for (let i = axes.length - 1; i >= 0; i--) t = reduce(t, axes[i]!);
  if (keepDim) return t;
  return reshape(
    t,
    t.shape.filter((_, i) => !axes.includes(i)),
  );
}

interface ExtremumSaved {
  axis: number;
  /** Index along the axis of the element that won, per output element. */
  arg: Int32Array;
}
/** max/min along one axis.  The gradient goes to the first extremal element only. */
const extremumVjp = (g: FloatArray, { axis, arg }: ExtremumSaved, node: { inputs: readonly Tensor[] }) => {
  const x = node.inputs[0]!;
  const len = x.shape[axis]!;
  let inner = 1;
  for (let i = axis + 1; i < x.shape.length; i++) inner *= x.shape[i]!;
  const gx = arrayFor(x.dtype, x.size);
  const outer = arg.length / inner;
  let j = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * len;
    for (let i = 0; i < inner; i++, j++) gx[(base + arg[j]!) * inner + i] = g[j]!;
  }
  return [gx];
};
const maxOp: OpDefinition<ExtremumSaved> = { name: 'max', vjp: extremumVjp };
const minOp: OpDefinition<ExtremumSaved> = { name: 'min', vjp: extremumVjp };

function extremum(op: 'max' | 'min', x: Tensor, axis: Axes, keepDim: boolean): Tensor {
  expectTensor(op, x);
  checkKeepDim(op, keepDim);
  if (x.size === 0) throw new Error(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  const axes = resolveAxes(op, x, axis);
  if (x.shape.length === 0) return x;
  if (axes.length === 1) {
    const a = axes[0]!;
    const arg = new Int32Array(x.size / x.shape[a]!);
    const data = (op === 'max' ? reduceMax : reduceMin)(x.data, x.shape, a, undefined, arg);
    return record1(op === 'max' ? maxOp : minOp, data, reducedShape(x.shape, a, keepDim), x, { axis: a, arg });
  }
  // Several axes: move them to the end, merge them into one, reduce that (composed, so row-major first-index ties).
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const moved = permute(x, [...kept, ...axes]);
  const merged = reshape(moved, [...kept.map((i) => x.shape[i]!), -1]);
  const r = extremum(op, merged, -1, false);
  return keepDim
    ? reshape(
        r,
        x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      )
    : r;
}

/** Maximum over `axis` (one, several, or all); the gradient goes to the first maximal element. */
export function max(x: Tensor, axis?: Axes, keepDim = false): Tensor {
  return extremum('max', x, axis, keepDim);
}
/** Minimum over `axis` (one, several, or all); the gradient goes to the first minimal element. */
export function min(x: Tensor, axis?: Axes, keepDim = false): Tensor {
  return extremum('min', x, axis, keepDim);
}

/** The result of `maxWithIndices` / `minWithIndices`: PyTorch's `torch.max(x, dim)` named tuple. */
export interface ValuesAndIndices {
  /** The extrema, differentiable (the gradient goes to the first extremal element). */
  values: Tensor;
  /**
   * Where they are along the axis: whole numbers in a tensor of x's dtype (exact up to 2^24 in float32), never
   * requiring a gradient — so they compare with labels directly (`indices.eq(labels)`).
   */
  indices: Tensor;
}

/** Index array → a constant tensor of `like`'s dtype. */
function indexTensor(like: Tensor, arg: Int32Array, shape: readonly number[]): Tensor {
  const data = arrayFor(like.dtype, arg.length);
  for (let i = 0; i < arg.length; i++) data[i] = arg[i]!;
  return new Tensor(data, shape);
}

/** float32 holds every integer only up to 2^24: indices along a longer axis would round. */
function checkIndexable(op: string, x: Tensor, length: number): void {
  if (x.dtype === 'float32' && length > 2 ** 24) {
    throw new Error(
      `${op}: an axis of ${length} elements has indices beyond 2^24, which float32 cannot hold exactly; ` +
        "convert first: x.to('float64')",
    );
  }
}

function extremumWithIndices(op: 'max' | 'min', x: Tensor, axis: number, keepDim: boolean): ValuesAndIndices {
  const name = op === 'max' ? 'maxWithIndices' : 'minWithIndices';
  expectTensor(name, x);
  checkKeepDim(name, keepDim);
  const a = axisOf(name, 'axis', axis, x.shape.length, true);
  if (x.size === 0) throw new Error(`${name}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  if (x.shape.length === 0) return { values: x, indices: indexTensor(x, new Int32Array(1), []) };
  checkIndexable(name, x, x.shape[a]!);
  const arg = new Int32Array(x.size / x.shape[a]!);
  const data = (op === 'max' ? reduceMax : reduceMin)(x.data, x.shape, a, undefined, arg);
  const shape = reducedShape(x.shape, a, keepDim);
  const values = record1(op === 'max' ? maxOp : minOp, data, shape, x, { axis: a, arg });
  return { values, indices: indexTensor(x, arg, shape) };
}

/**
 * Maximum along one axis with where it is, PyTorch's `torch.max(x, dim, keepdim)`: `{ values, indices }`. Ties go
 * to the first maximal index (as PyTorch on CPU); a NaN is the maximum and its index is the first NaN's.
 *
 * @example
 * ```ts
 * import { maxWithIndices, tensor } from '@actlab/autograd';
 *
 * const { values, indices } = maxWithIndices(tensor([[1, 3, 3], [7, -2, 0]]), 1); // per row: best, and where
 * console.log(String(values)); // tensor([3., 7.])
 * console.log(String(indices)); // tensor([1., 0.])
 * ```
 */
export function maxWithIndices(x: Tensor, axis: number, keepDim = false): ValuesAndIndices {
  return extremumWithIndices('max', x, axis, keepDim);
}
/** Minimum along one axis with where it is (`torch.min(x, dim)`); ties go to the first minimal index. */
export function minWithIndices(x: Tensor, axis: number, keepDim = false): ValuesAndIndices {
  return extremumWithIndices('min', x, axis, keepDim);
}

function argExtremum(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDim: boolean): Tensor {
  expectTensor(op, x);
  checkKeepDim(op, keepDim);
  if (axis !== undefined) axisOf(op, 'axis', axis, x.shape.length, true);
  if (x.size === 0) throw new Error(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  const t = axis === undefined ? reshape(x, [-1]) : x.shape.length === 0 ? reshape(x, [1]) : x;
  const a = axisOf(op, 'axis', axis === undefined ? 0 : axis, t.shape.length);
  checkIndexable(op, x, t.shape[a]!);
  const arg = new Int32Array(t.size / t.shape[a]!);
  (op === 'argmax' ? reduceMax : reduceMin)(t.data, t.shape, a, undefined, arg);
  const shape = axis === undefined || x.shape.length === 0 ? [] : reducedShape(t.shape, a, keepDim);
  return indexTensor(x, arg, keepDim && axis === undefined ? x.shape.map(() => 1) : shape);
}

/**
 * Index of the first maximum along `axis` (over all elements, flattened, when omitted), as whole numbers in a
 * tensor of x's dtype; no gradient. PyTorch's `argmax`.
 */
export function argmax(x: Tensor, axis?: number, keepDim = false): Tensor {
  return argExtremum('argmax', x, axis, keepDim);
}
/** Index of the first minimum along `axis` (over all elements when omitted); no gradient. PyTorch's `argmin`. */
export function argmin(x: Tensor, axis?: number, keepDim = false): Tensor {
  return argExtremum('argmin', x, axis, keepDim);
}

/** logsumexp along one axis, stable.  ∂/∂x = softmax(x) = exp(x − y). */
const logsumexpOp: OpDefinition<AxisSaved & { y: FloatArray }> = {
  name: 'logsumexp',
  vjp: (g, { axis, y }, node) => {
    const shape = node.inputs[0]!.shape;
    const keep = keepDimShape(shape, axis);
    const gx = subKernel(node.inputs[0]!.data, shape, y, keep);
    expKernel(gx, gx);
    return [mulKernel(gx, shape, g, keep, gx)];
  },
};
/** log Σ e^x along `axis`, computed stably (minus the maximum). */
export function logsumexp(x: Tensor, axis = -1, keepDim = false): Tensor {
  expectTensor('logsumexp', x);
  checkKeepDim('logsumexp', keepDim);
  const a = axisOf('logsumexp', 'axis', axis, x.shape.length, true);
  if (x.shape.length === 0) return logsumexp(reshape(x, [1]), 0, false);
  const y = logsumexpKernel(x.data, x.shape, a);
  return record1(logsumexpOp, y, reducedShape(x.shape, a, keepDim), x, { axis: a, y });
}
