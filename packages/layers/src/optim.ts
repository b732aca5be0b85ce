import type { FloatArray } from '@actlab/kernels';

/**
 * Optimisers with PyTorch's update rules (torch.optim 1.13, single-tensor path) and option names in camelCase.
 * `step()` updates each parameter's `data` in place with plain loops over its typed array and allocates nothing
 * after the first step (state buffers are created then, in the parameter's dtype). Parameters whose `grad` is
 * null are skipped, as in PyTorch.
 */

/** What an optimiser updates: a Tensor with `requiresGrad`, or anything with `data` and `grad.data`. */
export interface OptimizableTensor {
  readonly shape: readonly number[];
  readonly data: FloatArray;
  grad: { readonly data: FloatArray } | null;
}

function checkNumber(op: string, name: string, value: number, ok: boolean, rule: string): void {
  if (typeof value !== 'number' || Number.isNaN(value) || !ok) {
    // A string '0.1' printed bare would read as a valid number; show what it really is.
    const shown =
      typeof value === 'number' ? String(value) : `${JSON.stringify(value) ?? String(value)} (${typeof value})`;
    throw new Error(`${op}: ${name} = ${shown} is invalid; ${rule}`);
  }
}

function checkLr(op: string, lr: number): void {
  checkNumber(op, 'lr', lr, lr > 0 && Number.isFinite(lr), 'the learning rate must be a finite number > 0');
}

/** A parameter group: its parameters and any options that differ from the optimiser's (PyTorch's param groups). */
export type ParamGroupSpec<O> = { params: Iterable<OptimizableTensor> } & Partial<O>;

/** Parameters for an optimiser: a list of tensors, or parameter groups with their own options. */
export type OptimizerParams<O> = Iterable<OptimizableTensor> | readonly ParamGroupSpec<O>[];

/** A group as the optimiser holds it: its parameters and resolved options (`lr` is what schedulers change). */
export interface ParamGroup<R> {
  readonly params: readonly OptimizableTensor[];
  readonly options: R & { lr: number };
}

function isGroupSpec<O>(value: unknown): value is ParamGroupSpec<O> {
  return typeof value === 'object' && value !== null && 'params' in value && !('data' in value);
}

/**
 * The base of SGD, Adam and AdamW: holds the parameter groups and their resolved options, clears gradients, and
 * runs `update` for every parameter that has a gradient. `R` is a group's resolved options.
 */
export abstract class Optimizer<R = unknown> {
  /** Every parameter, in the order given (groups concatenated). */
  readonly params: readonly OptimizableTensor[];
  /** The parameter groups (one when a plain list was given). */
  readonly paramGroups: readonly ParamGroup<R>[];
  /** How many times `step()` has run. */
  stepCount = 0;
  /** The first group's learning rate at construction. */
  readonly initialLr: number;

  protected constructor(
    protected readonly name: string,
    params: OptimizerParams<R>,
    defaults: Partial<R> & { lr?: number },
    resolve: (merged: Partial<R> & { lr?: number }) => R & { lr: number },
  ) {
    if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
      throw new Error(
        `${name}: expected a list of parameters (model.parameters()) or of groups, got ${String(params)}`,
      );
    }
    const items: unknown[] = [...params];
    // A group's spec is its overrides too: the resolvers read only their own option names, not `params`.
    const entries: { params: Iterable<OptimizableTensor>; overrides: Partial<R> & { lr?: number } }[] = [];
    if (items.length > 0 && items.every(isGroupSpec<R>)) {
      for (const spec of items) entries.push({ params: spec.params, overrides: spec });
    } else {
      entries.push({ params: items as OptimizableTensor[], overrides: {} });
    }
    const seen = new Set<OptimizableTensor>();
    const groups: ParamGroup<R>[] = [];
    for (const [g, entry] of entries.entries()) {
      const list = [...entry.params];
      for (const p of list) {
        if (
          p === null ||
          typeof p !== 'object' ||
          !(p.data instanceof Float32Array || p.data instanceof Float64Array)
        ) {
          throw new Error(`${name}: every parameter must be a Tensor; group ${g} holds ${String(p)}`);
        }
        if (seen.has(p))
          throw new Error(`${name}: a parameter appears twice (in group ${g}); list each parameter once`);
        seen.add(p);
      }
      groups.push({ params: list, options: resolve({ ...defaults, ...entry.overrides }) });
    }
    this.params = groups.flatMap((g) => g.params);
    if (this.params.length === 0) {
      throw new Error(`${name}: got an empty parameter list; pass model.parameters()`);
    }
    this.paramGroups = groups;
    this.initialLr = groups[0]!.options.lr;
  }

  /** The learning rate of the first group; setting it sets every group's (schedulers set each group's). */
  get lr(): number {
    return this.paramGroups[0]!.options.lr;
  }

  set lr(value: number) {
    checkLr(this.name, value);
    for (const g of this.paramGroups) g.options.lr = value;
  }

  /**
   * Set one group's learning rate from a scheduler, which may reach exactly 0 (cosine annealing to etaMin 0).
   * @internal
   */
  setScheduledLr(group: number, value: number): void {
    checkNumber(this.name, 'scheduled lr', value, value >= 0 && Number.isFinite(value), 'it must be finite and >= 0');
    this.paramGroups[group]!.options.lr = value;
  }

  /**
   * Clear every parameter's gradient. By default the gradient buffers are zeroed in place and kept, so the
   * next backward accumulates into them without allocating; `{ setToNone: true }` drops them instead.
   */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    const setToNone = options.setToNone ?? false;
    for (const p of this.params) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** Apply one update from the current gradients. */
  step(): void {
    this.stepCount++;
    let index = 0;
    for (const group of this.paramGroups) {
      const params = group.params;
      for (let i = 0; i < params.length; i++, index++) {
        const p = params[i]!;
        if (p.grad === null) continue;
        if (p.grad.data.length !== p.data.length) {
          throw new Error(
            `${this.name}.step: parameter ${index} of shape [${p.shape.join(', ')}] has a gradient of ` +
              `${p.grad.data.length} elements instead of ${p.data.length}; a gradient must have its parameter's shape`,
          );
        }
        this.update(index, p.data, p.grad.data, group.options);
      }
    }
  }

  /** Update one parameter (`index` counts across groups, for per-parameter state). */
  protected abstract update(index: number, param: FloatArray, grad: FloatArray, options: R & { lr: number }): void;

  protected zerosLike(param: FloatArray): FloatArray {
    return param instanceof Float64Array ? new Float64Array(param.length) : new Float32Array(param.length);
  }
}

