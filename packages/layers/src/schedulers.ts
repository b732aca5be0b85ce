import { Tensor } from '@actlab/autograd';
import {
  checkBoolean,
  checkChoice,
  checkFunction,
  checkInteger,
  checkNumber,
  checkOptions,
  describeValue,
} from '@actlab/kernels';
import { Optimizer } from './optim';

/**
 * Learning-rate schedulers, PyTorch 1.13's `torch.optim.lr_scheduler` with camelCase options. Each scheduler
 * does PyTorch's initial step when it is created (epoch 0: LinearLR multiplies the learning rate by `startFactor`,
 * OneCycleLR sets it to `maxLr / divFactor`), then `step()` advances one epoch (or one batch, for OneCycleLR) after
 * the optimiser's steps and sets each group's learning rate by PyTorch's chainable (recursive) formula, so the
 * trajectories agree with PyTorch's to the last bits of rounding. `ReduceLROnPlateau` is stepped with a metric.
 *
 * `stateDict()` / `loadStateDict()` save and restore the progress (`lastEpoch`, `baseLrs`, the last learning rates
 * and each scheduler's counters). Options are not taken from a saved state: a state saved by a scheduler with other
 * options (or of another kind) is refused, so build the scheduler as it was built before and load into it. Load
 * the optimiser's state too — it holds the learning rates in use.
 */

/** A scheduler's saved state: its kind, options and progress (JSON-compatible apart from ReduceLROnPlateau's ±∞). */
export interface SchedulerStateDict {
  /** The scheduler's class: 'StepLR', 'OneCycleLR', … */
  scheduler: string;
  /** Epochs (or steps) taken (PyTorch's `last_epoch`). */
  lastEpoch: number;
  /** Each group's learning rate at the start (PyTorch's `base_lrs`). */
  baseLrs: number[];
  /** The learning rates the last step set (PyTorch's `_last_lr`). */
  lastLrs: number[];
  /** The options the scheduler was built with (compared on load). */
  options: Record<string, unknown>;
}

const sameValue = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((x, i) => sameValue(x, b[i]))
    : Object.is(a, b);

function checkOptimizer(op: string, optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new Error(
      `${op}: the first argument must be an Optimizer (SGD, Adam, AdamW), got ${describeValue(optimizer)}`,
    );
  }
}

function checkNumberList(op: string, name: string, value: unknown, length: number, min = 0): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new Error(
      `${op}: ${name} must be an array of ${length} numbers (one per group), got ${describeValue(value)}`,
    );
  }
  value.forEach((v, i) => {
    checkNumber(op, `${name}[${i}]`, v, { min });
  });
  return [...value] as number[];
}

/** The saved state's common part, checked against `options` and the optimiser's group count. */
function checkSchedulerState(
  op: string,
  kind: string,
  state: unknown,
  groups: number,
  options: Record<string, unknown>,
): SchedulerStateDict {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) {
    throw new Error(`${op}: expected a scheduler state from stateDict(), got ${describeValue(state)}`);
  }
  checkOptions(op, state, ['scheduler', 'lastEpoch', 'baseLrs', 'lastLrs', 'options']);
  const s = state as Partial<SchedulerStateDict>;
  if (s.scheduler !== kind) {
    throw new Error(`${op}: the state is a ${describeValue(s.scheduler)} scheduler's; this is a ${kind}`);
  }
  checkInteger(op, 'lastEpoch', s.lastEpoch, 0);
  const baseLrs = checkNumberList(op, 'baseLrs', s.baseLrs, groups);
  const lastLrs = checkNumberList(op, 'lastLrs', s.lastLrs, groups);
  const saved = s.options;
  if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) {
    throw new Error(`${op}: options must be an object, got ${describeValue(saved)}`);
  }
  const keys = new Set([...Object.keys(saved), ...Object.keys(options)]);
  for (const key of keys) {
    const a = (saved as Record<string, unknown>)[key];
    const b = options[key];
    if (!sameValue(a, b)) {
      throw new Error(
        `${op}: the state was saved with ${key} = ${JSON.stringify(a) ?? String(a)}, this ${kind} has ` +
          `${JSON.stringify(b) ?? String(b)}; build the scheduler with the options it was saved with`,
      );
    }
  }
  return { scheduler: kind, lastEpoch: s.lastEpoch, baseLrs, lastLrs, options: { ...saved } };
}

