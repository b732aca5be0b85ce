import { type OpDefinition, recordOp, Tensor, takeGradientBuffer } from '@actlab/autograd';
import {
  broadcastTo,
  checkChoice,
  checkInteger,
  checkNumber,
  checkOptions,
  describeValue,
  type FloatArray,
} from '@actlab/kernels';
import {
  bceBackward,
  bceForward,
  bceWeightedBackward,
  bceWeightedForward,
  bceWithLogitsWeightedBackward,
  bceWithLogitsWeightedForward,
  crossEntropyBackward,
  crossEntropyBackwardWeighted,
  crossEntropyForward,
  crossEntropyForwardWeighted,
  DEFAULT_IGNORE_INDEX,
  mseBackward,
  mseForward,
  nllBackward,
  nllBackwardWeighted,
  nllForward,
  nllForwardWeighted,
} from './loss-kernels';

/**
 * Losses, PyTorch's functional forms with `reduction: 'mean' | 'sum' | 'none'` (default 'mean') and PyTorch's
 * options (`weight`, `ignoreIndex`, `labelSmoothing`, `posWeight`). Each is one tape node with PyTorch's formulas
 * for value and gradient (ATen 1.13), stable at every logit scale. Targets, weights and posWeight are constants: no
 * gradient flows into them (mseLoss excepted, which also differentiates its target when it requires a gradient).
 * An unknown option is an Error listing the valid ones.
 */

export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  /** 'mean' (default) averages over elements (or rows for class-index losses), 'sum' adds, 'none' keeps them. */
  reduction?: Reduction | undefined;
}

/** Options of `nllLoss`. */
export interface NllLossOptions extends LossOptions {
  /**
   * A rescaling weight per class: a 1-D tensor of length C, the input's dtype. Each row's loss is multiplied by
   * the weight of its target, and 'mean' divides by the sum of those weights (not by the number of rows), as
   * PyTorch does.
   */
  weight?: Tensor | undefined;
  /**
   * A target value that contributes nothing: its row's loss and gradient are 0 and it is left out of the 'mean'
   * divisor (default −100, PyTorch's). If every target is ignored, 'mean' is 0/0 = NaN, as in PyTorch.
   */
  ignoreIndex?: number | undefined;
}

/** Options of `crossEntropyLoss`. */
export interface CrossEntropyOptions extends NllLossOptions {
  /**
   * ε in [0, 1] (default 0): the target distribution becomes (1 − ε)·onehot + ε/C, PyTorch's `label_smoothing`.
   * With `weight`, the smoothing term weighs class c by weight[c] and shares the 'mean' divisor Σ weight[target].
   */
  labelSmoothing?: number | undefined;
}

/** Options of `bceWithLogitsLoss`. */
export interface BceWithLogitsOptions extends LossOptions {
  /** A rescaling weight per element, broadcast to the input's shape (e.g. one per row: shape [N, 1]). */
  weight?: Tensor | undefined;
  /**
   * A weight for positive examples, broadcast to the input's shape — usually one per class (shape [C]) over an
   * input [N, C]: the loss becomes −[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))]. pw > 1 raises recall.
   */
  posWeight?: Tensor | undefined;
}

/** Options of `bceLoss`. */
export interface BceOptions extends LossOptions {
  /** A rescaling weight per element, broadcast to the input's shape. */
  weight?: Tensor | undefined;
}

/** Class indices: an Int32Array, a list of integers, or a Tensor holding integers. */
export type ClassTargets = Int32Array | readonly number[] | Tensor;

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Checks the options object (unknown keys refused) and returns its reduction. */
function reductionOf(op: string, options: LossOptions | undefined, validKeys: readonly string[]): Reduction {
  checkOptions(op, options, validKeys);
  const r = options?.reduction === undefined ? 'mean' : options.reduction;
  checkChoice(op, 'reduction', r, REDUCTIONS);
  return r;
}

/** A constant weight tensor of the input's dtype (not requiring a gradient), or null when absent. */
function constantOption(op: string, name: string, value: unknown, input: Tensor): Tensor | null {
  if (value === undefined) return null;
  if (!(value instanceof Tensor)) {
    throw new Error(`${op}: options.${name} must be a Tensor, got ${describeValue(value)}`);
  }
  if (value.dtype !== input.dtype) {
    throw new Error(
      `${op}: options.${name} is ${value.dtype} but the input is ${input.dtype}; pass ${name}.to('${input.dtype}')`,
    );
  }
  if (value.requiresGrad) {
    throw new Error(`${op}: options.${name} requires a gradient, which ${op} does not compute; pass ${name}.detach()`);
  }
  return value;
}

