import { type OpDefinition, recordOp, Tensor, takeGradientBuffer } from '@actlab/autograd';
import type { FloatArray } from '@actlab/kernels';
import {
  bceBackward,
  bceForward,
  bceWithLogitsBackward,
  bceWithLogitsForward,
  crossEntropyBackward,
  crossEntropyForward,
  mseBackward,
  mseForward,
  nllBackward,
  nllForward,
} from './loss-kernels';

/**
 * Losses, PyTorch's functional forms with `reduction: 'mean' | 'sum' | 'none'` (default 'mean'). Each is one tape
 * node with PyTorch's formulas for value and gradient (ATen), stable at extreme inputs. Targets are constants: no
 * gradient flows into them (mseLoss excepted, which also differentiates its target when it requires a gradient).
 */

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  /** 'mean' (default) averages over elements (or rows for class-index losses), 'sum' adds, 'none' keeps them. */
  reduction?: Reduction;
}

/** Class indices: an Int32Array, a list of integers, or a Tensor holding integers. */
export type ClassTargets = Int32Array | readonly number[] | Tensor;

function reductionOf(op: string, options: LossOptions | undefined): Reduction {
  const r = options?.reduction ?? 'mean';
  if (r !== 'mean' && r !== 'sum' && r !== 'none') {
    throw new Error(`${op}: reduction '${String(r)}' is not one of 'mean', 'sum', 'none'`);
  }
  return r;
}

function expectTensor(op: string, x: unknown, what: string): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${op}: ${what} must be a Tensor, got ${String(x)}`);
  return x;
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  const a = input.shape;
  const b = target.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new Error(
      `${op}: input of shape [${a.join(', ')}] and target of shape [${b.join(', ')}] differ; give the target the ` +
        "input's shape (e.g. target.reshape(input.shape)) — broadcasting here usually hides a bug",
    );
  }
}

function newArray(like: Tensor, n: number): FloatArray {
  return like.dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Sum with Kahan compensation (accurate 'mean'/'sum' of many elements). */
function total(values: FloatArray): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** Reduce per-element (or per-row) losses to the op's output. */
function reduce(
  like: Tensor,
  perItem: FloatArray,
  shape: readonly number[],
  reduction: Reduction,
): [FloatArray, number[]] {
  if (reduction === 'none') return [perItem, [...shape]];
  const out = newArray(like, 1);
  const s = total(perItem);
  out[0] = reduction === 'sum' ? s : s / perItem.length;
  return [out, []];
}

/** Upstream gradient per item for 'none'; for a scalar output, null and the scale (g or g/n). */
function upstream(g: FloatArray, reduction: Reduction, n: number): [FloatArray | null, number] {
  if (reduction === 'none') return [g, 1];
  return [null, reduction === 'mean' ? g[0]! / n : g[0]!];
}

interface ElementwiseSaved {
  target: FloatArray;
  reduction: Reduction;
}

function elementwiseOp(
  name: string,
  backward: (x: FloatArray, y: FloatArray, gOut: FloatArray | null, scale: number, out: FloatArray) => void,
  targetGrad: boolean,
): OpDefinition<ElementwiseSaved> {
  return {
    name,
    vjp: (g, { target, reduction }, { inputs }) => {
      const x = inputs[0]!;
      const [gOut, scale] = upstream(g, reduction, x.size);
      // Overwritten in full and each returned for one input: the engine's recycled buffers (`takeGradientBuffer`).
      const gx = takeGradientBuffer(x.dtype, x.size);
      backward(x.data, target, gOut, scale, gx);
      if (!targetGrad || inputs.length < 2 || !inputs[1]!.requiresGrad) return [x.requiresGrad ? gx : null];
      const gt = takeGradientBuffer(inputs[1]!.dtype, gx.length);
      for (let i = 0; i < gx.length; i++) gt[i] = -gx[i]!;
      return [x.requiresGrad ? gx : null, gt];
    },
  };
}

const mseOp = elementwiseOp('mseLoss', mseBackward, true);
const bceWithLogitsOp = elementwiseOp('bceWithLogitsLoss', bceWithLogitsBackward, false);
const bceOp = elementwiseOp('bceLoss', bceBackward, false);

function elementwiseLoss(
  op: string,
  definition: OpDefinition<ElementwiseSaved>,
  forward: (x: FloatArray, y: FloatArray, out: FloatArray) => void,
  input: Tensor,
  target: Tensor,
  options: LossOptions | undefined,
  differentiableTarget: boolean,
): Tensor {
  expectTensor(op, input, 'input');
  expectTensor(op, target, 'target');
  checkSameShape(op, input, target);
  const reduction = reductionOf(op, options);
  if (!differentiableTarget && target.requiresGrad) {
    throw new Error(`${op}: the target requires a gradient, which ${op} does not compute; pass target.detach()`);
  }
  const perElement = newArray(input, input.size);
  forward(input.data, target.data, perElement);
  const [data, shape] = reduce(input, perElement, input.shape, reduction);
  const inputs = differentiableTarget && target.requiresGrad ? [input, target] : [input];
  return recordOp(definition, data, shape, inputs, { target: target.data, reduction });
}

/**
 * Mean squared error: (input − target)².
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { mseLoss } from '@actlab/layers';
 *
 * console.log(mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5])).item().toFixed(4)); // 1.3333
 * console.log(String(mseLoss(tensor([1, 2, 3]), tensor([1, 2, 5]), { reduction: 'none' }))); // tensor([0., 0., 4.])
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, options?: LossOptions): Tensor {
  return elementwiseLoss('mseLoss', mseOp, mseForward, input, target, options, true);
}

/**
 * Binary cross-entropy on logits, −[y·log σ(x) + (1 − y)·log(1 − σ(x))], computed stably as (1 − y)·x − log σ(x):
 * finite for any finite logit (±100 included); gradient σ(x) − y. Targets are probabilities in [0, 1].
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { bceWithLogitsLoss } from '@actlab/layers';
 *
 * console.log(bceWithLogitsLoss(tensor([2, -1]), tensor([1, 0])).item().toFixed(4)); // 0.2201
 * ```
 */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, options?: LossOptions): Tensor {
  return elementwiseLoss('bceWithLogitsLoss', bceWithLogitsOp, bceWithLogitsForward, input, target, options, false);
}