/**
 * Each optimiser group's initial learning rate (PyTorch's `group['initial_lr']`): set by the first scheduler built
 * on an optimiser (OneCycleLR always sets it, to `maxLr / divFactor`), and the `baseLrs` of every later one, so
 * schedulers chained on one optimiser (a LinearLR warm-up with a CosineAnnealingLR) start from the same rates as in
 * PyTorch rather than from one another's.
 */
const initialLrs = new WeakMap<Optimizer, readonly number[]>();

/**
 * The base of the epoch-stepped schedulers (PyTorch's `_LRScheduler`). A subclass computes the next learning rates
 * in `computeLrs` from `lastEpoch`, `baseLrs` and the groups' current rates, and calls `initialStep()` at the end
 * of its constructor.
 */
export abstract class LRScheduler {
  /** Epochs stepped so far (PyTorch's `last_epoch`): 0 after construction. */
  lastEpoch = -1;
  #baseLrs: number[];
  #lastLrs: number[] = [];

  protected constructor(
    readonly optimizer: Optimizer,
    protected readonly kind: string,
    baseLrs?: readonly number[],
  ) {
    checkOptimizer(kind, optimizer);
    let initial = baseLrs ?? initialLrs.get(optimizer);
    if (initial === undefined || initial.length !== optimizer.paramGroups.length) {
      initial = optimizer.paramGroups.map((g) => g.options.lr);
    }
    initialLrs.set(optimizer, [...initial]);
    this.#baseLrs = [...initial];
  }

  /**
   * Each group's initial learning rate (PyTorch's `base_lrs`): its rate when the first scheduler was built on the
   * optimiser (OneCycleLR: `maxLr / divFactor`).
   */
  get baseLrs(): readonly number[] {
    return this.#baseLrs;
  }

  /** PyTorch's initial step (epoch 0); subclasses call it once, last in their constructor. */
  protected initialStep(): void {
    this.step();
  }

  /** The learning rate the last step set, of the first group (`getLastLrs` for every group). */
  getLastLr(): number {
    return this.#lastLrs[0]!;
  }

  /** The learning rates the last step set, one per group (PyTorch's `get_last_lr()`). */
  getLastLrs(): number[] {
    return [...this.#lastLrs];
  }

  /** Advance one epoch and set each group's learning rate. */
  step(): void {
    this.lastEpoch++;
    let lrs: number[];
    try {
      lrs = this.computeLrs();
      // Every rate is checked before any is set: a bad one (a LambdaLR factor below 0) changes nothing.
      lrs.forEach((lr, i) => {
        checkNumber(`${this.kind}.step`, `the learning rate of group ${i}`, lr, { min: 0 });
      });
    } catch (e) {
      this.lastEpoch--;
      throw e;
    }
    for (let i = 0; i < lrs.length; i++) this.optimizer.setScheduledLr(i, lrs[i]!);
    this.afterLrs();
    this.#lastLrs = this.optimizer.paramGroups.map((g) => g.options.lr);
  }

  /** The next learning rates, one per group, for epoch `lastEpoch` (no side effects: see `afterLrs`). */
  protected abstract computeLrs(): number[];

  /** Called once the new rates are set: OneCycleLR sets the momenta it computed with them. */
  protected afterLrs(): void {}

  /** The options compared on load (JSON-compatible values). */
  protected abstract savedOptions(): Record<string, unknown>;

  /** The scheduler's progress (see `SchedulerStateDict`). */
  stateDict(): SchedulerStateDict {
    return {
      scheduler: this.kind,
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.#baseLrs],
      lastLrs: [...this.#lastLrs],
      options: this.savedOptions(),
    };
  }

  /** Restore the progress saved by `stateDict()` of a scheduler built the same way (checked in full first). */
  loadStateDict(state: SchedulerStateDict): void {
    this.prepareLoadStateDict(state)();
  }

  /** The checks of `loadStateDict`, and a function that then applies it. @internal */
  prepareLoadStateDict(state: unknown): () => void {
    const s = checkSchedulerState(
      `${this.kind}.loadStateDict`,
      this.kind,
      state,
      this.optimizer.paramGroups.length,
      this.savedOptions(),
    );
    return () => {
      this.lastEpoch = s.lastEpoch;
      this.#baseLrs = s.baseLrs;
      this.#lastLrs = s.lastLrs;
    };
  }

  /** Each group's current learning rate. */
  protected currentLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.options.lr);
  }
}

