import {
  type ActivationAlias,
  type ActivationName,
  type ActivationParams,
  arrayFor,
  type DType,
  type FloatArray,
  shapesEqual,
} from '@actlab/kernels';
import { formatShape } from './format-shape';
import { formatTensor } from './format-tensor';
import { type Node, backward as runBackward } from './graph';
import { type ActivationMethods, activation } from './ops/activation';
import { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, pow, sub, where } from './ops/binary';
import { abs, clamp, clone, exp, log, neg, sqrt, square, to } from './ops/elementwise';
import { matmul } from './ops/matmul';
import type { Operand } from './ops/operands';
import {
  type Axes,
  argmax,
  argmin,
  logsumexp,
  max,
  maxWithIndices,
  mean,
  min,
  minWithIndices,
  sum,
  type ValuesAndIndices,
} from './ops/reduce';
import {
  expand,
  flatten,
  gather,
  type IndexLike,
  indexSelect,
  permute,
  reshape,
  slice,
  squeeze,
  transpose,
  unsqueeze,
} from './ops/shape';
import { logSoftmax, softmax } from './ops/softmax';

/** Nested arrays of numbers, as `toArray()` returns them (a number for a 0-d tensor). */
export type NestedArray = number | NestedArray[];

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /** Keep the graph's saved values so that backward can run through it again (PyTorch's retain_graph). */
  retainGraph?: boolean;
}

/**
 * An n-dimensional array of float32 (default) or float64 values that records the ops applied to it, so that
 * `backward()` can compute gradients — PyTorch's tensor, reduced to contiguous row-major storage.
 *
 * `data` is the storage itself, writable in place: optimisers update parameters with
 * `p.data[i] -= lr * p.grad.data[i]` (or assign a new array of the same length and dtype). Writes are not recorded,
 * and a tensor written between a forward and its backward gives wrong gradients — update after `backward()`, as
 * PyTorch's `with torch.no_grad(): p -= ...`. Tensors made by `reshape`/`flatten`/`unsqueeze`/`squeeze`/`detach`
 * share their source's `data` (views).
 */
export class Tensor implements ActivationMethods {
  /** The storage, contiguous row-major; writable in place (see the class comment). */
  data: FloatArray;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /**
   * dL/d(this) accumulated by `backward()` on leaves that require a gradient (and on tensors that called
   * `retainGrad()`), in this tensor's shape; `null` until a backward reaches it or after `zeroGrad()`.
   */
  grad: Tensor | null = null;
  /** Whether ops on this tensor are recorded. Set it on leaves (parameters, inputs) you need gradients for. */
  requiresGrad: boolean;
  /** The op that produced this tensor, or null for a leaf (PyTorch's grad_fn). Read-only. */
  readonly gradFn: Node | null;