/**
 * Binary cross-entropy on probabilities in [0, 1]. As PyTorch, each log term is clamped at −100 so p = 0 or 1 gives
 * a finite loss, and the gradient divides by max(p(1 − p), 1e-12). Prefer `bceWithLogitsLoss` on logits.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { bceLoss } from '@actlab/layers';
 *
 * console.log(bceLoss(tensor([0.9, 0.2]), tensor([1, 0])).item().toFixed(4)); // 0.1643
 * ```
 */
export function bceLoss(input: Tensor, target: Tensor, options?: LossOptions): Tensor {
  expectTensor('bceLoss', input, 'input');
  const p = input.data;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) {
      throw new Error(
        `bceLoss: input element ${i} is ${p[i]}, outside [0, 1]; pass probabilities (e.g. sigmoid outputs) or use ` +
          'bceWithLogitsLoss on logits',
      );
    }
  }
  return elementwiseLoss('bceLoss', bceOp, bceForward, input, target, options, false);
}

interface ClassSaved {
  rows: number;
  classes: number;
  target: Int32Array;
  reduction: Reduction;
  /** Row softmax for cross-entropy; null for nll. */
  softmax: FloatArray | null;
}

const crossEntropyOp: OpDefinition<ClassSaved> = {
  name: 'crossEntropyLoss',
  vjp: (g, { rows, classes, target, reduction, softmax }, { inputs }) => {
    const [gOut, scale] = upstream(g, reduction, rows);
    const gx = newArray(inputs[0]!, rows * classes);
    crossEntropyBackward(softmax!, rows, classes, target, gOut, scale, gx);
    return [gx];
  },
};

