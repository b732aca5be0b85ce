import { Tensor } from '@actlab/autograd';
import { checkBoolean, checkInteger, checkOptions, describeValue, type FloatArray, getBackend } from '@actlab/kernels';

/**
 * Optimisers with PyTorch's update rules (torch.optim 1.13, single-tensor path) and option names in camelCase.
 * `step()` updates each parameter's `data` in place and allocates nothing after the first step (state buffers are
 * created then, in the parameter's dtype). Parameters whose `grad` is null are skipped, as in PyTorch. The update
 * of one parameter is @actlab/kernels' fused `sgdUpdate` / `adamUpdate` on the active backend (the js and wasm
 * ones give the same bits), so the rule is written once.
 *
 * `stateDict()` / `loadStateDict()` follow PyTorch's structure: `state` by parameter index (SGD's
 * `momentumBuffer`; Adam's `step`, `expAvg`, `expAvgSq`, `maxExpAvgSq` — PyTorch's names in camelCase) and
 * `paramGroups` (each group's options and its parameter indices), plus the optimiser's `stepCount`.
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

/**
 * A learning rate given by the caller must be > 0; one restored by `loadStateDict` may also be 0, which a scheduler
 * reaches (cosine annealing to etaMin 0, a linear decay to endFactor 0) and saves.
 */