/** `w` broadcast to `shape` (a copy of the input's size), or an Error naming the op, option and both shapes. */
function broadcastOption(op: string, name: string, w: Tensor, shape: readonly number[]): FloatArray {
  const from = w.shape;
  const fits =
    from.length <= shape.length && from.every((d, i) => d === 1 || d === shape[shape.length - from.length + i]);
  if (!fits) {
    throw new Error(
      `${op}: options.${name} of shape [${from.join(', ')}] does not broadcast to the input's shape ` +
        `[${shape.join(', ')}]; give it the input's shape or a shape that broadcasts to it (e.g. [${shape.at(-1) ?? 1}])`,
    );
  }
  return broadcastTo(w.data, from, shape);
}

function expectTensor(op: string, x: unknown, what: string): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${op}: ${what} must be a Tensor, got ${String(x)}`);
  return x;
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (input.dtype !== target.dtype) {
    throw new Error(
      `${op}: input is ${input.dtype} but target is ${target.dtype}; convert one, e.g. target.to('${input.dtype}')`,
    );
  }
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

/** Sum with Kahan compensation (accurate 'mean'/'sum' of many elements); plain when a term is ±Inf or NaN. */
function total(values: FloatArray): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]! - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  if (Number.isFinite(sum)) return sum;
  // The compensation turns Inf − Inf into NaN; without it an infinite term gives ±Inf (or NaN for +Inf − Inf).
  let plain = 0;
  for (let i = 0; i < values.length; i++) plain += values[i]!;
  return plain;
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
  const reduction = reductionOf(op, options, ['reduction']);
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
 * Mean squared error: (input − target)², PyTorch's `mse_loss`.
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

interface WeightedSaved {
  target: FloatArray;
  reduction: Reduction;
  weight: FloatArray | null;
  posWeight: FloatArray | null;
}

const bceWithLogitsOp: OpDefinition<WeightedSaved> = {
  name: 'bceWithLogitsLoss',
  vjp: (g, { target, reduction, weight, posWeight }, { inputs }) => {
    const x = inputs[0]!;
    const [gOut, scale] = upstream(g, reduction, x.size);
    const gx = takeGradientBuffer(x.dtype, x.size);
    bceWithLogitsWeightedBackward(x.data, target, weight, posWeight, gOut, scale, gx);
    return [gx];
  },
};

const bceOp: OpDefinition<WeightedSaved> = {
  name: 'bceLoss',
  vjp: (g, { target, reduction, weight }, { inputs }) => {
    const x = inputs[0]!;
    const [gOut, scale] = upstream(g, reduction, x.size);
    const gx = takeGradientBuffer(x.dtype, x.size);
    if (weight === null) bceBackward(x.data, target, gOut, scale, gx);
    else bceWeightedBackward(x.data, target, weight, gOut, scale, gx);
    return [gx];
  },
};

/** Checks input and target of a binary loss; returns the reduction. */
function binaryProblem(op: string, input: Tensor, target: Tensor, options: LossOptions | undefined, keys: string[]) {
  expectTensor(op, input, 'input');
  expectTensor(op, target, 'target');
  checkSameShape(op, input, target);
  const reduction = reductionOf(op, options, keys);
  if (target.requiresGrad) {
    throw new Error(`${op}: the target requires a gradient, which ${op} does not compute; pass target.detach()`);
  }
  return reduction;
}

/**
 * Binary cross-entropy on logits, −w·[pw·y·log σ(x) + (1 − y)·log(1 − σ(x))], computed stably as
 * w·[(1 − y)·x + (1 + (pw − 1)·y)·softplus(−x)]: finite for any finite logit (±3.4e38 included); gradient
 * w·[(pw·y + 1 − y)·σ(x) − pw·y]. Targets are probabilities in [0, 1]. `weight` and `posWeight` broadcast to the
 * input's shape; 'mean' divides by the number of elements (weights do not change the divisor), as PyTorch.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { bceWithLogitsLoss } from '@actlab/layers';
 *
 * const logits = tensor([[2, -1, 0.5]]); // one sample, 3 labels
 * const targets = tensor([[1, 0, 1]]);
 * console.log(bceWithLogitsLoss(logits, targets).item().toFixed(4)); // 0.3048
 * // Positives of the third label are rare: weigh them 4x.
 * console.log(bceWithLogitsLoss(logits, targets, { posWeight: tensor([1, 1, 4]) }).item().toFixed(4)); // 0.7788
 * ```
 */