/** Options of `StepLR`. */
export interface StepLROptions {
  /** Epochs between decays (an integer > 0). */
  stepSize: number;
  /** Factor per decay; default 0.1. */
  gamma?: number | undefined;
}

/**
 * Multiply the learning rate by `gamma` every `stepSize` epochs (PyTorch's StepLR).
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { StepLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new StepLR(opt, { stepSize: 2, gamma: 0.5 });
 * const lrs = [opt.lr];
 * for (let epoch = 0; epoch < 6; epoch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(4)).join(' ')); // 0.1000 0.1000 0.0500 0.0500 0.0250 0.0250 0.0125
 * ```
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    super(optimizer, 'StepLR');
    checkOptions('StepLR', options, ['stepSize', 'gamma']);
    const { stepSize, gamma = 0.1 } = options ?? ({} as StepLROptions);
    checkInteger('StepLR', 'stepSize', stepSize, 1);
    checkNumber('StepLR', 'gamma', gamma, { min: 0, minExclusive: true });
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLrs(): number[] {
    const e = this.lastEpoch;
    return this.currentLrs().map((lr) => (e === 0 || e % this.stepSize !== 0 ? lr : lr * this.gamma));
  }

  protected savedOptions(): Record<string, unknown> {
    return { stepSize: this.stepSize, gamma: this.gamma };
  }
}

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions {
  /** Epochs of one half cycle (an integer > 0). */
  tMax: number;
  /** The lowest learning rate; default 0. */
  etaMin?: number | undefined;
}

/**
 * Cosine annealing from each group's initial learning rate to `etaMin` over `tMax` epochs, and back up over the
 * next `tMax` (PyTorch's CosineAnnealingLR, chainable form).
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { CosineAnnealingLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new CosineAnnealingLR(opt, { tMax: 3, etaMin: 0.01 });
 * const lrs = [opt.lr];
 * for (let epoch = 0; epoch < 6; epoch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(4)).join(' ')); // 0.1000 0.0775 0.0325 0.0100 0.0325 0.0775 0.1000
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super(optimizer, 'CosineAnnealingLR');
    checkOptions('CosineAnnealingLR', options, ['tMax', 'etaMin']);
    const { tMax, etaMin = 0 } = options ?? ({} as CosineAnnealingLROptions);
    checkInteger('CosineAnnealingLR', 'tMax', tMax, 1);
    checkNumber('CosineAnnealingLR', 'etaMin', etaMin, { min: 0 });
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected computeLrs(): number[] {
    const { tMax, etaMin, lastEpoch: t } = this;
    return this.currentLrs().map((lr, i) => {
      if (t === 0) return lr;
      const baseLr = this.baseLrs[i]!;
      if ((t - 1 - tMax) % (2 * tMax) === 0) return lr + ((baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax))) / 2;
      return (
        ((1 + Math.cos((Math.PI * t) / tMax)) / (1 + Math.cos((Math.PI * (t - 1)) / tMax))) * (lr - etaMin) + etaMin
      );
    });
  }

  protected savedOptions(): Record<string, unknown> {
    return { tMax: this.tMax, etaMin: this.etaMin };
  }
}

/** Options of `LinearLR`. */
export interface LinearLROptions {
  /** Factor at epoch 0, in (0, 1]; default 1/3. */
  startFactor?: number | undefined;
  /** Factor from epoch `totalIters` on, in [0, 1]; default 1. */
  endFactor?: number | undefined;
  /** Epochs over which the factor moves linearly (an integer ≥ 1); default 5. */
  totalIters?: number | undefined;
}