function checkLr(op: string, lr: number, restored = false): void {
  if (restored) {
    checkNumber(op, 'lr', lr, lr >= 0 && Number.isFinite(lr), 'a saved learning rate must be a finite number >= 0');
  } else checkNumber(op, 'lr', lr, lr > 0 && Number.isFinite(lr), 'the learning rate must be a finite number > 0');
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

/**
 * An optimiser's state, PyTorch's `optimizer.state_dict()` in camelCase: per-parameter state by index into the
 * parameters (groups concatenated), each group's options with the indices of its parameters, and `stepCount`.
 * Tensors share the optimiser's buffers (clone them to keep a snapshot while training goes on).
 */
export interface OptimizerStateDict<R = Record<string, unknown>, S = unknown> {
  state: Record<string, S>;
  paramGroups: (R & { lr: number; params: number[] })[];
  stepCount: number;
}

/** A tensor-like state value as `loadStateDict` accepts it (a Tensor, or `{ shape, data }` from a file). */
export interface StateBuffer {
  readonly shape?: readonly number[] | undefined;
  readonly data: FloatArray;
}

function isGroupSpec<O>(value: unknown): value is ParamGroupSpec<O> {
  return typeof value === 'object' && value !== null && 'params' in value && !('data' in value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks a saved state buffer for `param` and returns its data, or throws naming `what`: float data only
 * (a BigInt64Array or Int32Array is refused), the parameter's size and, when the value has a shape, its shape.
 */
function checkBuffer(op: string, what: string, value: unknown, param: OptimizableTensor): FloatArray {
  if (!isRecord(value)) throw new Error(`${op}: ${what} is ${describeValue(value)}; expected a tensor`);
  const { data, shape } = value as { data?: unknown; shape?: unknown };
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new Error(`${op}: ${what} has data ${describeValue(data)}; expected a Float32Array or Float64Array`);
  }
  if (shape !== undefined && (!Array.isArray(shape) || !sameShape(shape, param.shape))) {
    throw new Error(
      `${op}: ${what} has shape ${Array.isArray(shape) ? `[${shape.join(', ')}]` : describeValue(shape)}, ` +
        `but its parameter has shape [${param.shape.join(', ')}]`,
    );
  }
  if (data.length !== param.data.length) {
    throw new Error(`${op}: ${what} has ${data.length} values, but its parameter has ${param.data.length}`);
  }
  return data;
}

/** A copy of `data` in `like`'s dtype (PyTorch casts loaded state to the parameter's dtype). */
function copyLike(like: FloatArray, data: FloatArray): FloatArray {
  const out = like instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  out.set(data);
  return out;
}

/**
 * The base of SGD, Adam and AdamW: holds the parameter groups and their resolved options, clears gradients, and
 * runs `update` for every parameter that has a gradient. `R` is a group's resolved options, `S` a parameter's
 * saved state.
 */
export abstract class Optimizer<R = unknown, S = unknown> {
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
    /** Fills in defaults and validates; `restored` (loadStateDict) also accepts a learning rate of 0. */
    private readonly resolve: (merged: Partial<R> & { lr?: number }, restored?: boolean) => R & { lr: number },
    private readonly optionKeys: readonly string[],
  ) {
    if (params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
      throw new Error(
        `${name}: expected a list of parameters (model.parameters()) or of groups, got ${describeValue(params)}`,
      );
    }
    // `defaults` is the caller's options argument as given: null or a string is refused here, not read as {}.
    checkOptions(name, defaults, optionKeys);
    defaults = defaults ?? {};
    const items: unknown[] = [...params];
    // A group's spec is its overrides too: the resolvers read only their own option names, not `params`.
    const entries: { params: Iterable<OptimizableTensor>; overrides: Partial<R> & { lr?: number } }[] = [];
    if (items.length > 0 && items.every(isGroupSpec<R>)) {
      items.forEach((spec, g) => {
        checkOptions(`${name}: parameter group ${g}`, spec, ['params', ...optionKeys]);
        const list = spec.params;
        if (list === null || typeof list !== 'object' || !(Symbol.iterator in list)) {
          throw new Error(
            `${name}: parameter group ${g} has params ${describeValue(list)}; expected a list of tensors`,
          );
        }
        entries.push({ params: list, overrides: spec });
      });
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
          throw new Error(`${name}: every parameter must be a Tensor; group ${g} holds ${describeValue(p)}`);
        }
        if (seen.has(p))
          throw new Error(`${name}: a parameter appears twice (in group ${g}); list each parameter once`);
        seen.add(p);
      }
      const { params: _ignored, ...overrides } = entry.overrides as Record<string, unknown>;
      groups.push({ params: list, options: resolve({ ...defaults, ...(overrides as Partial<R>) }) });
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
    checkInteger(`${this.name}.setScheduledLr`, 'group', group, 0, this.paramGroups.length - 1);
    checkNumber(this.name, 'scheduled lr', value, value >= 0 && Number.isFinite(value), 'it must be finite and >= 0');
    this.paramGroups[group]!.options.lr = value;
  }

  /**
   * Whether a scheduler can cycle momentum (PyTorch: `'momentum'` or `'betas'` among the options); SGD always can,
   * even with momentum 0, as in PyTorch.
   * @internal
   */
  get momentumOption(): 'momentum' | 'betas' | null {
    const o = this.paramGroups[0]!.options as Record<string, unknown>;
    return 'betas' in o ? 'betas' : 'momentum' in o ? 'momentum' : null;
  }

  /** Set one group's momentum (SGD) or first beta (Adam) from a scheduler. @internal */
  setScheduledMomentum(group: number, value: number): void {
    checkInteger(`${this.name}.setScheduledMomentum`, 'group', group, 0, this.paramGroups.length - 1);
    checkNumber(this.name, 'scheduled momentum', value, value >= 0 && value < 1, 'it must be in [0, 1)');
    const o = this.paramGroups[group]!.options as Record<string, unknown>;
    if (this.momentumOption === 'betas') o.betas = [value, (o.betas as readonly [number, number])[1]];
    else o.momentum = value;
  }

  /**
   * Clear every parameter's gradient. By default the gradient buffers are zeroed in place and kept, so the
   * next backward accumulates into them without allocating; `{ setToNone: true }` drops them instead.
   */
  zeroGrad(options?: { setToNone?: boolean | undefined }): void {
    checkOptions(`${this.name}.zeroGrad`, options, ['setToNone']);
    const setToNone = options?.setToNone ?? false;
    checkBoolean(`${this.name}.zeroGrad`, 'setToNone', setToNone);
    for (const p of this.params) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** Apply one update from the current gradients. */
  step(): void {
    // Every gradient is checked before the first parameter moves: a bad one leaves the model as it was.
    for (let index = 0; index < this.params.length; index++) {
      const p = this.params[index]!;
      if (p.grad !== null && p.grad.data.length !== p.data.length) {
        throw new Error(
          `${this.name}.step: parameter ${index} of shape [${p.shape.join(', ')}] has a gradient of ` +
            `${p.grad.data.length} elements instead of ${p.data.length}; a gradient must have its parameter's shape`,
        );
      }
    }
    this.stepCount++;
    let index = 0;
    for (const group of this.paramGroups) {
      const params = group.params;
      for (let i = 0; i < params.length; i++, index++) {
        const p = params[i]!;
        if (p.grad === null) continue;
        this.update(index, p.data, p.grad.data, group.options);
      }
    }
  }

  /** Update one parameter (`index` counts across groups, for per-parameter state). */
  protected abstract update(index: number, param: FloatArray, grad: FloatArray, options: R & { lr: number }): void;

  /** Parameter `index`'s state for `stateDict()`, or null when it has none yet. */
  protected abstract saveParamState(index: number): S | null;

  /**
   * Check parameter `index`'s saved state (given the options its group will have) and return a function that
   * installs it; called for every saved entry before any is installed.
   */
  protected abstract prepareParamState(
    op: string,
    index: number,
    value: unknown,
    options: R & { lr: number },
  ): () => void;

  /** Drop every parameter's state (before installing a loaded one). */
  protected abstract clearState(): void;

  protected zerosLike(param: FloatArray): FloatArray {
    return param instanceof Float64Array ? new Float64Array(param.length) : new Float32Array(param.length);
  }

  /**
   * The optimiser's state, PyTorch's `state_dict()`: `{ state, paramGroups, stepCount }` (see
   * `OptimizerStateDict`). Save it with `saveCheckpoint`, or keep it in memory (the tensors share storage).
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   * import { Adam } from '@actlab/layers';
   *
   * const w = tensor([1, -2], { requiresGrad: true });
   * const opt = new Adam([w], { lr: 0.1 });
   * w.square().sum().backward();
   * opt.step();
   * const state = opt.stateDict();
   * console.log(Object.keys(state.state[0]!).join(', '), state.state[0]!.step, state.paramGroups[0]!.lr);
   * // step, expAvg, expAvgSq 1 0.1
   * ```
   */
  stateDict(): OptimizerStateDict<R, S> {
    const state: Record<string, S> = {};
    this.params.forEach((_, i) => {
      const s = this.saveParamState(i);
      if (s !== null) state[String(i)] = s;
    });
    let start = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const options = { ...g.options } as R & { lr: number };
      for (const [k, v] of Object.entries(options))
        if (Array.isArray(v)) (options as Record<string, unknown>)[k] = [...v];
      const params = g.params.map((_, i) => start + i);
      start += g.params.length;
      return { ...options, params };
    });
    return { state, paramGroups, stepCount: this.stepCount };
  }

  /**
   * Restore a state from `stateDict()` (PyTorch's `load_state_dict`): the groups' options (learning rates
   * included), every parameter's state and `stepCount`. All or nothing: the number of groups and each group's size,
   * every option (by the constructor's rules), every buffer's dtype kind (float only), shape and size are checked
   * before anything changes. Buffers are copied, in each parameter's dtype.
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   * import { SGD } from '@actlab/layers';
   *
   * const train = (opt: SGD, w: ReturnType<typeof tensor>, steps: number) => {
   *   for (let i = 0; i < steps; i++) {
   *     opt.zeroGrad();
   *     w.square().sum().backward();
   *     opt.step();
   *   }
   * };
   * const a = tensor([1, -2], { requiresGrad: true });
   * const optA = new SGD([a], { lr: 0.1, momentum: 0.9 });
   * train(optA, a, 2);
   * // a fresh optimiser on a copy of the parameter continues where optA stopped
   * const b = tensor(Array.from(a.data), { requiresGrad: true });
   * const optB = new SGD([b], { lr: 0.1, momentum: 0.9 });
   * optB.loadStateDict(optA.stateDict());
   * train(optA, a, 3);
   * train(optB, b, 3);
   * console.log(Array.from(a.data).join(' ') === Array.from(b.data).join(' ')); // true
   * ```
   */
  loadStateDict(state: OptimizerStateDict<R, S>): void {
    this.prepareLoadStateDict(state)();
  }

  /** The checks of `loadStateDict`, and a function that then applies it (cannot fail). @internal */
  prepareLoadStateDict(state: unknown): () => void {
    const op = `${this.name}.loadStateDict`;
    if (!isRecord(state))
      throw new Error(`${op}: expected { state, paramGroups, stepCount }, got ${describeValue(state)}`);
    checkOptions(op, state, ['state', 'paramGroups', 'stepCount']);
    const { state: perParam, paramGroups, stepCount = 0 } = state as Record<string, unknown>;
    checkInteger(op, 'stepCount', stepCount, 0);
    if (!Array.isArray(paramGroups)) {
      throw new Error(`${op}: paramGroups is ${describeValue(paramGroups)}; expected an array of groups`);
    }
    if (paramGroups.length !== this.paramGroups.length) {
      throw new Error(
        `${op}: the state has ${paramGroups.length} parameter groups, this optimiser ${this.paramGroups.length}; ` +
          'build the optimiser with the same groups as the one that was saved',
      );
    }
    // PyTorch maps the saved indices onto this optimiser's parameters by position, group by group.
    const indexOf = new Map<number, number>();
    const resolved: (R & { lr: number })[] = [];
    let position = 0;
    paramGroups.forEach((saved: unknown, g) => {
      const own = this.paramGroups[g]!;
      if (!isRecord(saved)) throw new Error(`${op}: paramGroups[${g}] is ${describeValue(saved)}; expected an object`);
      checkOptions(`${op}: paramGroups[${g}]`, saved, ['params', ...this.optionKeys]);
      const ids = saved.params;
      if (!Array.isArray(ids) || ids.length !== own.params.length) {
        throw new Error(
          `${op}: paramGroups[${g}] holds ${Array.isArray(ids) ? ids.length : describeValue(ids)} parameters, ` +
            `this optimiser's group ${g} holds ${own.params.length}; the state belongs to a different model or grouping`,
        );
      }
      for (const id of ids) {
        checkInteger(`${op}: paramGroups[${g}].params`, 'every index', id, 0);
        if (indexOf.has(id)) throw new Error(`${op}: parameter index ${id} appears twice in paramGroups`);
        indexOf.set(id, position++);
      }
      const { params: _ids, ...options } = saved;
      resolved.push(this.resolve(options as Partial<R> & { lr?: number }, true));
    });
    if (!isRecord(perParam)) throw new Error(`${op}: state is ${describeValue(perParam)}; expected an object by index`);
    const installs: (() => void)[] = [];
    const groupOf = this.paramGroups.flatMap((g, gi) => g.params.map(() => gi));
    for (const key of Object.keys(perParam)) {
      const id = Number(key);
      const index = String(id) === key ? indexOf.get(id) : undefined;
      if (index === undefined) {
        throw new Error(`${op}: state['${key.slice(0, 40)}'] is for no parameter listed in paramGroups`);
      }
      installs.push(this.prepareParamState(`${op}: state[${key}]`, index, perParam[key], resolved[groupOf[index]!]!));
    }
    return () => {
      this.paramGroups.forEach((g, i) => {
        const target = g.options as Record<string, unknown>;
        for (const k of Object.keys(target)) delete target[k];
        Object.assign(target, resolved[i]!);
      });
      this.clearState();
      for (const install of installs) install();
      this.stepCount = stepCount;
    };
  }
}