export interface SGDOptions {
  lr: number;
  /** Momentum factor; default 0. */
  momentum?: number;
  /** Dampening of the momentum's gradient term; default 0. */
  dampening?: number;
  /** L2 penalty added to the gradient; default 0. */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0); default false. */
  nesterov?: boolean;
  /** Ascend instead of descend; default false. */
  maximize?: boolean;
}

/** SGD's options as a group holds them (defaults filled in, validated). */
export type SGDResolved = Required<SGDOptions>;

function resolveSGD(o: Partial<SGDOptions>): SGDResolved {
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = o;
  checkLr('SGD', lr as number);
  checkNumber('SGD', 'momentum', momentum, momentum >= 0 && Number.isFinite(momentum), 'it must be >= 0');
  checkNumber('SGD', 'dampening', dampening, Number.isFinite(dampening), 'it must be finite');
  checkNumber('SGD', 'weightDecay', weightDecay, weightDecay >= 0 && Number.isFinite(weightDecay), 'it must be >= 0');
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new Error(
      `SGD: nesterov needs momentum > 0 and dampening 0 (got momentum ${momentum}, dampening ${dampening})`,
    );
  }
  return {
    lr: lr as number,
    momentum,
    dampening,
    weightDecay,
    nesterov: nesterov === true,
    maximize: maximize === true,
  };
}

/**
 * Stochastic gradient descent, PyTorch's rule: d = g (+ weightDecay·p); with momentum, b = d on the first step
 * and b = momentum·b + (1 − dampening)·d after; d = d + momentum·b (nesterov) or b; p −= lr·d.
 * `params` is a list of tensors or of groups with their own options: `[{ params: weights, weightDecay: 1e-4 },
 * { params: biases }]`.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { SGD } from '@actlab/layers';
 *
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * w.square().sum().backward(); // the gradient 2w
 * opt.step();
 * console.log(Array.from(w.data, (v) => v.toFixed(2)).join(' ')); // 0.80 -1.60
 * ```
 */
export class SGD extends Optimizer<SGDResolved> {
  private readonly buffers: (FloatArray | null)[];

  constructor(params: OptimizerParams<SGDOptions>, options: SGDOptions) {
    super('SGD', params, options ?? {}, resolveSGD);
    this.buffers = this.params.map(() => null);
  }

  /** The first group's options. */
  get momentum(): number {
    return this.paramGroups[0]!.options.momentum;
  }
  get dampening(): number {
    return this.paramGroups[0]!.options.dampening;
  }
  get weightDecay(): number {
    return this.paramGroups[0]!.options.weightDecay;
  }
  get nesterov(): boolean {
    return this.paramGroups[0]!.options.nesterov;
  }