/**
 * Scale each group's learning rate by a factor moving linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs, then keep it (PyTorch's LinearLR) — the usual warm-up. PyTorch accepts `startFactor` 0 and
 * then divides by zero on the next step; here it is refused.
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { LinearLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new LinearLR(opt, { startFactor: 0.5, totalIters: 4 });
 * const lrs = [opt.lr];
 * for (let epoch = 0; epoch < 6; epoch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(4)).join(' ')); // 0.0500 0.0625 0.0750 0.0875 0.1000 0.1000 0.1000
 * ```
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options?: LinearLROptions) {
    super(optimizer, 'LinearLR');
    checkOptions('LinearLR', options, ['startFactor', 'endFactor', 'totalIters']);
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options ?? {};
    checkNumber('LinearLR', 'startFactor', startFactor, { min: 0, max: 1, minExclusive: true });
    checkNumber('LinearLR', 'endFactor', endFactor, { min: 0, max: 1 });
    checkInteger('LinearLR', 'totalIters', totalIters, 1);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected computeLrs(): number[] {
    const { startFactor: s, endFactor: f, totalIters: n, lastEpoch: e } = this;
    return this.currentLrs().map((lr) => {
      if (e === 0) return lr * s;
      if (e > n) return lr;
      return lr * (1 + (f - s) / (n * s + (e - 1) * (f - s)));
    });
  }

  protected savedOptions(): Record<string, unknown> {
    return { startFactor: this.startFactor, endFactor: this.endFactor, totalIters: this.totalIters };
  }
}

/** Options of `ExponentialLR`. */
export interface ExponentialLROptions {
  /** Factor per epoch (> 0). */
  gamma: number;
}

/**
 * Multiply each group's learning rate by `gamma` every epoch (PyTorch's ExponentialLR).
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { ExponentialLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new ExponentialLR(opt, { gamma: 0.9 });
 * const lrs = [opt.lr];
 * for (let epoch = 0; epoch < 6; epoch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(4)).join(' ')); // 0.1000 0.0900 0.0810 0.0729 0.0656 0.0590 0.0531
 * ```
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super(optimizer, 'ExponentialLR');
    checkOptions('ExponentialLR', options, ['gamma']);
    const { gamma } = options ?? ({} as ExponentialLROptions);
    checkNumber('ExponentialLR', 'gamma', gamma, { min: 0, minExclusive: true });
    this.gamma = gamma;
    this.initialStep();
  }

  protected computeLrs(): number[] {
    return this.currentLrs().map((lr) => (this.lastEpoch === 0 ? lr : lr * this.gamma));
  }

  protected savedOptions(): Record<string, unknown> {
    return { gamma: this.gamma };
  }
}

/** A LambdaLR factor: the epoch in, the multiplier of the group's initial learning rate out. */
export type LrLambda = (epoch: number) => number;

/** Options of `LambdaLR`. */
export interface LambdaLROptions {
  /** One function for every group, or one per group. */
  lrLambda: LrLambda | readonly LrLambda[];
}

/**
 * Set each group's learning rate to its initial one times `lrLambda(epoch)` (PyTorch's LambdaLR). The functions
 * are not saved by `stateDict()` (as PyTorch's plain functions are not): build the scheduler with the same ones.
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { LambdaLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new LambdaLR(opt, { lrLambda: (epoch) => 1 / (epoch + 1) });
 * const lrs = [opt.lr];
 * for (let epoch = 0; epoch < 6; epoch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(4)).join(' ')); // 0.1000 0.0500 0.0333 0.0250 0.0200 0.0167 0.0143
 * ```
 */
export class LambdaLR extends LRScheduler {
  readonly lrLambdas: readonly LrLambda[];

  constructor(optimizer: Optimizer, options: LambdaLROptions) {
    super(optimizer, 'LambdaLR');
    checkOptions('LambdaLR', options, ['lrLambda']);
    const { lrLambda } = options ?? ({} as LambdaLROptions);
    const groups = optimizer.paramGroups.length;
    const list = Array.isArray(lrLambda) ? [...(lrLambda as readonly LrLambda[])] : Array(groups).fill(lrLambda);
    if (list.length !== groups) {
      throw new Error(`LambdaLR: expected ${groups} lrLambda functions (one per group), got ${list.length}`);
    }
    list.forEach((f, i) => {
      checkFunction('LambdaLR', Array.isArray(lrLambda) ? `lrLambda[${i}]` : 'lrLambda', f);
    });
    this.lrLambdas = list;
    this.initialStep();
  }