/** Options of `SGD` (and of its parameter groups); `lr` is required. */
export interface SGDOptions {
  lr: number;
  /** Momentum factor; default 0. */
  momentum?: number | undefined;
  /** Dampening of the momentum's gradient term; default 0. */
  dampening?: number | undefined;
  /** L2 penalty added to the gradient; default 0. */
  weightDecay?: number | undefined;
  /** Nesterov momentum (needs momentum > 0 and dampening 0); default false. */
  nesterov?: boolean | undefined;
  /** Ascend instead of descend; default false. */
  maximize?: boolean | undefined;
}

/** SGD's options as a group holds them (defaults filled in, validated). */
export type SGDResolved = Required<SGDOptions>;

/** SGD's saved state of one parameter (PyTorch's `momentum_buffer`). */
export interface SGDParamState {
  momentumBuffer: Tensor;
}

const SGD_KEYS = ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'] as const;

function resolveSGD(o: Partial<SGDOptions>, restored = false): SGDResolved {
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = o;
  checkLr('SGD', lr as number, restored);
  checkNumber('SGD', 'momentum', momentum, momentum >= 0 && Number.isFinite(momentum), 'it must be >= 0');
  checkNumber('SGD', 'dampening', dampening, Number.isFinite(dampening), 'it must be finite');
  checkNumber('SGD', 'weightDecay', weightDecay, weightDecay >= 0 && Number.isFinite(weightDecay), 'it must be >= 0');
  checkBoolean('SGD', 'nesterov', nesterov);
  checkBoolean('SGD', 'maximize', maximize);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new Error(
      `SGD: nesterov needs momentum > 0 and dampening 0 (got momentum ${momentum}, dampening ${dampening})`,
    );
  }
  return { lr: lr as number, momentum, dampening, weightDecay, nesterov, maximize };
}