export function bceWithLogitsLoss(input: Tensor, target: Tensor, options?: BceWithLogitsOptions): Tensor {
  const op = 'bceWithLogitsLoss';
  const reduction = binaryProblem(op, input, target, options, ['reduction', 'weight', 'posWeight']);
  const w = constantOption(op, 'weight', options?.weight, input);
  const pw = constantOption(op, 'posWeight', options?.posWeight, input);
  const weight = w === null ? null : broadcastOption(op, 'weight', w, input.shape);
  const posWeight = pw === null ? null : broadcastOption(op, 'posWeight', pw, input.shape);
  const perElement = newArray(input, input.size);
  bceWithLogitsWeightedForward(input.data, target.data, weight, posWeight, perElement);
  const [data, shape] = reduce(input, perElement, input.shape, reduction);
  return recordOp(bceWithLogitsOp, data, shape, [input], { target: target.data, reduction, weight, posWeight });
}

/**
 * Binary cross-entropy on probabilities in [0, 1], times `weight` (broadcast to the input's shape) if given. As
 * PyTorch, each log term is clamped at −100 so p = 0 or 1 gives a finite loss, and the gradient divides by
 * max(p(1 − p), 1e-12). Prefer `bceWithLogitsLoss` on logits.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { bceLoss } from '@actlab/layers';
 *
 * console.log(bceLoss(tensor([0.9, 0.2]), tensor([1, 0])).item().toFixed(4)); // 0.1643
 * console.log(bceLoss(tensor([0.9, 0.2]), tensor([1, 0]), { weight: tensor([1, 2]) }).item().toFixed(4)); // 0.2758
 * ```
 */
export function bceLoss(input: Tensor, target: Tensor, options?: BceOptions): Tensor {
  const op = 'bceLoss';
  const reduction = binaryProblem(op, input, target, options, ['reduction', 'weight']);
  const p = input.data;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) {
      throw new Error(
        `bceLoss: input element ${i} is ${p[i]}, outside [0, 1]; pass probabilities (e.g. sigmoid outputs) or use ` +
          'bceWithLogitsLoss on logits',
      );
    }
  }
  const w = constantOption(op, 'weight', options?.weight, input);
  const weight = w === null ? null : broadcastOption(op, 'weight', w, input.shape);
  const perElement = newArray(input, input.size);
  if (weight === null) bceForward(p, target.data, perElement);
  else bceWeightedForward(p, target.data, weight, perElement);
  const [data, shape] = reduce(input, perElement, input.shape, reduction);
  return recordOp(bceOp, data, shape, [input], { target: target.data, reduction, weight, posWeight: null });
}

interface ClassSaved {
  rows: number;
  classes: number;
  target: Int32Array;
  reduction: Reduction;
  weight: FloatArray | null;
  ignoreIndex: number;
  labelSmoothing: number;
  /** The 'mean' divisor: Σ weight[target] over the rows not ignored. */
  totalWeight: number;
  /** Row softmax for cross-entropy; null for nll. */
  softmax: FloatArray | null;
}

/** No weight, no smoothing, the default ignoreIndex: the unweighted kernels (the backends' fused ones) apply. */
function isPlain(weight: FloatArray | null, ignoreIndex: number, labelSmoothing: number): boolean {
  return weight === null && ignoreIndex === DEFAULT_IGNORE_INDEX && labelSmoothing === 0;
}

/** Rows whose target is not `ignoreIndex`: the 'mean' divisor without weights. */
function keptRows(target: Int32Array, ignoreIndex: number): number {
  let n = 0;
  for (let r = 0; r < target.length; r++) if (target[r] !== ignoreIndex) n++;
  return n;
}

/** Upstream gradient of a class loss: per row for 'none', else g (sum) or g / Σw (mean). */
function classUpstream(g: FloatArray, reduction: Reduction, totalWeight: number): [FloatArray | null, number] {
  if (reduction === 'none') return [g, 1];
  return [null, reduction === 'mean' ? g[0]! / totalWeight : g[0]!];
}