  protected computeLrs(): number[] {
    return this.baseLrs.map((base, i) => {
      const factor = this.lrLambdas[i]!(this.lastEpoch);
      checkNumber('LambdaLR', `lrLambda(${this.lastEpoch})`, factor);
      return base * factor;
    });
  }

  protected savedOptions(): Record<string, unknown> {
    return { lrLambdas: this.lrLambdas.length };
  }
}

/** Options of `OneCycleLR`: `maxLr`, and `totalSteps` or `epochs` with `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** The peak learning rate, for every group or one per group. */
  maxLr: number | readonly number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number | undefined;
  epochs?: number | undefined;
  stepsPerEpoch?: number | undefined;
  /** Fraction of the cycle spent increasing the learning rate; default 0.3. */
  pctStart?: number | undefined;
  /** 'cos' (default) or 'linear'. */
  annealStrategy?: 'cos' | 'linear' | undefined;
  /** Cycle momentum (SGD's momentum, Adam's first beta) inversely to the learning rate; default true. */
  cycleMomentum?: boolean | undefined;
  /** Momentum at the learning rate's peak; default 0.85. */
  baseMomentum?: number | readonly number[] | undefined;
  /** Momentum at the start and end; default 0.95. */
  maxMomentum?: number | readonly number[] | undefined;
  /** initial lr = maxLr / divFactor; default 25. */
  divFactor?: number | undefined;
  /** min lr = initial lr / finalDivFactor; default 1e4. */
  finalDivFactor?: number | undefined;
  /** Three phases (up, down to the initial lr, then down to min lr) instead of two; default false. */
  threePhase?: boolean | undefined;
}

interface Phase {
  endStep: number;
  startLr: 'initial' | 'max' | 'min';
  endLr: 'initial' | 'max' | 'min';
  startMomentum: 'max' | 'base';
  endMomentum: 'max' | 'base';
}