/**
 * Stochastic gradient descent, PyTorch's rule (see `sgdUpdate`). `params` is a list of tensors or of groups with
 * their own options: `[{ params: weights, weightDecay: 1e-4 }, { params: biases }]`.
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
export class SGD extends Optimizer<SGDResolved, SGDParamState> {
  private readonly buffers: (FloatArray | null)[];

  constructor(params: OptimizerParams<SGDOptions>, options: SGDOptions) {
    super('SGD', params, options, resolveSGD, SGD_KEYS);
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
    if (options.momentum === 0) {
      getBackend().sgdUpdate(p, g, null, false, options);
      return;
    }
    let buf = this.buffers[index]!;
    const first = buf === null;
    if (first) buf = this.buffers[index] = this.zerosLike(p);
    getBackend().sgdUpdate(p, g, buf, first, options);
  }

  protected saveParamState(index: number): SGDParamState | null {
    const buf = this.buffers[index]!;
    return buf === null ? null : { momentumBuffer: new Tensor(buf, this.params[index]!.shape) };
  }

  protected prepareParamState(op: string, index: number, value: unknown): () => void {
    if (!isRecord(value)) throw new Error(`${op} is ${describeValue(value)}; expected { momentumBuffer }`);
    checkOptions(op, value, ['momentumBuffer']);
    const p = this.params[index]!;
    // PyTorch 1.13 saves momentum_buffer None for momentum 0: no state.
    if (value.momentumBuffer === undefined || value.momentumBuffer === null) return () => undefined;
    const data = checkBuffer(op, 'momentumBuffer', value.momentumBuffer, p);
    return () => {
      this.buffers[index] = copyLike(p.data, data);
    };
  }

  protected clearState(): void {
    this.buffers.fill(null);
  }
}

/** Options of `Adam` and `AdamW` (and of their parameter groups). */
export interface AdamOptions {
  /** Default 0.001. */
  lr?: number | undefined;
  /** Decay rates of the first and second moment averages; default [0.9, 0.999]. */
  betas?: readonly [number, number] | undefined;
  /** Added to the denominator; default 1e-8. */
  eps?: number | undefined;
  /** Adam: L2 penalty added to the gradient (default 0). AdamW: decoupled decay p *= 1 − lr·wd (default 0.01). */
  weightDecay?: number | undefined;
  /** Use the maximum of past second moments (AMSGrad); default false. */
  amsgrad?: boolean | undefined;
  /** Ascend instead of descend; default false. */
  maximize?: boolean | undefined;
}