  protected update(index: number, p: FloatArray, g: FloatArray, options: SGDResolved): void {
    const { lr, momentum, weightDecay, maximize, nesterov } = options;
    const n = p.length;
    if (momentum === 0) {
      for (let i = 0; i < n; i++) {
        let d = maximize ? -g[i]! : g[i]!;
        if (weightDecay !== 0) d += weightDecay * p[i]!;
        p[i] = p[i]! - lr * d;
      }
      return;
    }
    const damp = 1 - options.dampening;
    let buf = this.buffers[index]!;
    const first = buf === null;
    if (first) {
      buf = this.zerosLike(p);
      this.buffers[index] = buf;
    }
    for (let i = 0; i < n; i++) {
      let d = maximize ? -g[i]! : g[i]!;
      if (weightDecay !== 0) d += weightDecay * p[i]!;
      buf[i] = first ? d : momentum * buf[i]! + damp * d;
      // PyTorch adds the buffer's stored (possibly float32-rounded) value.
      d = nesterov ? d + momentum * buf[i]! : buf[i]!;
      p[i] = p[i]! - lr * d;
    }
  }
}

export interface AdamOptions {
  /** Default 0.001. */
  lr?: number;
  /** Decay rates of the first and second moment averages; default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the denominator; default 1e-8. */
  eps?: number;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay p *= 1 − lr·wd (default 0.01). */
  weightDecay?: number;
  /** Use the maximum of past second moments (AMSGrad); default false. */
  amsgrad?: boolean;
  /** Ascend instead of descend; default false. */
  maximize?: boolean;
}

/** Adam's and AdamW's options as a group holds them. */
export type AdamResolved = Required<AdamOptions>;

function adamResolver(name: string, defaultWeightDecay: number) {
  return (o: Partial<AdamOptions>): AdamResolved => {
    const {
      lr = 0.001,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = defaultWeightDecay,
      amsgrad = false,
      maximize = false,
    } = o;
    checkLr(name, lr);
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new Error(`${name}: betas ${JSON.stringify(betas)} must be a pair [beta1, beta2]`);
    }
    const [b1, b2] = betas;
    checkNumber(name, 'betas[0]', b1, b1 >= 0 && b1 < 1, 'it must be in [0, 1)');
    checkNumber(name, 'betas[1]', b2, b2 >= 0 && b2 < 1, 'it must be in [0, 1)');
    checkNumber(name, 'eps', eps, eps >= 0 && Number.isFinite(eps), 'it must be >= 0');
    checkNumber(name, 'weightDecay', weightDecay, weightDecay >= 0 && Number.isFinite(weightDecay), 'it must be >= 0');
    return { lr, betas: [b1, b2], eps, weightDecay, amsgrad: amsgrad === true, maximize: maximize === true };
  };
}

class AdamBase extends Optimizer<AdamResolved> {
  private readonly expAvg: (FloatArray | null)[];
  private readonly expAvgSq: (FloatArray | null)[];
  private readonly maxExpAvgSq: (FloatArray | null)[];
  private readonly steps: number[];

  constructor(
    name: string,
    params: OptimizerParams<AdamOptions>,
    options: AdamOptions,
    defaultWeightDecay: number,
    private readonly decoupled: boolean,
  ) {
    super(name, params, options ?? {}, adamResolver(name, defaultWeightDecay));
    this.expAvg = this.params.map(() => null);
    this.expAvgSq = this.params.map(() => null);
    this.maxExpAvgSq = this.params.map(() => null);
    this.steps = this.params.map(() => 0);
  }

  /** The first group's options. */
  get beta1(): number {
    return this.paramGroups[0]!.options.betas[0];
  }
  get beta2(): number {
    return this.paramGroups[0]!.options.betas[1];
  }
  get eps(): number {
    return this.paramGroups[0]!.options.eps;
  }
  get weightDecay(): number {
    return this.paramGroups[0]!.options.weightDecay;
  }
  get amsgrad(): boolean {
    return this.paramGroups[0]!.options.amsgrad;
  }

  protected update(index: number, p: FloatArray, g: FloatArray, options: AdamResolved): void {
    const { lr, eps, weightDecay, amsgrad, maximize } = options;
    const [beta1, beta2] = options.betas;
    const decoupled = this.decoupled;
    let m = this.expAvg[index]!;
    let v = this.expAvgSq[index]!;
    let vMax = this.maxExpAvgSq[index]!;
    if (m === null) {
      m = this.expAvg[index] = this.zerosLike(p);
      v = this.expAvgSq[index] = this.zerosLike(p);
    }
    if (amsgrad && vMax === null) vMax = this.maxExpAvgSq[index] = this.zerosLike(p);
    const step = ++this.steps[index]!;
    const biasCorrection1 = 1 - beta1 ** step;
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
    const stepSize = lr / biasCorrection1;
    const decay = decoupled ? 1 - lr * weightDecay : 1;
    const l2 = decoupled ? 0 : weightDecay;
    const n = p.length;
    for (let i = 0; i < n; i++) {
      let grad = maximize ? -g[i]! : g[i]!;
      if (decay !== 1) p[i] = p[i]! * decay;
      if (l2 !== 0) grad += l2 * p[i]!;
      m[i] = m[i]! * beta1 + (1 - beta1) * grad;
      v[i] = v[i]! * beta2 + (1 - beta2) * grad * grad;
      let second = v[i]!;
      if (amsgrad) {
        if (second > vMax![i]!) vMax![i] = second;
        second = vMax![i]!;
      }
      const denom = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      p[i] = p[i]! - (stepSize * m[i]!) / denom;
    }
  }
}