/**
 * The 1cycle policy (Smith & Topin), PyTorch's OneCycleLR, stepped once per batch: the learning rate rises from
 * `maxLr / divFactor` to `maxLr` over `pctStart` of the steps, then falls to `initial / finalDivFactor` (three-phase:
 * back to the initial one first), by cosine or linear annealing; with `cycleMomentum` the momentum (SGD's momentum,
 * Adam's and AdamW's first beta) moves the other way between `maxMomentum` and `baseMomentum`. As in PyTorch,
 * creating it sets the learning rate to `maxLr / divFactor`, and SGD counts as having momentum even with momentum
 * 0 (cycling then turns it on).
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { OneCycleLR, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
 * const scheduler = new OneCycleLR(opt, { maxLr: 1, totalSteps: 10 }); // steps once per batch
 * const lrs = [opt.lr];
 * const momenta = [opt.momentum];
 * for (let batch = 0; batch < 9; batch++) {
 *   opt.step();
 *   scheduler.step();
 *   lrs.push(opt.lr);
 *   momenta.push(opt.momentum);
 * }
 * console.log(lrs.map((lr) => lr.toFixed(3)).join(' ')); // 0.040 0.520 1.000 0.950 0.812 0.611 0.389 0.188 0.050 0.000
 * console.log(momenta.map((m) => m.toFixed(3)).join(' ')); // 0.950 0.900 0.850 0.855 0.869 0.889 0.911 0.931 0.945 0.950
 * ```
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly pctStart: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  readonly divFactor: number;
  readonly finalDivFactor: number;
  readonly threePhase: boolean;
  readonly maxLrs: readonly number[];
  readonly initialLrs: readonly number[];
  readonly minLrs: readonly number[];
  readonly maxMomentums: readonly number[];
  readonly baseMomentums: readonly number[];
  private readonly phases: readonly Phase[];
  /** The momenta computed with the next rates, set once the rates are (see `afterLrs`). */
  private readonly pendingMomenta: number[];

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const op = 'OneCycleLR';
    checkOptimizer(op, optimizer);
    checkOptions(op, options, [
      'maxLr',
      'totalSteps',
      'epochs',
      'stepsPerEpoch',
      'pctStart',
      'annealStrategy',
      'cycleMomentum',
      'baseMomentum',
      'maxMomentum',
      'divFactor',
      'finalDivFactor',
      'threePhase',
    ]);
    const {
      maxLr,
      totalSteps,
      epochs,
      stepsPerEpoch,
      pctStart = 0.3,
      annealStrategy = 'cos',
      cycleMomentum = true,
      baseMomentum = 0.85,
      maxMomentum = 0.95,
      divFactor = 25,
      finalDivFactor = 1e4,
      threePhase = false,
    } = options ?? ({} as OneCycleLROptions);
    const groups = optimizer.paramGroups.length;
    const perGroup = (name: string, value: number | readonly number[] | undefined, min: number, max?: number) => {
      const list = Array.isArray(value) ? [...value] : Array(groups).fill(value);
      if (list.length !== groups) throw new Error(`${op}: expected ${groups} values for ${name}, got ${list.length}`);
      list.forEach((v, i) => {
        checkNumber(op, Array.isArray(value) ? `${name}[${i}]` : name, v, { min, max });
      });
      return list as number[];
    };
    const maxLrs = perGroup('maxLr', maxLr, 0);
    let total: number;
    if (totalSteps !== undefined) {
      checkInteger(op, 'totalSteps', totalSteps, 1);
      total = totalSteps;
    } else if (epochs !== undefined || stepsPerEpoch !== undefined) {
      checkInteger(op, 'epochs', epochs, 1);
      checkInteger(op, 'stepsPerEpoch', stepsPerEpoch, 1);
      total = epochs * stepsPerEpoch;
    } else {
      throw new Error(`${op}: give totalSteps, or epochs and stepsPerEpoch`);
    }
    checkNumber(op, 'pctStart', pctStart, { min: 0, max: 1 });
    checkChoice(op, 'annealStrategy', annealStrategy, ['cos', 'linear']);
    checkBoolean(op, 'cycleMomentum', cycleMomentum);
    checkNumber(op, 'divFactor', divFactor, { min: 0, minExclusive: true });
    checkNumber(op, 'finalDivFactor', finalDivFactor, { min: 0, minExclusive: true });
    checkBoolean(op, 'threePhase', threePhase);
    const maxMomentums = perGroup('maxMomentum', maxMomentum, 0, 1);
    const baseMomentums = perGroup('baseMomentum', baseMomentum, 0, 1);
    if (cycleMomentum && optimizer.momentumOption === null) {
      throw new Error(`${op}: the optimiser has no momentum to cycle; pass cycleMomentum: false`);
    }
    const initialLrs = maxLrs.map((m) => m / divFactor);
    super(optimizer, op, initialLrs);
    this.totalSteps = total;
    this.pctStart = pctStart;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.divFactor = divFactor;
    this.finalDivFactor = finalDivFactor;
    this.threePhase = threePhase;
    this.maxLrs = maxLrs;
    this.initialLrs = initialLrs;
    this.minLrs = initialLrs.map((lr) => lr / finalDivFactor);
    this.maxMomentums = maxMomentums;
    this.baseMomentums = baseMomentums;
    const up = pctStart * total - 1;
    this.phases = threePhase
      ? [
          { endStep: up, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
          {
            endStep: 2 * pctStart * total - 2,
            startLr: 'max',
            endLr: 'initial',
            startMomentum: 'base',
            endMomentum: 'max',
          },
          { endStep: total - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
        ]
      : [
          { endStep: up, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
          { endStep: total - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
        ];
    this.pendingMomenta = [...maxMomentums];
    if (cycleMomentum) for (let i = 0; i < groups; i++) optimizer.setScheduledMomentum(i, maxMomentums[i]!);
    this.initialStep();
  }

  protected override afterLrs(): void {
    if (!this.cycleMomentum) return;
    for (let g = 0; g < this.pendingMomenta.length; g++)
      this.optimizer.setScheduledMomentum(g, this.pendingMomenta[g]!);
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  protected computeLrs(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) {
      throw new Error(
        `OneCycleLR: tried to step ${step + 1} times; the specified number of total steps is ${this.totalSteps}`,
      );
    }
    const lrs: number[] = [];
    for (let g = 0; g < this.maxLrs.length; g++) {
      const lrOf = { initial: this.initialLrs[g]!, max: this.maxLrs[g]!, min: this.minLrs[g]! };
      const momentumOf = { max: this.maxMomentums[g]!, base: this.baseMomentums[g]! };
      let startStep = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i]!;
        if (step <= phase.endStep || i === this.phases.length - 1) {
          const pct = (step - startStep) / (phase.endStep - startStep);
          lrs.push(this.anneal(lrOf[phase.startLr], lrOf[phase.endLr], pct));
          if (this.cycleMomentum) {
            this.pendingMomenta[g] = this.anneal(momentumOf[phase.startMomentum], momentumOf[phase.endMomentum], pct);
          }
          break;
        }
        startStep = phase.endStep;
      }
    }
    return lrs;
  }

  protected savedOptions(): Record<string, unknown> {
    return {
      maxLr: [...this.maxLrs],
      totalSteps: this.totalSteps,
      pctStart: this.pctStart,
      annealStrategy: this.annealStrategy,
      cycleMomentum: this.cycleMomentum,
      baseMomentum: [...this.baseMomentums],
      maxMomentum: [...this.maxMomentums],
      divFactor: this.divFactor,
      finalDivFactor: this.finalDivFactor,
      threePhase: this.threePhase,
    };
  }
}

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): reduce when the metric stops decreasing; 'max': when it stops increasing. */
  mode?: 'min' | 'max' | undefined;
  /** new lr = lr · factor, in [0, 1); default 0.1. */
  factor?: number | undefined;
  /** Epochs without improvement tolerated before reducing; default 10. */
  patience?: number | undefined;
  /** How much better counts as better; default 1e-4. */
  threshold?: number | undefined;
  /** 'rel' (default): better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs' | undefined;
  /** Epochs to wait after a reduction before counting bad epochs again; default 0. */
  cooldown?: number | undefined;
  /** Lower bound of the learning rate, for every group or one per group; default 0. */
  minLr?: number | readonly number[] | undefined;
  /** A reduction smaller than this is skipped; default 1e-8. */
  eps?: number | undefined;
}