/** Adam's and AdamW's options as a group holds them. */
export type AdamResolved = Required<AdamOptions>;

/** Adam's and AdamW's saved state of one parameter (PyTorch's `step`, `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`). */
export interface AdamParamState {
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor | undefined;
}

const ADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'] as const;

function adamResolver(name: string, defaultWeightDecay: number) {
  return (o: Partial<AdamOptions>, restored = false): AdamResolved => {
    const {
      lr = 0.001,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = defaultWeightDecay,
      amsgrad = false,
      maximize = false,
    } = o;
    checkLr(name, lr, restored);
    if (!Array.isArray(betas) || betas.length !== 2) {
      throw new Error(`${name}: betas ${JSON.stringify(betas)} must be a pair [beta1, beta2]`);
    }
    const [b1, b2] = betas;
    checkNumber(name, 'betas[0]', b1, b1 >= 0 && b1 < 1, 'it must be in [0, 1)');
    checkNumber(name, 'betas[1]', b2, b2 >= 0 && b2 < 1, 'it must be in [0, 1)');
    checkNumber(name, 'eps', eps, eps >= 0 && Number.isFinite(eps), 'it must be >= 0');
    checkNumber(name, 'weightDecay', weightDecay, weightDecay >= 0 && Number.isFinite(weightDecay), 'it must be >= 0');
    checkBoolean(name, 'amsgrad', amsgrad);
    checkBoolean(name, 'maximize', maximize);
    return { lr, betas: [b1, b2], eps, weightDecay, amsgrad, maximize };
  };
}