/**
 * Adam (Kingma & Ba), PyTorch's rule including its L2 `weightDecay` and `amsgrad`; parameter groups as SGD.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Adam } from '@actlab/layers';
 *
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1 });
 * for (let step = 0; step < 3; step++) {
 *   opt.zeroGrad();
 *   w.square().sum().backward();
 *   opt.step();
 * }
 * console.log(Array.from(w.data, (v) => v.toFixed(4)).join(' ')); // 0.7016 -1.7006
 * ```
 */
export class Adam extends AdamBase {
  constructor(params: OptimizerParams<AdamOptions>, options: AdamOptions = {}) {
    super('Adam', params, options, 0, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, PyTorch's rule; `weightDecay` defaults to 0.01.
 * Parameter groups as SGD (e.g. `{ params: biases, weightDecay: 0 }`).
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { AdamW } from '@actlab/layers';
 *
 * const w = tensor([1, -2], { requiresGrad: true });
 * const opt = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * opt.zeroGrad();
 * w.mul(0).sum().backward(); // a zero gradient: only the decoupled decay moves w, by lr·weightDecay·w
 * opt.step();
 * console.log(Array.from(w.data, (v) => v.toFixed(2)).join(' ')); // 0.95 -1.90
 * ```
 */
export class AdamW extends AdamBase {
  constructor(params: OptimizerParams<AdamOptions>, options: AdamOptions = {}) {
    super('AdamW', params, options, 0.01, true);
  }
}

/**
 * Learning-rate schedulers, PyTorch's chainable (recursive) forms: `step()` once per epoch, after the
 * optimiser's steps; it sets `optimizer.lr`.
 */
export abstract class LRScheduler {
  /** Epochs stepped so far (PyTorch's `last_epoch`). */
  lastEpoch = 0;
  /** Each group's learning rate when the scheduler was created. */
  readonly baseLrs: readonly number[];

  protected constructor(readonly optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) {
      throw new Error('LRScheduler: the first argument must be an Optimizer (SGD, Adam, AdamW)');
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.options.lr);
  }

  /** The learning rate now in use (the first group's; see `getLastLrs` for every group). */
  getLastLr(): number {
    return this.optimizer.lr;
  }

  /** Every group's learning rate now in use. */
  getLastLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.options.lr);
  }

  step(): void {
    this.lastEpoch++;
    this.optimizer.paramGroups.forEach((g, i) => {
      this.optimizer.setScheduledLr(i, this.nextLr(g.options.lr, this.baseLrs[i]!));
    });
  }

  protected abstract nextLr(current: number, baseLr: number): number;
}

/** Multiply the learning rate by `gamma` every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: { stepSize: number; gamma?: number }) {
    super(optimizer);
    const { stepSize, gamma = 0.1 } = options;
    checkNumber(
      'StepLR',
      'stepSize',
      stepSize,
      Number.isInteger(stepSize) && stepSize > 0,
      'it must be an integer > 0',
    );
    checkNumber('StepLR', 'gamma', gamma, gamma > 0 && Number.isFinite(gamma), 'it must be a finite number > 0');
    this.stepSize = stepSize;
    this.gamma = gamma;
  }

  protected nextLr(current: number): number {
    return this.lastEpoch % this.stepSize === 0 ? current * this.gamma : current;
  }
}

/** Cosine annealing from the initial learning rate to `etaMin` over `tMax` epochs (and back, periodically). */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: { tMax: number; etaMin?: number }) {
    super(optimizer);
    const { tMax, etaMin = 0 } = options;
    checkNumber('CosineAnnealingLR', 'tMax', tMax, Number.isInteger(tMax) && tMax > 0, 'it must be an integer > 0');
    checkNumber('CosineAnnealingLR', 'etaMin', etaMin, etaMin >= 0 && Number.isFinite(etaMin), 'it must be >= 0');
    this.tMax = tMax;
    this.etaMin = etaMin;
  }

  protected nextLr(current: number, baseLr: number): number {
    const { tMax, etaMin, lastEpoch: t } = this;
    const lr = current;
    if ((t - 1 - tMax) % (2 * tMax) === 0) {
      return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
    }
    return ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin;
  }
}