/** ReduceLROnPlateau's saved state. `best` is ±Infinity before the first step. */
export interface PlateauStateDict {
  scheduler: 'ReduceLROnPlateau';
  lastEpoch: number;
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastLrs: number[];
  options: Record<string, unknown>;
}

/**
 * Reduce each group's learning rate by `factor` when a metric has not improved for `patience` epochs (PyTorch's
 * ReduceLROnPlateau): call `step(metric)` once per epoch with, say, the validation loss. A NaN metric counts as
 * no improvement, as in PyTorch.
 *
 * @example
 * ```ts
 * import { zeros } from '@actlab/autograd';
 * import { ReduceLROnPlateau, SGD } from '@actlab/layers';
 *
 * const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
 * const scheduler = new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 });
 * const lrs: number[] = [];
 * for (const validationLoss of [1.0, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7]) {
 *   scheduler.step(validationLoss);
 *   lrs.push(opt.lr);
 * }
 * console.log(lrs.join(' ')); // 0.1 0.1 0.1 0.05 0.05 0.05 0.025
 * ```
 */
export class ReduceLROnPlateau {
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: readonly number[];
  readonly eps: number;
  /** Epochs stepped so far. */
  lastEpoch = 0;
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** Epochs since the best, not counting cooldown. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  #lastLrs: number[];