class AdamBase extends Optimizer<AdamResolved, AdamParamState> {
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
    super(name, params, options, adamResolver(name, defaultWeightDecay), ADAM_KEYS);
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
    let m = this.expAvg[index]!;
    let v = this.expAvgSq[index]!;
    if (m === null || v === null) {
      m = this.expAvg[index] = this.zerosLike(p);
      v = this.expAvgSq[index] = this.zerosLike(p);
    }
    let vMax = this.maxExpAvgSq[index]!;
    if (options.amsgrad && vMax === null) vMax = this.maxExpAvgSq[index] = this.zerosLike(p);
    const step = ++this.steps[index]!;
    getBackend().adamUpdate(p, g, m, v, options.amsgrad ? vMax : null, step, options, this.decoupled);
  }

  protected saveParamState(index: number): AdamParamState | null {
    const m = this.expAvg[index]!;
    const v = this.expAvgSq[index]!;
    if (m === null || v === null) return null;
    const shape = this.params[index]!.shape;
    const out: AdamParamState = {
      step: this.steps[index]!,
      expAvg: new Tensor(m, shape),
      expAvgSq: new Tensor(v, shape),
    };
    const vMax = this.maxExpAvgSq[index]!;
    if (vMax !== null) out.maxExpAvgSq = new Tensor(vMax, shape);
    return out;
  }

  protected prepareParamState(op: string, index: number, value: unknown, options: AdamResolved): () => void {
    if (!isRecord(value)) throw new Error(`${op} is ${describeValue(value)}; expected { step, expAvg, expAvgSq }`);
    checkOptions(op, value, ['step', 'expAvg', 'expAvgSq', 'maxExpAvgSq']);
    const p = this.params[index]!;
    checkInteger(op, 'step', value.step, 0);
    const m = checkBuffer(op, 'expAvg', value.expAvg, p);
    const v = checkBuffer(op, 'expAvgSq', value.expAvgSq, p);
    const hasMax = value.maxExpAvgSq !== undefined && value.maxExpAvgSq !== null;
    const vMax = hasMax ? checkBuffer(op, 'maxExpAvgSq', value.maxExpAvgSq, p) : null;
    if (options.amsgrad && vMax === null) {
      throw new Error(`${op} has no maxExpAvgSq, which its group needs (amsgrad is true)`);
    }
    const step = value.step;
    return () => {
      this.expAvg[index] = copyLike(p.data, m);
      this.expAvgSq[index] = copyLike(p.data, v);
      this.maxExpAvgSq[index] = vMax === null ? null : copyLike(p.data, vMax);
      this.steps[index] = step;
    };
  }

  protected clearState(): void {
    this.expAvg.fill(null);
    this.expAvgSq.fill(null);
    this.maxExpAvgSq.fill(null);
    this.steps.fill(0);
  }
}

/**
 * Adam (Kingma & Ba), PyTorch's rule including its L2 `weightDecay` and `amsgrad` (see `adamUpdate`); parameter
 * groups as SGD.
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