  /**
   * Wrap `data` (not copied) as a tensor of `shape`. Prefer the `tensor(...)` creation function, which copies and
   * infers the shape; `gradFn` is for op implementations (`customOp` builds it for you).
   */
  constructor(data: FloatArray, shape: readonly number[], requiresGrad = false, gradFn: Node | null = null) {
    // One pass computes the size and checks the dimensions: a negative pair such as [-1, -2] would otherwise pass
    // the size check. Every op result comes through here, so no array methods and no closures.
    let size = 1;
    let valid = true;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i]!;
      if (!(Number.isInteger(d) && d >= 0)) valid = false;
      size *= d;
    }
    if (!valid) {
      throw new Error(`Tensor: shape ${formatShape(shape)} is invalid; pass an array of non-negative integers`);
    }
    if (data.length !== size) {
      throw new Error(
        `Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}; pass matching data`,
      );
    }
    this.data = data;
    this.shape = shape;
    this.dtype = data instanceof Float64Array ? 'float64' : 'float32';
    this.size = size;
    this.requiresGrad = requiresGrad;
    this.gradFn = gradFn;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True for tensors not produced by a recorded op (parameters, inputs, detached tensors). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The values as nested arrays (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const { data, shape } = this;
    if (shape.length === 0) return data[0]!;
    let offset = 0;
    const build = (dim: number): NestedArray[] => {
      const n = shape[dim]!;
      const out: NestedArray[] = new Array(n);
      if (dim === shape.length - 1) {
        for (let i = 0; i < n; i++) out[i] = data[offset++]!;
      } else {
        for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      }
      return out;
    };
    return build(0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new Error(
        `item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements; only a one-element tensor has an item`,
      );
    }
    return this.data[0]!;
  }

  /**
   * Accumulate d(this)/d(leaf) into every leaf's `.grad`. `grad` is dL/d(this): implicit (1) or a number for a
   * one-element output, a Tensor of this shape and dtype otherwise.
   * The graph is freed afterwards unless `retainGraph`: a second backward through it throws.
   */
  backward(grad?: Tensor | number, options?: BackwardOptions): void {
    if (!this.requiresGrad) {
      throw new Error(
        `backward: this tensor of shape ${formatShape(this.shape)} does not require a gradient: no input had ` +
          'requiresGrad: true, or it was computed inside noGrad(); set requiresGrad on the leaves first',
      );
    }
    let seed: FloatArray;
    if (grad === undefined || typeof grad === 'number') {
      // A number is dL/d(output) for a one-element output only: filling a whole tensor with it would be a broadcast
      // nobody wrote down.
      if (this.size !== 1) {
        throw new Error(
          `backward: the output has shape ${formatShape(this.shape)}, not a scalar; gradients are only implicit ` +
            `(or a number) for scalar outputs: pass dL/d(output) as a Tensor of shape ${formatShape(this.shape)}, ` +
            'e.g. y.backward(onesLike(y)), or reduce first',
        );
      }
      seed = arrayFor(this.dtype, 1);
      seed[0] = grad ?? 1;
    } else {
      if (!shapesEqual(grad.shape, this.shape) || grad.dtype !== this.dtype) {
        throw new Error(
          `backward: the gradient is ${grad.dtype} ${formatShape(grad.shape)} but the output is ${this.dtype} ` +
            `${formatShape(this.shape)}; pass a gradient of the output's shape and dtype`,
        );
      }
      seed = grad.data;
    }
    runBackward(this, seed, options?.retainGraph === true);
  }

  /** A tensor sharing this data but cut from the graph (no gradient flows through it). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy with its own storage, recorded like PyTorch's clone (gradients flow through); `detach().clone()` is a
   * leaf copy. */
  clone(): Tensor {
    return clone(this);
  }

  /** Reset the gradient to null (PyTorch's default set_to_none), or to zeros when `setToNone` is false. */
  zeroGrad(setToNone = true): void {
    if (setToNone || this.grad === null) this.grad = null;
    else this.grad.data.fill(0);
  }

  /** Keep `.grad` for this non-leaf tensor in the next backward (PyTorch's retain_grad). */
  retainGrad(): this {
    if (this.gradFn !== null) this.gradFn.retained = this;
    return this;
  }

  /** PyTorch-style repr, e.g. `tensor([[1.0000, 2.0000]], requiresGrad=true)`; large tensors are summarised. */
  toString(): string {
    return formatTensor(this);
  }

  /** console.log and the Node REPL print the PyTorch-style repr. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  /** Convert to another dtype (differentiable; returns this tensor when it already has that dtype). */
  to(dtype: DType): Tensor {
    return to(this, dtype);
  }

  // Broadcasting arithmetic; numbers are scalars of this tensor's dtype.
  /** this + other, with broadcasting (see `add`). */
  add(other: Operand): Tensor {
    return add(this, other);
  }
  /** this − other, with broadcasting. */
  sub(other: Operand): Tensor {
    return sub(this, other);
  }
  /** this · other, with broadcasting. */
  mul(other: Operand): Tensor {
    return mul(this, other);
  }
  /** this / other, with broadcasting. */
  div(other: Operand): Tensor {
    return div(this, other);
  }
  /** this ** exponent, with broadcasting; a number exponent is the cheaper unary op. */
  pow(exponent: Operand): Tensor {
    return pow(this, exponent);
  }
  /** The elementwise larger of this and other, with broadcasting. */
  maximum(other: Operand): Tensor {
    return maximum(this, other);
  }
  /** The elementwise smaller of this and other, with broadcasting. */
  minimum(other: Operand): Tensor {
    return minimum(this, other);
  }
  /** −this. */
  neg(): Tensor {
    return neg(this);
  }
  /** e^this, elementwise. */
  exp(): Tensor {
    return exp(this);
  }
  /** ln this, elementwise. */
  log(): Tensor {
    return log(this);
  }
  /** √this, elementwise. */
  sqrt(): Tensor {
    return sqrt(this);
  }
  /** |this|, elementwise (gradient 0 at 0). */
  abs(): Tensor {
    return abs(this);
  }
  /** this², elementwise. */
  square(): Tensor {
    return square(this);
  }
  /** Clamp into [min, max]; either bound may be omitted. The gradient passes at the bounds, as in PyTorch. */
  clamp(min?: number | null, max?: number | null): Tensor {
    return clamp(this, min, max);
  }
  /** `condition ? this : other`, elementwise with broadcasting. */
  where(condition: Tensor, other: Operand): Tensor {
    return where(condition, this, other);
  }

  // Comparisons: 1 where true, else 0; no gradient.
  /** 1 where this > other, else 0 (no gradient). */
  gt(other: Operand): Tensor {
    return gt(this, other);
  }
  /** 1 where this ≥ other, else 0 (no gradient). */
  ge(other: Operand): Tensor {
    return ge(this, other);
  }
  /** 1 where this < other, else 0 (no gradient). */
  lt(other: Operand): Tensor {
    return lt(this, other);
  }
  /** 1 where this ≤ other, else 0 (no gradient). */
  le(other: Operand): Tensor {
    return le(this, other);
  }
  /** 1 where this = other, else 0 (no gradient). */
  eq(other: Operand): Tensor {
    return eq(this, other);
  }

  /** Matrix product with PyTorch's matmul rules (vectors promoted, batch dimensions broadcast). */
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  // Reductions: axis is a number, an array of numbers, or omitted for all axes.
  /** Sum over `axis` (one, several, or all when omitted). */
  sum(axis?: Axes, keepDim = false): Tensor {
    return sum(this, axis, keepDim);
  }
  /** Mean over `axis` (one, several, or all when omitted). */
  mean(axis?: Axes, keepDim = false): Tensor {
    return mean(this, axis, keepDim);
  }
  /** Maximum over `axis`; the gradient goes to the first maximal element. */
  max(axis?: Axes, keepDim = false): Tensor {
    return max(this, axis, keepDim);
  }
  /** Minimum over `axis`; the gradient goes to the first minimal element. */
  min(axis?: Axes, keepDim = false): Tensor {
    return min(this, axis, keepDim);
  }
  /** Index of the first maximum along `axis` (over all elements when omitted); no gradient. */
  argmax(axis?: number, keepDim = false): Tensor {
    return argmax(this, axis, keepDim);
  }
  /** Index of the first minimum along `axis` (over all elements when omitted); no gradient. */
  argmin(axis?: number, keepDim = false): Tensor {
    return argmin(this, axis, keepDim);
  }
  /** `{ values, indices }` of the maximum along one axis (PyTorch's `x.max(dim)`); ties go to the first index. */
  maxWithIndices(axis: number, keepDim = false): ValuesAndIndices {
    return maxWithIndices(this, axis, keepDim);
  }
  /** `{ values, indices }` of the minimum along one axis (PyTorch's `x.min(dim)`); ties go to the first index. */
  minWithIndices(axis: number, keepDim = false): ValuesAndIndices {
    return minWithIndices(this, axis, keepDim);
  }
  /** log Σ e^x along `axis`, stable. */
  logsumexp(axis = -1, keepDim = false): Tensor {
    return logsumexp(this, axis, keepDim);
  }
  /** Softmax along `axis` (default the last). */
  softmax(axis = -1): Tensor {
    return softmax(this, axis);
  }
  /** Log-softmax along `axis` (default the last). */
  logSoftmax(axis = -1): Tensor {
    return logSoftmax(this, axis);
  }

  // Shape ops.
  /** A view with a new shape (one dimension may be -1). */
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }
  /** A view with dimensions startDim..endDim merged. */
  flatten(startDim = 0, endDim = -1): Tensor {
    return flatten(this, startDim, endDim);
  }
  /** A view with a size-1 dimension inserted at `axis`. */
  unsqueeze(axis: number): Tensor {
    return unsqueeze(this, axis);
  }
  /** A view without size-1 dimensions (all, or only `axis`). */
  squeeze(axis?: number): Tensor {
    return squeeze(this, axis);
  }
  /** Broadcast to `shape` (materialised; -1 keeps a dimension). */
  expand(shape: readonly number[]): Tensor {
    return expand(this, shape);
  }
  /** Swap two axes (default the last two). */
  transpose(axis0 = -2, axis1 = -1): Tensor {
    return transpose(this, axis0, axis1);
  }
  /** Reorder the axes: result axis i is this axis perm[i]. */
  permute(perm: readonly number[]): Tensor {
    return permute(this, perm);
  }
  /** Elements start, start+step, … before end along `axis` (Python slice rules). */
  slice(axis: number, start = 0, end?: number, step = 1): Tensor {
    return slice(this, axis, start, end, step);
  }
  /** Entries `indices` along `axis` (torch.index_select). */
  indexSelect(axis: number, indices: IndexLike): Tensor {
    return indexSelect(this, axis, indices);
  }
  /** torch.gather along `axis` with an index of this rank. */
  gather(axis: number, index: IndexLike): Tensor {
    return gather(this, axis, index);
  }

  /** Apply an activation of the kernels' table by name (aliases such as 'silu' accepted). */
  activation<N extends ActivationName>(name: N | ActivationAlias, params?: Partial<ActivationParams<N>>): Tensor {
    return activation(this, name, params);
  }

  // One method per activation of the table and per alias. `implements ActivationMethods` makes the compiler reject
  // this class until every entry and alias has its method; each delegates to the one generic activation op. (A
  // method installed from the table at run time would be prototype patching; one typed line each is the price.)
  sigmoid(params?: Partial<ActivationParams<'sigmoid'>>): Tensor {
    return activation(this, 'sigmoid', params);
  }
  tanh(params?: Partial<ActivationParams<'tanh'>>): Tensor {
    return activation(this, 'tanh', params);
  }
  relu(params?: Partial<ActivationParams<'relu'>>): Tensor {
    return activation(this, 'relu', params);
  }
  leakyRelu(params?: Partial<ActivationParams<'leakyRelu'>>): Tensor {
    return activation(this, 'leakyRelu', params);
  }
  softplus(params?: Partial<ActivationParams<'softplus'>>): Tensor {
    return activation(this, 'softplus', params);
  }
  swish(params?: Partial<ActivationParams<'swish'>>): Tensor {
    return activation(this, 'swish', params);
  }
  /** Alias of swish (PyTorch's SiLU). */
  silu(params?: Partial<ActivationParams<'swish'>>): Tensor {
    return activation(this, 'swish', params);
  }
  elu(params?: Partial<ActivationParams<'elu'>>): Tensor {
    return activation(this, 'elu', params);
  }
  selu(params?: Partial<ActivationParams<'selu'>>): Tensor {
    return activation(this, 'selu', params);
  }
  gelu(params?: Partial<ActivationParams<'gelu'>>): Tensor {
    return activation(this, 'gelu', params);
  }
  mish(params?: Partial<ActivationParams<'mish'>>): Tensor {
    return activation(this, 'mish', params);
  }
  hardswish(params?: Partial<ActivationParams<'hardswish'>>): Tensor {
    return activation(this, 'hardswish', params);
  }
  hardsigmoid(params?: Partial<ActivationParams<'hardsigmoid'>>): Tensor {
    return activation(this, 'hardsigmoid', params);
  }
  relu6(params?: Partial<ActivationParams<'relu6'>>): Tensor {
    return activation(this, 'relu6', params);
  }
  softsign(params?: Partial<ActivationParams<'softsign'>>): Tensor {
    return activation(this, 'softsign', params);
  }
  logSigmoid(params?: Partial<ActivationParams<'logSigmoid'>>): Tensor {
    return activation(this, 'logSigmoid', params);
  }
  identity(params?: Partial<ActivationParams<'identity'>>): Tensor {
    return activation(this, 'identity', params);
  }
}