const crossEntropyOp: OpDefinition<ClassSaved> = {
  name: 'crossEntropyLoss',
  vjp: (g, s, { inputs }) => {
    const [gOut, scale] = classUpstream(g, s.reduction, s.totalWeight);
    const gx = newArray(inputs[0]!, s.rows * s.classes);
    if (isPlain(s.weight, s.ignoreIndex, s.labelSmoothing)) {
      crossEntropyBackward(s.softmax!, s.rows, s.classes, s.target, gOut, scale, gx);
      return [gx];
    }
    crossEntropyBackwardWeighted(
      s.softmax!,
      s.rows,
      s.classes,
      s.target,
      s.weight,
      s.ignoreIndex,
      s.labelSmoothing,
      gOut,
      scale,
      gx,
    );
    return [gx];
  },
};

const nllOp: OpDefinition<ClassSaved> = {
  name: 'nllLoss',
  vjp: (g, s, { inputs }) => {
    const [gOut, scale] = classUpstream(g, s.reduction, s.totalWeight);
    const gx = newArray(inputs[0]!, s.rows * s.classes);
    if (isPlain(s.weight, s.ignoreIndex, 0)) nllBackward(s.rows, s.classes, s.target, gOut, scale, gx);
    else nllBackwardWeighted(s.rows, s.classes, s.target, s.weight, s.ignoreIndex, gOut, scale, gx);
    return [gx];
  },
};

interface ClassProblem {
  rows: number;
  classes: number;
  t: Int32Array;
  reduction: Reduction;
  weight: FloatArray | null;
  ignoreIndex: number;
}

/** Rows, classes, validated integer targets and options for an input of shape [N, C] (or [C] with one target). */
function classProblem(
  op: string,
  input: Tensor,
  target: ClassTargets,
  options: NllLossOptions | undefined,
  validKeys: readonly string[],
): ClassProblem {
  expectTensor(op, input, 'input');
  const reduction = reductionOf(op, options, validKeys);
  const shape = input.shape;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new Error(
      `${op}: input of shape [${shape.join(', ')}] must be [batch, classes] (or [classes] for one sample); ` +
        'flatten extra dimensions first',
    );
  }
  const rows = shape.length === 2 ? shape[0]! : 1;
  const classes = shape[shape.length - 1]!;
  const ignoreIndex = options?.ignoreIndex === undefined ? DEFAULT_IGNORE_INDEX : options.ignoreIndex;
  checkInteger(op, 'options.ignoreIndex', ignoreIndex, -(2 ** 31), 2 ** 31 - 1);
  const w = constantOption(op, 'weight', options?.weight, input);
  if (w !== null && (w.shape.length !== 1 || w.shape[0] !== classes)) {
    throw new Error(
      `${op}: options.weight of shape [${w.shape.join(', ')}] must hold one weight per class: shape [${classes}]`,
    );
  }
  const values: ArrayLike<number> = target instanceof Tensor ? target.data : target;
  if (values === null || typeof values !== 'object' || typeof values.length !== 'number') {
    throw new Error(
      `${op}: target must be class indices (Int32Array, number[] or Tensor), got ${describeValue(target)}`,
    );
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
    if (c !== ignoreIndex && !(Number.isInteger(c) && c >= 0 && c < classes)) {
      throw new Error(
        `${op}: target ${r} is ${c}, not a class index in [0, ${classes - 1}]` +
          (Number.isInteger(c) && c < 0 ? ` (nor ignoreIndex, ${ignoreIndex})` : ''),
      );
    }
    t[r] = c;
  }
  return { rows, classes, t, reduction, weight: w === null ? null : w.data, ignoreIndex };
}

/** 'none' keeps the rows; 'sum' adds them; 'mean' divides their sum by Σ w[target] (NaN if nothing counts). */
function reduceRows(
  input: Tensor,
  perRow: FloatArray,
  reduction: Reduction,
  totalWeight: number,
): [FloatArray, number[]] {
  if (reduction === 'none') return [perRow, input.shape.length === 2 ? [perRow.length] : []];
  const out = newArray(input, 1);
  const s = total(perRow);
  out[0] = reduction === 'sum' ? s : s / totalWeight;
  return [out, []];
}