  constructor(
    readonly optimizer: Optimizer,
    options?: ReduceLROnPlateauOptions,
  ) {
    const op = 'ReduceLROnPlateau';
    checkOptimizer(op, optimizer);
    checkOptions(op, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    const {
      mode = 'min',
      factor = 0.1,
      patience = 10,
      threshold = 1e-4,
      thresholdMode = 'rel',
      cooldown = 0,
      minLr = 0,
      eps = 1e-8,
    } = options ?? {};
    checkChoice(op, 'mode', mode, ['min', 'max']);
    checkNumber(op, 'factor', factor, { min: 0, max: 1, maxExclusive: true });
    checkInteger(op, 'patience', patience, 0);
    checkNumber(op, 'threshold', threshold, { min: 0 });
    checkChoice(op, 'thresholdMode', thresholdMode, ['rel', 'abs']);
    checkInteger(op, 'cooldown', cooldown, 0);
    checkNumber(op, 'eps', eps, { min: 0 });
    const groups = optimizer.paramGroups.length;
    const minLrs = Array.isArray(minLr) ? [...(minLr as readonly number[])] : Array(groups).fill(minLr);
    if (minLrs.length !== groups) throw new Error(`${op}: expected ${groups} minLr values, got ${minLrs.length}`);
    minLrs.forEach((v, i) => {
      checkNumber(op, Array.isArray(minLr) ? `minLr[${i}]` : 'minLr', v, { min: 0 });
    });
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = minLrs;
    this.eps = eps;
    this.best = mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.#lastLrs = optimizer.paramGroups.map((g) => g.options.lr);
  }

  private isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Record one epoch's metric (a number or a one-element tensor) and reduce the learning rates if it is time. */
  step(metric: number | Tensor): void {
    const op = 'ReduceLROnPlateau.step';
    let current: number;
    if (typeof metric === 'number') current = metric;
    else if (metric instanceof Tensor && metric.size === 1) current = metric.item();
    else {
      const got = metric instanceof Tensor ? `a tensor of shape [${metric.shape.join(', ')}]` : describeValue(metric);
      throw new Error(`${op}: metric must be a number or a one-element tensor, got ${got}`);
    }
    this.lastEpoch++;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const oldLr = g.options.lr;
        const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
        if (oldLr - newLr > this.eps) this.optimizer.setScheduledLr(i, newLr);
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.#lastLrs = this.optimizer.paramGroups.map((g) => g.options.lr);
  }

  /** True while cooling down after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** The learning rate after the last step, of the first group. */
  getLastLr(): number {
    return this.#lastLrs[0]!;
  }

  /** The learning rates after the last step, one per group. */
  getLastLrs(): number[] {
    return [...this.#lastLrs];
  }

  private savedOptions(): Record<string, unknown> {
    return {
      mode: this.mode,
      factor: this.factor,
      patience: this.patience,
      threshold: this.threshold,
      thresholdMode: this.thresholdMode,
      cooldown: this.cooldown,
      minLr: [...this.minLrs],
      eps: this.eps,
    };
  }

  /** The progress: best metric, bad epochs, cooldown, epoch count (see `PlateauStateDict`). */
  stateDict(): PlateauStateDict {
    return {
      scheduler: 'ReduceLROnPlateau',
      lastEpoch: this.lastEpoch,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLrs: [...this.#lastLrs],
      options: this.savedOptions(),
    };
  }

  /** Restore the progress saved by a ReduceLROnPlateau built with the same options (checked in full first). */
  loadStateDict(state: PlateauStateDict): void {
    this.prepareLoadStateDict(state)();
  }

  /** The checks of `loadStateDict`, and a function that then applies it. @internal */
  prepareLoadStateDict(state: unknown): () => void {
    const op = 'ReduceLROnPlateau.loadStateDict';
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new Error(`${op}: expected a scheduler state from stateDict(), got ${describeValue(state)}`);
    }
    checkOptions(op, state, [
      'scheduler',
      'lastEpoch',
      'best',
      'numBadEpochs',
      'cooldownCounter',
      'lastLrs',
      'options',
    ]);
    const s = state as Partial<PlateauStateDict>;
    // The common checks (kind, options, lastLrs) with baseLrs standing in for lastLrs.
    checkSchedulerState(
      op,
      'ReduceLROnPlateau',
      { scheduler: s.scheduler, lastEpoch: s.lastEpoch, baseLrs: s.lastLrs, lastLrs: s.lastLrs, options: s.options },
      this.optimizer.paramGroups.length,
      this.savedOptions(),
    );
    checkNumber(op, 'best', s.best, { finite: false });
    checkInteger(op, 'numBadEpochs', s.numBadEpochs, 0);
    checkInteger(op, 'cooldownCounter', s.cooldownCounter, 0);
    const { lastEpoch, best, numBadEpochs, cooldownCounter } = s as PlateauStateDict;
    const lastLrs = [...(s.lastLrs as number[])];
    return () => {
      this.lastEpoch = lastEpoch;
      this.best = best;
      this.numBadEpochs = numBadEpochs;
      this.cooldownCounter = cooldownCounter;
      this.#lastLrs = lastLrs;
    };
  }
}