const nllOp: OpDefinition<ClassSaved> = {
  name: 'nllLoss',
  vjp: (g, { rows, classes, target, reduction }, { inputs }) => {
    const [gOut, scale] = upstream(g, reduction, rows);
    const gx = newArray(inputs[0]!, rows * classes);
    nllBackward(rows, classes, target, gOut, scale, gx);
    return [gx];
  },
};

/** Rows, classes and validated integer targets for an input of shape [N, C] (or [C] with one target). */
function classProblem(
  op: string,
  input: Tensor,
  target: ClassTargets,
): { rows: number; classes: number; t: Int32Array } {
  expectTensor(op, input, 'input');
  const shape = input.shape;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new Error(
      `${op}: input of shape [${shape.join(', ')}] must be [batch, classes] (or [classes] for one sample); ` +
        'flatten extra dimensions first',
    );
  }
  const rows = shape.length === 2 ? shape[0]! : 1;
  const classes = shape[shape.length - 1]!;
  const values: ArrayLike<number> = target instanceof Tensor ? target.data : target;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(`${op}: target must be class indices (Int32Array, number[] or Tensor), got ${String(target)}`);
  }
  if (values.length !== rows) {
    throw new Error(
      `${op}: ${values.length} targets for an input of shape [${shape.join(', ')}] (${rows} rows); pass one class ` +
        'index per row',
    );
  }
  const t = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const c = values[r]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`${op}: target ${r} is ${c}, not a class index in [0, ${classes - 1}]`);
    }
    t[r] = c;
  }
  return { rows, classes, t };
}

/**
 * Cross-entropy from logits and class indices: logsumexp(x_r) − x_r[t_r] per row (stable at any logit scale),
 * PyTorch's `cross_entropy` with integer targets. Input [batch, classes]; 'none' gives one loss per row.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { crossEntropyLoss } from '@actlab/layers';
 *
 * const logits = tensor([[2, 0, -1], [0, 1, 0]]); // 2 rows, 3 classes
 * console.log(crossEntropyLoss(logits, [0, 1]).item().toFixed(4)); // 0.3606
 * ```
 */
export function crossEntropyLoss(input: Tensor, target: ClassTargets, options?: LossOptions): Tensor {
  const reduction = reductionOf('crossEntropyLoss', options);
  const { rows, classes, t } = classProblem('crossEntropyLoss', input, target);
  const perRow = newArray(input, rows);
  const softmax = newArray(input, rows * classes);
  crossEntropyForward(input.data, rows, classes, t, perRow, softmax);
  const [data, shape] = reduce(input, perRow, input.shape.length === 2 ? [rows] : [], reduction);
  return recordOp(crossEntropyOp, data, shape, [input], { rows, classes, target: t, reduction, softmax });
}

/**
 * Negative log-likelihood of class indices given log-probabilities (e.g. `logSoftmax` output): −x_r[t_r].
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { nllLoss } from '@actlab/layers';
 *
 * const logits = tensor([[2, 0, -1], [0, 1, 0]]);
 * // The same as crossEntropyLoss(logits, [0, 1]):
 * console.log(nllLoss(logits.logSoftmax(1), [0, 1]).item().toFixed(4)); // 0.3606
 * ```
 */
export function nllLoss(input: Tensor, target: ClassTargets, options?: LossOptions): Tensor {
  const reduction = reductionOf('nllLoss', options);
  const { rows, classes, t } = classProblem('nllLoss', input, target);
  const perRow = newArray(input, rows);
  nllForward(input.data, rows, classes, t, perRow);
  const [data, shape] = reduce(input, perRow, input.shape.length === 2 ? [rows] : [], reduction);
  return recordOp(nllOp, data, shape, [input], { rows, classes, target: t, reduction, softmax: null });
}