/**
 * Cross-entropy from logits and class indices, PyTorch's `cross_entropy` with integer targets: per row
 * ℓ = −w[t]·log softmax(x)[t], with `weight`, `ignoreIndex` and `labelSmoothing` as PyTorch defines them (see the
 * options). Stable at any logit scale: log-probabilities are formed from max-shifted terms, so
 * `[[1e16, 1e16]]` (float64) gives ln 2 and three float32 logits of 3.4e38 give ln 3. Input [batch, classes] (or
 * [classes] for one sample); 'none' gives one loss per row; 'mean' divides by Σ weight[target] over the rows not
 * ignored (the row count without weights).
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { crossEntropyLoss } from '@actlab/layers';
 *
 * const logits = tensor([[2, 0, -1], [0, 1, 0]]); // 2 rows, 3 classes
 * console.log(crossEntropyLoss(logits, [0, 1]).item().toFixed(4)); // 0.3606
 * // Class 1 counts triple, targets softened by 0.1:
 * console.log(crossEntropyLoss(logits, [0, 1], { weight: tensor([1, 3, 1]), labelSmoothing: 0.1 }).item().toFixed(4)); // 0.5322
 * // A row labelled -100 (the default ignoreIndex) contributes nothing:
 * console.log(String(crossEntropyLoss(logits, [0, -100], { reduction: 'none' }))); // tensor([0.1698, 0.0000])
 * console.log(crossEntropyLoss(tensor([[1e16, 1e16]], { dtype: 'float64' }), [0]).item()); // 0.6931471805599453
 * ```
 */
export function crossEntropyLoss(input: Tensor, target: ClassTargets, options?: CrossEntropyOptions): Tensor {
  const op = 'crossEntropyLoss';
  const p = classProblem(op, input, target, options, ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing']);
  const labelSmoothing = options?.labelSmoothing === undefined ? 0 : options.labelSmoothing;
  checkNumber(op, 'options.labelSmoothing', labelSmoothing, { min: 0, max: 1 });
  const perRow = newArray(input, p.rows);
  const softmax = newArray(input, p.rows * p.classes);
  let totalWeight: number;
  if (isPlain(p.weight, p.ignoreIndex, labelSmoothing)) {
    crossEntropyForward(input.data, p.rows, p.classes, p.t, perRow, softmax);
    totalWeight = keptRows(p.t, p.ignoreIndex);
  } else {
    totalWeight = crossEntropyForwardWeighted(
      input.data,
      p.rows,
      p.classes,
      p.t,
      p.weight,
      p.ignoreIndex,
      labelSmoothing,
      perRow,
      softmax,
    );
  }
  const [data, shape] = reduceRows(input, perRow, p.reduction, totalWeight);
  return recordOp(crossEntropyOp, data, shape, [input], {
    rows: p.rows,
    classes: p.classes,
    target: p.t,
    reduction: p.reduction,
    weight: p.weight,
    ignoreIndex: p.ignoreIndex,
    labelSmoothing,
    totalWeight,
    softmax,
  });
}

/**
 * Negative log-likelihood of class indices given log-probabilities (e.g. `logSoftmax` output): −w[t]·x_r[t],
 * PyTorch's `nll_loss`, with `weight` and `ignoreIndex`; 'mean' divides by Σ weight[target] over the rows not
 * ignored.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { nllLoss } from '@actlab/layers';
 *
 * const logits = tensor([[2, 0, -1], [0, 1, 0]]);
 * // The same as crossEntropyLoss(logits, [0, 1]):
 * console.log(nllLoss(logits.logSoftmax(1), [0, 1]).item().toFixed(4)); // 0.3606
 * console.log(nllLoss(logits.logSoftmax(1), [0, 1], { weight: tensor([1, 3, 1]) }).item().toFixed(4)); // 0.4560
 * ```
 */
export function nllLoss(input: Tensor, target: ClassTargets, options?: NllLossOptions): Tensor {
  const op = 'nllLoss';
  const p = classProblem(op, input, target, options, ['reduction', 'weight', 'ignoreIndex']);
  const perRow = newArray(input, p.rows);
  let totalWeight: number;
  if (isPlain(p.weight, p.ignoreIndex, 0)) {
    nllForward(input.data, p.rows, p.classes, p.t, perRow);
    totalWeight = keptRows(p.t, p.ignoreIndex);
  } else {
    totalWeight = nllForwardWeighted(input.data, p.rows, p.classes, p.t, p.weight, p.ignoreIndex, perRow);
  }
  const [data, shape] = reduceRows(input, perRow, p.reduction, totalWeight);
  return recordOp(nllOp, data, shape, [input], {
    rows: p.rows,
    classes: p.classes,
    target: p.t,
    reduction: p.reduction,
    weight: p.weight,
    ignoreIndex: p.ignoreIndex,
    labelSmoothing: 0,
    totalWeight,
    softmax: null,
  });
}
