import {
  type ActivationAlias,
  type ActivationName,
  arrayFor,
  checkOptions,
  type DType,
  describeValue,
  type FloatArray,
  shapesEqual,
} from '@actlab/kernels';
import { formatShape } from './format-shape';
import { formatTensor } from './format-tensor';
import { Node, backward as runBackward } from './graph';
import { type ActivationMethods, type ActivationOptions, activation } from './ops/activation';
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

const BACKWARD_OPTIONS = ['retainGraph'] as const;

/** Nested arrays of numbers, as `toArray()` returns them (a number for a 0-d tensor). */
export type NestedArray = number | NestedArray[];

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /** Keep the graph's saved values so that backward can run through it again (PyTorch's retain_graph). */
  retainGraph?: boolean | undefined;
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
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 *
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const y = x.mul(x).sum(); // Σ x², recorded
 * y.backward();
 * console.log(String(y)); // tensor(14., gradFn=<sumBackward>)
 * console.log(String(x.grad)); // tensor([2., 4., 6.])
 * console.log(x.shape.join('×'), x.dtype, x.size); // 3 float32 3
 * ```
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
    // Every op result comes through here, so the checks are a few instanceof/typeof tests, no array methods and no
    // closures; messages are built only on failure.
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new Error(
        `Tensor: data must be a Float32Array or a Float64Array, got ${describeValue(data)}; use tensor(values) ` +
          'to copy numbers or nested arrays',
      );
    }
    if (!Array.isArray(shape)) {
      throw new Error(`Tensor: shape must be an array of non-negative integers, got ${describeValue(shape)}`);
    }
    if (typeof requiresGrad !== 'boolean') {
      throw new Error(`Tensor: requiresGrad must be true or false, got ${describeValue(requiresGrad)}`);
    }
    if (gradFn !== null && !(gradFn instanceof Node)) {
      throw new Error(`Tensor: gradFn must be a Node or null, got ${describeValue(gradFn)}`);
    }
    // One pass computes the size and checks the dimensions: a negative pair such as [-1, -2] would otherwise pass
    // the size check.
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
    checkOptions('backward', options, BACKWARD_OPTIONS);
    const retainGraph = options?.retainGraph === undefined ? false : options.retainGraph;
    if (typeof retainGraph !== 'boolean') {
      throw new Error(`backward: retainGraph must be true or false, got ${describeValue(retainGraph)}`);
    }
    if (grad !== undefined && typeof grad !== 'number' && !(grad instanceof Tensor)) {
      throw new Error(
        `backward: grad must be a Tensor of the output's shape, a number (for a one-element output) or omitted, ` +
          `got ${describeValue(grad)}`,
      );
    }
    if (typeof grad === 'number' && !Number.isFinite(grad)) {
      throw new Error(`backward: grad must be a finite number, got ${describeValue(grad)}`);
    }
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
    runBackward(this, seed, retainGraph);
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
    if (typeof setToNone !== 'boolean') {
      throw new Error(`zeroGrad: setToNone must be true or false, got ${describeValue(setToNone)}`);
    }
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
  /** Swap two axes (default the last two; a tensor of rank < 2 is returned as is). */
  transpose(axis0?: number, axis1?: number): Tensor {
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
  activation<N extends ActivationName>(name: N | ActivationAlias, params?: ActivationOptions<N>): Tensor {
    return activation(this, name, params);
  }

  // One method per activation of the table and per alias, generated with its TSDoc from the entry (run
  // `pnpm exec tsx scripts/write-activation-docs.ts` after changing the table). `implements ActivationMethods` makes
  // the compiler reject this class until every entry and alias has its method; each delegates to the one generic
  // activation op. (A method installed from the table at run time would be prototype patching.)
  // BEGIN GENERATED activation methods (scripts/write-activation-docs.ts, from the activation table)
  /**
   * The `sigmoid` activation of this tensor, elementwise: σ(x) = 1 / (1 + e^(−x)).
   *
   * - Stable form: by sign, e = e^(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0 (branch-free select).
   * - Derivative: σ(x)·(1 − σ(x)), from the output y: y·(1 − y).
   * - Parameters: none.
   * - PyTorch: `torch.sigmoid`, `torch.nn.Sigmoid`.
   * - Also: `x.sigmoid()` on a Tensor, `sigmoid(x)` from `@actlab/autograd`, `new Sigmoid()` from `@actlab/layers`;
   *   every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).sigmoid())); // tensor([0.1192, 0.5000, 0.8808])
   * ```
   */
  sigmoid(params?: ActivationOptions<'sigmoid'>): Tensor {
    return activation(this, 'sigmoid', params);
  }
  /**
   * The `tanh` activation of this tensor, elementwise: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)).
   *
   * - Stable form: sign(x)·(−e)/(2 + e) with e = expm1(−2|x|) in (−1, 0]: no overflow, no cancellation near 0.
   * - Derivative: 1 − tanh²(x), from the output y: 1 − y².
   * - Parameters: none.
   * - PyTorch: `torch.tanh`, `torch.nn.Tanh`.
   * - Also: `x.tanh()` on a Tensor, `tanh(x)` from `@actlab/autograd`, `new Tanh()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).tanh())); // tensor([-0.9640,  0.0000,  0.9640])
   * ```
   */
  tanh(params?: ActivationOptions<'tanh'>): Tensor {
    return activation(this, 'tanh', params);
  }
  /**
   * The `relu` activation of this tensor, elementwise: max(x, 0).
   *
   * - Stable form: x·[x > 0] (exact; −∞ gives 0).
   * - Derivative: 1 if x > 0, else 0 (relu′(0) = 0), from the output: [y > 0].
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.relu`, `torch.nn.ReLU`.
   * - Also: `x.relu()` on a Tensor, `relu(x)` from `@actlab/autograd`, `new ReLU()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).relu())); // tensor([0., 0., 2.])
   * ```
   */
  relu(params?: ActivationOptions<'relu'>): Tensor {
    return activation(this, 'relu', params);
  }
  /**
   * The `leakyRelu` activation of this tensor, elementwise: x if x > 0, else negativeSlope·x.
   *
   * - Stable form: x·(s + (1 − s)·[x > 0]), s = negativeSlope (exact, branch-free).
   * - Derivative: 1 if x > 0, else negativeSlope (at x = 0: negativeSlope).
   * - Parameters: `negativeSlope` = 0.01: slope for x ≤ 0 (any finite number, as PyTorch allows).
   * - PyTorch: `torch.nn.functional.leaky_relu`, `torch.nn.LeakyReLU`.
   * - Also: `x.leakyRelu()` on a Tensor, `leakyRelu(x)` from `@actlab/autograd`, `new LeakyReLU()` from
   *   `@actlab/layers`; every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).leakyRelu())); // tensor([-0.0200,  0.0000,  2.0000])
   * ```
   */
  leakyRelu(params?: ActivationOptions<'leakyRelu'>): Tensor {
    return activation(this, 'leakyRelu', params);
  }
  /**
   * The `softplus` activation of this tensor, elementwise: log(1 + e^(β·x)) / β; x where β·x > threshold.
   *
   * - Stable form: (max(β·x, 0) + log1p(e^(−|β·x|))) / β.
   * - Derivative: σ(β·x) = 1/(1 + e^(−β·x)); exactly 1 where β·x > threshold.
   * - Parameters: `beta` = 1 (0 < beta): sharpness β > 0; larger is closer to ReLU; `threshold` = 20: above β·x >
   *   threshold the function is x itself (PyTorch: 20).
   * - PyTorch: `torch.nn.functional.softplus`, `torch.nn.Softplus`.
   * - Also: `x.softplus()` on a Tensor, `softplus(x)` from `@actlab/autograd`, `new Softplus()` from `@actlab/layers`;
   *   every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).softplus())); // tensor([0.1269, 0.6931, 2.1269])
   * ```
   */
  softplus(params?: ActivationOptions<'softplus'>): Tensor {
    return activation(this, 'softplus', params);
  }
  /**
   * The `swish` activation of this tensor, elementwise: x·σ(β·x) = x / (1 + e^(−β·x)).
   *
   * - Stable form: x / (1 + e^(−β·x)): e^(−β·x) = ∞ gives x/∞ = 0.
   * - Derivative: s·(1 + β·x·(1 − s)) with s = σ(β·x).
   * - Parameters: `beta` = 1: σ(β·x) gate sharpness; 1 is SiLU (any finite number).
   * - PyTorch: `torch.nn.functional.silu`, `torch.nn.SiLU`.
   * - Also: `x.swish()` on a Tensor, `swish(x)` from `@actlab/autograd`, `new Swish()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).swish())); // tensor([-0.2384,  0.0000,  1.7616])
   * ```
   */
  swish(params?: ActivationOptions<'swish'>): Tensor {
    return activation(this, 'swish', params);
  }
  /**
   * The `swish` activation of this tensor, elementwise (alias of `swish`): x·σ(β·x) = x / (1 + e^(−β·x)).
   *
   * - Stable form: x / (1 + e^(−β·x)): e^(−β·x) = ∞ gives x/∞ = 0.
   * - Derivative: s·(1 + β·x·(1 − s)) with s = σ(β·x).
   * - Parameters: `beta` = 1: σ(β·x) gate sharpness; 1 is SiLU (any finite number).
   * - PyTorch: `torch.nn.functional.silu`, `torch.nn.SiLU`.
   * - Also: `x.silu()` on a Tensor, `silu(x)` from `@actlab/autograd`, `new SiLU()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).silu())); // tensor([-0.2384,  0.0000,  1.7616])
   * ```
   */
  silu(params?: ActivationOptions<'swish'>): Tensor {
    return activation(this, 'swish', params);
  }
  /**
   * The `elu` activation of this tensor, elementwise: x if x > 0, else α·(e^x − 1).
   *
   * - Stable form: α·expm1(x) for x ≤ 0 (no cancellation near 0).
   * - Derivative: 1 if x > 0, else α·e^x (at x = 0: α).
   * - Parameters: `alpha` = 1: saturation value −α for x → −∞ (any finite number, as PyTorch allows).
   * - PyTorch: `torch.nn.functional.elu`, `torch.nn.ELU`.
   * - Also: `x.elu()` on a Tensor, `elu(x)` from `@actlab/autograd`, `new ELU()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).elu())); // tensor([-0.8647,  0.0000,  2.0000])
   * ```
   */
  elu(params?: ActivationOptions<'elu'>): Tensor {
    return activation(this, 'elu', params);
  }
  /**
   * The `selu` activation of this tensor, elementwise: λ·x if x > 0, else λ·α·(e^x − 1); λ = 1.0507009873554805, α =
   * 1.6732632423543772.
   *
   * - Stable form: λ·α·expm1(x) for x ≤ 0.
   * - Derivative: λ if x > 0, else λ·α·e^x (at x = 0: λ·α).
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.selu`, `torch.nn.SELU`.
   * - Also: `x.selu()` on a Tensor, `selu(x)` from `@actlab/autograd`, `new SELU()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).selu())); // tensor([-1.5202,  0.0000,  2.1014])
   * ```
   */
  selu(params?: ActivationOptions<'selu'>): Tensor {
    return activation(this, 'selu', params);
  }
  /**
   * The `gelu` activation of this tensor, elementwise: x·Φ(x) = x·(1 + erf(x/√2))/2; 'tanh': x·(1 + tanh(√(2/π)·(x +
   * 0.044715·x³)))/2.
   *
   * - Stable form: x·erfc(−x/√2)/2; 'tanh': x·σ(2u), u = √(2/π)·(x + 0.044715·x³).
   * - Derivative: Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π); 'tanh': s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s =
   *   σ(2u).
   * - Parameters: `approximate` = 'none' (one of 'none', 'tanh'): 'none': x·Φ(x) with the exact normal CDF; 'tanh':
   *   the tanh approximation.
   * - PyTorch: `torch.nn.functional.gelu`, `torch.nn.GELU`.
   * - Also: `x.gelu()` on a Tensor, `gelu(x)` from `@actlab/autograd`, `new GELU()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).gelu())); // tensor([-0.0455,  0.0000,  1.9545])
   * ```
   */
  gelu(params?: ActivationOptions<'gelu'>): Tensor {
    return activation(this, 'gelu', params);
  }
  /**
   * The `mish` activation of this tensor, elementwise: x·tanh(softplus(x)) = x·tanh(log(1 + e^x)).
   *
   * - Stable form: x·T, e = e^(−|x|): T = (1 + 2e)/(1 + 2e + 2e²) for x > 0, T = n/(n + 2), n = e(e + 2), for x ≤ 0.
   * - Derivative: T + x·σ(x)·(1 − T²), T = tanh(softplus(x)).
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.mish`, `torch.nn.Mish`.
   * - Also: `x.mish()` on a Tensor, `mish(x)` from `@actlab/autograd`, `new Mish()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).mish())); // tensor([-0.2525,  0.0000,  1.9440])
   * ```
   */
  mish(params?: ActivationOptions<'mish'>): Tensor {
    return activation(this, 'mish', params);
  }
  /**
   * The `hardswish` activation of this tensor, elementwise: x·min(max(x + 3, 0), 6)/6.
   *
   * - Stable form: as written (no transcendental).
   * - Derivative: 0 if x < −3; x/3 + 1/2 if −3 ≤ x < 3 (−0.5 at −3); 1 if x ≥ 3 (1 at 3).
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.hardswish`, `torch.nn.Hardswish`.
   * - Also: `x.hardswish()` on a Tensor, `hardswish(x)` from `@actlab/autograd`, `new Hardswish()` from
   *   `@actlab/layers`; every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).hardswish())); // tensor([-0.3333,  0.0000,  1.6667])
   * ```
   */
  hardswish(params?: ActivationOptions<'hardswish'>): Tensor {
    return activation(this, 'hardswish', params);
  }
  /**
   * The `hardsigmoid` activation of this tensor, elementwise: min(max(x + 3, 0), 6)/6.
   *
   * - Stable form: as written (no transcendental).
   * - Derivative: 1/6 if −3 < x < 3, else 0 (0 at ±3); 1/6 is float32’s, as in PyTorch.
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.hardsigmoid`, `torch.nn.Hardsigmoid`.
   * - Also: `x.hardsigmoid()` on a Tensor, `hardsigmoid(x)` from `@actlab/autograd`, `new Hardsigmoid()` from
   *   `@actlab/layers`; every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).hardsigmoid())); // tensor([0.1667, 0.5000, 0.8333])
   * ```
   */
  hardsigmoid(params?: ActivationOptions<'hardsigmoid'>): Tensor {
    return activation(this, 'hardsigmoid', params);
  }
  /**
   * The `relu6` activation of this tensor, elementwise: min(max(x, 0), 6).
   *
   * - Stable form: as written.
   * - Derivative: 1 if 0 < x < 6, else 0 (0 at 0 and at 6), from the output: [0 < y < 6].
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.relu6`, `torch.nn.ReLU6`.
   * - Also: `x.relu6()` on a Tensor, `relu6(x)` from `@actlab/autograd`, `new ReLU6()` from `@actlab/layers`; every
   *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).relu6())); // tensor([0., 0., 2.])
   * ```
   */
  relu6(params?: ActivationOptions<'relu6'>): Tensor {
    return activation(this, 'relu6', params);
  }
  /**
   * The `softsign` activation of this tensor, elementwise: x / (1 + |x|).
   *
   * - Stable form: as written (1 + |x| ≥ 1).
   * - Derivative: 1 / (1 + |x|)².
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.softsign`, `torch.nn.Softsign`.
   * - Also: `x.softsign()` on a Tensor, `softsign(x)` from `@actlab/autograd`, `new Softsign()` from `@actlab/layers`;
   *   every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).softsign())); // tensor([-0.6667,  0.0000,  0.6667])
   * ```
   */
  softsign(params?: ActivationOptions<'softsign'>): Tensor {
    return activation(this, 'softsign', params);
  }
  /**
   * The `logSigmoid` activation of this tensor, elementwise: log σ(x) = −log(1 + e^(−x)).
   *
   * - Stable form: −softplus(−x) = min(x, 0) − log1p(e^(−|x|)).
   * - Derivative: σ(−x) = 1 / (1 + e^x).
   * - Parameters: none.
   * - PyTorch: `torch.nn.functional.logsigmoid`, `torch.nn.LogSigmoid`.
   * - Also: `x.logSigmoid()` on a Tensor, `logSigmoid(x)` from `@actlab/autograd`, `new LogSigmoid()` from
   *   `@actlab/layers`; every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).logSigmoid())); // tensor([-2.1269, -0.6931, -0.1269])
   * ```
   */
  logSigmoid(params?: ActivationOptions<'logSigmoid'>): Tensor {
    return activation(this, 'logSigmoid', params);
  }
  /**
   * The `identity` activation of this tensor, elementwise: x.
   *
   * - Stable form: x.
   * - Derivative: 1.
   * - Parameters: none.
   * - PyTorch: `torch.clone`, `torch.nn.Identity`.
   * - Also: `x.identity()` on a Tensor, `identity(x)` from `@actlab/autograd`, `new Identity()` from `@actlab/layers`;
   *   every activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   *
   * console.log(String(tensor([-2, 0, 2]).identity())); // tensor([-2.,  0.,  2.])
   * ```
   */
  identity(params?: ActivationOptions<'identity'>): Tensor {
    return activation(this, 'identity', params);
  }
  // END GENERATED activation methods
}
