import { Tensor } from '@actlab/autograd';
import {
  checkBoolean,
  checkChoice,
  checkInteger,
  checkOptions,
  type DType,
  describeValue,
  type FloatArray,
} from '@actlab/kernels';
import { addForwardHook, addForwardPreHook, type RemovableHandle } from './hooks';
import { type ModuleSummary, type SummaryOptions, summarize } from './summary';

/**
 * `Module`, PyTorch's nn.Module without decorators or Proxies: a module's parameters and children are found by
 * walking its own enumerable properties in definition order, and their keys are the property names —
 * `this.weight = parameter(...)` is `weight`, `this.lin = new Linear(...)` contributes `lin.weight`, an array of
 * modules `this.blocks = [...]` contributes `blocks.0.…` (as a `ModuleList` would) — unless every module in it is
 * registered elsewhere in the module (a list kept for indexing beside `new ModuleList(list)`), which then names no keys,
 * as PyTorch ignores such a list. So declaring fields in PyTorch's order gives PyTorch's state-dict keys, and weights
 * move between the two unchanged.
 *
 * A parameter is a Tensor passed through `parameter()` (which sets `requiresGrad` and marks it); other Tensor
 * properties (caches, constants) are not parameters and are not saved.
 *
 * Registration cannot see a module or parameter held inside a `Map`, a `Set`, a plain object, an array that is not
 * all modules, or any other object in a field. Every walk over the tree (`parameters()`, `namedParameters()`,
 * `modules()`, `stateDict()`, `loadStateDict()`, `train()`, `zeroGrad()`, `numParameters()`, `to()`, `summary()`)
 * looks inside such fields and throws an Error naming the field when it finds one that is not also registered
 * somewhere else in the tree — never a silently untrained parameter. The check runs on those walks, not in
 * `forward`, so it costs nothing per step of a training loop that builds its optimiser once.
 *
 * What cannot be detected: `#private` fields (JavaScript offers no reflection into them), values captured in
 * closures, non-enumerable or symbol-keyed properties, and the contents of a `WeakMap`/`WeakSet`. Keep modules and
 * parameters in public fields (TypeScript's `private` is fine: it is an ordinary property at run time) or in the
 * containers (`ModuleList`, `ModuleDict`, `ParameterList`), or list them by overriding `namedMembers()`.
 */

const parameterTensors = new WeakSet<Tensor>();

/**
 * Mark `t` as a learnable parameter (PyTorch's nn.Parameter) and set `requiresGrad`; returns `t`.
 *
 * @example
 * ```ts
 * import { ones, type Tensor } from '@actlab/autograd';
 * import { isParameter, Module, parameter } from '@actlab/layers';
 *
 * class Scale extends Module {
 *   scale = parameter(ones([1]));
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.scale);
 *   }
 * }
 * const m = new Scale();
 * console.log(isParameter(m.scale), m.scale.requiresGrad, Object.keys(m.stateDict()).join(', ')); // true true scale
 * ```
 */
export function parameter(t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`parameter: expected a Tensor, got ${describeValue(t)}`);
  if (!t.isLeaf) throw new Error('parameter: a parameter must be a leaf tensor; pass x.detach() or a fresh tensor');
  t.requiresGrad = true;
  parameterTensors.add(t);
  return t;
}

/** True for tensors marked by `parameter()`. */
export function isParameter(value: unknown): value is Tensor {
  return value instanceof Tensor && parameterTensors.has(value);
}

/** A state-dict value: a Tensor, or anything with `shape` and `data` (e.g. what `loadSafetensors` returns). */
export interface StateTensor {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/** Options of `loadStateDict()`. */
export interface LoadStateDictOptions {
  /** Refuse missing and unexpected keys (default true). Shape mismatches are refused either way. */
  strict?: boolean | undefined;
}

/** What `loadStateDict` did not match, as PyTorch's `load_state_dict` returns it (empty lists when strict). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** Options of `numParameters()`. */
export interface NumParametersOptions {
  /** Count only parameters with `requiresGrad` (default false: count all). */
  trainableOnly?: boolean | undefined;
}

/**
 * A module of any signature, as the tree walks hold them (`Module` alone means one tensor in, one tensor out):
 * `any`, not `unknown`, so that a child found at run time can be handed to code that knows its signature.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type AnyModule = Module<any, any>;

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** PyTorch's `_addindent`: indent every line after the first. */
function indentTail(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').join(`\n${pad}`);
}

/** A module or parameter found where registration cannot see it. */
interface HiddenValue {
  /** Dotted path of the field from the root ('' prefix for the root's own fields). */
  field: string;
  /** Where inside the field: `heads.get('a')`, `blocks[2]`, `layers.first`. */
  where: string;
  /** What holds it directly: 'Map', 'Set', 'array', 'object', or a class name. */
  holder: string;
  value: AnyModule | Tensor;
}

/** A module as the walk found it. */
export interface WalkedModule {
  /** Dotted path from the root ('' for the root). */
  readonly path: string;
  /** Its key in its parent ('' for the root). */
  readonly key: string;
  /** 0 for the root, 1 for its children, … */
  readonly depth: number;
  readonly module: AnyModule;
}

/** What a walk over the tree found. */
export interface TreeWalk {
  /** Every module, preorder, each once. */
  modules: WalkedModule[];
  /** Every parameter with its key, each tensor once (its first key). */
  params: [string, Tensor][];
  /** For each module, its own parameters' member keys (used by `to()` to replace them). */
  ownParams: Map<AnyModule, [string, Tensor][]>;
}

function holderOf(value: object): string {
  if (value instanceof Map) return 'Map';
  if (value instanceof Set) return 'Set';
  if (Array.isArray(value)) return 'array';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'object';
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'object';
}

function quoteKey(key: unknown): string {
  if (typeof key === 'string') return `'${key.length > 40 ? `${key.slice(0, 40)}…` : key}'`;
  if (typeof key === 'number') return String(key);
  return describeValue(key);
}

/** Objects whose contents cannot hold a registrable value, or cannot be listed: skipped by the hidden scan. */
function isOpaque(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof WeakMap ||
    value instanceof WeakSet ||
    value instanceof Promise ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Error
  );
}

function suggestion(hidden: HiddenValue): string {
  const isModule = hidden.value instanceof Module;
  if (!isModule) return 'keep parameters in a ParameterList, or assign each one to a field of its own';
  if (hidden.holder === 'Map' || hidden.holder === 'object') return 'use a ModuleDict (new ModuleDict({ … }))';
  if (hidden.holder === 'array' || hidden.holder === 'Set') return 'use a ModuleList (new ModuleList([…]))';
  return 'assign it to a field of the module, or use a ModuleList/ModuleDict';
}

function hiddenError(op: string, root: AnyModule, found: HiddenValue[]): Error {
  const lines = found.slice(0, 10).map((h) => {
    const what =
      h.value instanceof Module
        ? `a Module (${h.value.typeName})`
        : `a parameter of shape ${formatShape(h.value.shape)}`;
    const holder = h.holder === 'object' ? 'a plain object' : h.holder === 'array' ? 'an array' : `a ${h.holder}`;
    return `field '${h.field}' holds ${what} inside ${holder}, at ${h.where}; ${suggestion(h)}`;
  });
  if (found.length > 10) lines.push(`… and ${found.length - 10} more`);
  return new Error(
    `${op}: ${root.typeName} has modules or parameters where registration cannot see them, so they would be ` +
      `neither trained nor saved:\n  ${lines.join('\n  ')}`,
  );
}

/**
 * The base of every layer, PyTorch's `nn.Module`: subclass it, assign parameters (`parameter(...)`) and child
 * modules as properties, and implement `forward`. Keys for `namedParameters`, `stateDict` and `loadStateDict` are
 * the property paths (see the note at the top of this file).
 *
 * `In` and `Out` type `forward`: one tensor in and one out by default; a module taking or returning several
 * declares them, e.g. `class Pair extends Module<[Tensor, Tensor], [Tensor, Tensor]>`. `Sequential` holds
 * single-tensor modules only.
 *
 * @example
 * ```ts
 * import { type Tensor, tensor } from '@actlab/autograd';
 * import { Linear, Module, ReLU } from '@actlab/layers';
 *
 * class TwoLayer extends Module {
 *   hidden = new Linear(4, 8);
 *   act = new ReLU();
 *   out = new Linear(8, 2);
 *   forward(x: Tensor): Tensor {
 *     return this.out.forward(this.act.forward(this.hidden.forward(x)));
 *   }
 * }
 * const net = new TwoLayer();
 * console.log(net.namedParameters().map(([key, p]) => `${key} ${p.shape.join('×')}`).join(', '));
 * // hidden.weight 8×4, hidden.bias 8, out.weight 2×8, out.bias 2
 * console.log(net.forward(tensor([[1, 2, 3, 4]])).shape.join('×')); // 1×2
 * ```
 */
export abstract class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** True in training mode (the default), false after `eval()`; Dropout reads it. */
  training = true;

  /** The computation: subclasses implement it (PyTorch's `forward`). */
  abstract forward(...inputs: In): Out;

  /**
   * The class name shown by `toString()`. The library's classes return a literal, so minified bundles (which
   * rename classes) still print `Linear`; a user's subclass shows its constructor's name unless it overrides this.
   */
  get typeName(): string {
    return this.constructor.name;
  }

  /** One line of settings shown inside the parentheses by `toString()`, e.g. `in_features=2, out_features=8`. */
  extraRepr(): string {
    return '';
  }

  /**
   * The members registration looks at, as `[key, value]` in order: by default the module's own enumerable
   * properties. Containers override it (ModuleDict lists its entries in insertion order); a module that keeps
   * children somewhere else (a `#private` field) can override it to list them, keeping the default entries.
   */
  protected namedMembers(): [string, unknown][] {
    const out: [string, unknown][] = [];
    for (const key of Object.keys(this)) {
      let value: unknown;
      try {
        value = (this as Record<string, unknown>)[key];
      } catch (e) {
        throw new Error(
          `${this.typeName}: reading its field '${key}' threw (${e instanceof Error ? e.message : String(e)}); ` +
            'registration reads every enumerable field, so make the getter safe or non-enumerable',
        );
      }
      out.push([key, value]);
    }
    return out;
  }

  /**
   * The modules reachable from `root` through fields and containers, never through a plain array: an array whose
   * modules are all among them is only another view of modules registered elsewhere (`this.layers = [a, b]` beside
   * `this.blocks = new ModuleList(this.layers)`), which PyTorch would not register, so it names no keys.
   */
  private static registeredOutsideArrays(root: AnyModule): Set<AnyModule> {
    const seen = new Set<AnyModule>();
    const stack: AnyModule[] = [root];
    while (stack.length > 0) {
      for (const [, value] of stack.pop()!.namedMembers()) {
        if (value instanceof Module && !seen.has(value)) {
          seen.add(value);
          stack.push(value);
        }
      }
    }
    return seen;
  }

  /** A module array member of `m` that registers children (not a view of modules registered elsewhere; see above). */
  private static isChildArray(m: AnyModule, value: unknown, reach: { set: Set<AnyModule> | null }): value is Module[] {
    if (!isModuleArray(value)) return false;
    reach.set ??= Module.registeredOutsideArrays(m);
    const registered = reach.set;
    return !value.every((item) => registered.has(item));
  }

  /**
   * Replace the member `key` (used by `to()` to swap a parameter for its converted copy). By default it assigns the
   * own property, which must be writable; containers override it.
   */
  protected replaceMember(key: string, value: Tensor): void {
    (this as Record<string, unknown>)[key] = value;
  }

  /** Whether `replaceMember(key, …)` can succeed; checked for every member before `to()` changes anything. */
  protected canReplaceMember(key: string): boolean {
    const d = Object.getOwnPropertyDescriptor(this, key);
    return d !== undefined && (d.writable === true || d.set !== undefined);
  }

  /** Direct children with their keys, in definition order. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    const reach = { set: null };
    for (const [key, value] of this.namedMembers()) {
      if (value instanceof Module) out.push([key, value]);
      else if (Module.isChildArray(this, value, reach)) {
        for (let i = 0; i < value.length; i++) out.push([`${key}.${i}`, value[i]!]);
      }
    }
    return out;
  }

  /** Direct children, in definition order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * One walk over the tree (every public walk goes through it): modules preorder, parameters by key, and the
   * hidden-value check (see the note at the top of this file).
   */
  private static walk(root: AnyModule, op: string): TreeWalk {
    const modules: WalkedModule[] = [];
    const params: [string, Tensor][] = [];
    const ownParams = new Map<AnyModule, [string, Tensor][]>();
    const seenModules = new Set<AnyModule>();
    const seenParams = new Set<Tensor>();
    const hidden: HiddenValue[] = [];
    const scanned = new Set<object>();
    const scan = (start: object, field: string) => {
      // Iterative, so a long chain of objects cannot overflow the stack.
      const stack: [unknown, string, string][] = [[start, field, holderOf(start)]];
      while (stack.length > 0) {
        const [value, where, holder] = stack.pop()!;
        if (value === null || typeof value !== 'object') continue;
        if (value instanceof Module) {
          hidden.push({ field, where, holder, value });
          continue;
        }
        if (value instanceof Tensor) {
          if (isParameter(value)) hidden.push({ field, where, holder, value });
          continue;
        }
        if (isOpaque(value) || scanned.has(value)) continue;
        scanned.add(value);
        const inner = holderOf(value);
        const items: [unknown, string, string][] = [];
        if (value instanceof Map) {
          for (const [k, v] of value) {
            items.push([k, `a key of ${where}`, inner]);
            items.push([v, `${where}.get(${quoteKey(k)})`, inner]);
          }
        } else if (value instanceof Set) {
          let i = 0;
          for (const v of value) items.push([v, `${where} (item ${i++} of the Set)`, inner]);
        } else if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const v: unknown = value[i];
            if (v !== null && typeof v === 'object') items.push([v, `${where}[${i}]`, inner]);
          }
        } else {
          for (const k of Object.keys(value)) {
            let v: unknown;
            try {
              v = (value as Record<string, unknown>)[k];
            } catch {
              continue; // a getter that throws (a host object) holds nothing registration could use
            }
            if (v !== null && typeof v === 'object') items.push([v, `${where}.${k}`, inner]);
          }
        }
        for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]!);
      }
    };
    const visit = (m: AnyModule, path: string, key: string, depth: number) => {
      if (seenModules.has(m)) return;
      seenModules.add(m);
      modules.push({ path, key, depth, module: m });
      const prefix = path === '' ? '' : `${path}.`;
      const own: [string, Tensor][] = [];
      const children: [string, AnyModule][] = [];
      const reach = { set: null };
      for (const [key, value] of m.namedMembers()) {
        if (value instanceof Module) children.push([key, value]);
        else if (isParameter(value)) own.push([key, value]);
        else if (Module.isChildArray(m, value, reach)) {
          for (let i = 0; i < value.length; i++) children.push([`${key}.${i}`, value[i]!]);
        } else if (isModuleArray(value)) {
          // a view of modules registered elsewhere in m: they get their keys there
        } else if (value !== null && typeof value === 'object' && !(value instanceof Tensor)) {
          scan(value, prefix + key);
        }
      }
      ownParams.set(m, own);
      for (const [key, p] of own) {
        if (seenParams.has(p)) continue;
        seenParams.add(p);
        params.push([prefix + key, p]);
      }
      for (const [childKey, child] of children) visit(child, prefix + childKey, childKey, depth + 1);
    };
    visit(root, '', '', 0);
    const unseen = hidden.filter((h) =>
      h.value instanceof Module ? !seenModules.has(h.value) : !seenParams.has(h.value),
    );
    if (unseen.length > 0) throw hiddenError(op, root, unseen);
    return { modules, params, ownParams };
  }

  /**
   * This module and every descendant with their dotted paths, preorder, each once ('' for this module), as
   * PyTorch's `named_modules()`.
   */
  namedModules(): [string, Module][] {
    return Module.walk(this, `${this.typeName}.namedModules`).modules.map((w): [string, Module] => [w.path, w.module]);
  }

  /** This module and every descendant, depth first, each once. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** This module's own parameters (not its children's), in definition order. */
  protected ownParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [key, value] of this.namedMembers()) if (isParameter(value)) out.push([key, value]);
    return out;
  }

  /** Every parameter with its dotted PyTorch key (`0.weight`, `lin.bias`); a shared tensor appears once. */
  namedParameters(): [string, Tensor][] {
    return Module.walk(this, `${this.typeName}.namedParameters`).params;
  }

  /** Every parameter, for an optimiser: `new SGD(model.parameters(), { lr })`. */
  parameters(): Tensor[] {
    return Module.walk(this, `${this.typeName}.parameters`).params.map(([, p]) => p);
  }

  /**
   * How many numbers the parameters hold (each shared tensor once), as torchinfo's "Total params".
   *
   * @example
   * ```ts
   * import { Linear, Sequential, Tanh } from '@actlab/layers';
   *
   * const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
   * console.log(model.numParameters()); // 33
   * ```
   */
  numParameters(options?: NumParametersOptions): number {
    const op = `${this.typeName}.numParameters`;
    checkOptions(op, options, ['trainableOnly']);
    const trainableOnly = options?.trainableOnly === undefined ? false : options.trainableOnly;
    checkBoolean(op, 'trainableOnly', trainableOnly);
    let total = 0;
    for (const [, p] of Module.walk(this, op).params) if (!trainableOnly || p.requiresGrad) total += p.size;
    return total;
  }

  /** Set training mode on this module and every descendant. */
  train(mode = true): this {
    checkBoolean(`${this.typeName}.train`, 'mode', mode);
    for (const { module } of Module.walk(this, `${this.typeName}.train`).modules) module.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clear every parameter's gradient: zeroed in place by default (no allocation), dropped with `setToNone`. */
  zeroGrad(options?: { setToNone?: boolean | undefined }): void {
    const op = `${this.typeName}.zeroGrad`;
    checkOptions(op, options, ['setToNone']);
    const setToNone = options?.setToNone === undefined ? false : options.setToNone;
    checkBoolean(op, 'setToNone', setToNone);
    for (const [, p] of Module.walk(this, op).params) p.zeroGrad(setToNone);
  }

  /**
   * The parameters by key, as tensors sharing the parameters' storage (detached), like PyTorch's
   * `state_dict()`. Save with `saveSafetensors(model)`.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, p] of Module.walk(this, `${this.typeName}.stateDict`).params) {
      Object.defineProperty(out, key, { value: p.detach(), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /**
   * Copy values into the parameters, in place (optimisers holding them stay valid). All or nothing: every problem
   * is found and reported at once, by key, before the first value is copied — a value that is not a tensor, data
   * that is not a Float32Array or Float64Array (an Int32Array or BigInt64Array is refused), a shape that disagrees
   * with its data or with the parameter, and, when `strict` (the default), missing and unexpected keys. float32 and
   * float64 values convert to the parameter's dtype.
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   * import { Linear } from '@actlab/layers';
   *
   * const lin = new Linear(2, 1);
   * lin.loadStateDict({ weight: tensor([[0.5, -0.5]]), bias: tensor([1]) });
   * console.log(Array.from(lin.weight.data).join(' '), lin.bias!.item()); // 0.5 -0.5 1
   * try {
   *   // the weight is valid, the bias is not: nothing is copied
   *   lin.loadStateDict({ weight: tensor([[9, 9]]), bias: { shape: [1], data: new Int32Array(1) } as never });
   * } catch {
   *   console.log(Array.from(lin.weight.data).join(' ')); // 0.5 -0.5
   * }
   * ```
   */
  loadStateDict(stateDict: Readonly<Record<string, StateTensor>>, options?: LoadStateDictOptions): LoadStateDictResult {
    const { apply, result } = this.prepareLoadStateDict(stateDict, options);
    apply();
    return result;
  }

  /**
   * The checks of `loadStateDict`, and a function that then copies (and cannot fail): `loadCheckpoint` checks the
   * model, the optimiser and the rest before it copies anything.
   * @internal
   */
  prepareLoadStateDict(
    stateDict: Readonly<Record<string, StateTensor>>,
    options?: LoadStateDictOptions,
  ): { apply: () => void; result: LoadStateDictResult } {
    const op = 'loadStateDict';
    checkOptions(op, options, ['strict']);
    const strict = options?.strict === undefined ? true : options.strict;
    checkBoolean(op, 'strict', strict);
    if (stateDict === null || typeof stateDict !== 'object' || Array.isArray(stateDict)) {
      throw new Error(`${op}: expected an object of tensors by key, got ${describeValue(stateDict)}`);
    }
    const own = Module.walk(this, `${this.typeName}.loadStateDict`).params;
    const ownKeys = new Set(own.map(([k]) => k));
    const missingKeys: string[] = [];
    const problems: string[] = [];
    // Each value's data is read once, here, and the copy uses what was checked (a getter cannot swap it later).
    const copies: [FloatArray, FloatArray][] = [];
    for (const [key, p] of own) {
      if (!Object.hasOwn(stateDict, key)) {
        missingKeys.push(key);
        continue;
      }
      const value: unknown = stateDict[key];
      const problem = checkStateValue(value, p.shape);
      if (typeof problem === 'string') {
        // PyTorch's wording for a shape mismatch, so its messages search the same.
        problems.push(
          problem.startsWith(SIZE_MISMATCH)
            ? `size mismatch for '${key}'${problem.slice(SIZE_MISMATCH.length)}`
            : `'${key}': ${problem}`,
        );
      } else copies.push([p.data, problem]);
    }
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !ownKeys.has(k));
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `${op}: error(s) loading the state dict into ${this.typeName}; nothing was copied:\n  ${problems.join('\n  ')}\n` +
          'Keys are PyTorch-style dotted property paths; compare with model.namedParameters(), or pass ' +
          '{ strict: false } to ignore missing and unexpected keys.',
      );
    }
    const apply = () => {
      for (const [target, source] of copies) target.set(source);
    };
    return { apply, result: { missingKeys, unexpectedKeys } };
  }

  /**
   * Convert every parameter (and its gradient) to `dtype`, PyTorch's `module.to(torch.float64)`. A tensor's dtype is
   * fixed, so each parameter is replaced by a converted copy in its field: build the optimiser after `to()` (as
   * PyTorch advises for `.to(device)`); an optimiser built before keeps the old tensors. Parameters that already
   * have `dtype` are kept as they are; a tensor shared by several fields stays shared. Checked in full before
   * anything is replaced. Returns this module.
   *
   * @example
   * ```ts
   * import { Adam, Linear, Sequential, Tanh } from '@actlab/layers';
   *
   * const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1)).to('float64');
   * const opt = new Adam(model.parameters()); // built after to(), so it holds the float64 tensors
   * console.log(model.parameters().map((p) => p.dtype).join(' ')); // float64 float64 float64 float64
   * ```
   */
  to(dtype: DType): this {
    const op = `${this.typeName}.to`;
    checkChoice(op, 'dtype', dtype, ['float32', 'float64']);
    const { modules, ownParams } = Module.walk(this, op);
    const plan: [AnyModule, string, Tensor][] = [];
    for (const { path, module: m } of modules) {
      for (const [key, p] of ownParams.get(m) ?? []) {
        if (p.dtype === dtype) continue;
        if (!m.canReplaceMember(key)) {
          throw new Error(
            `${op}: cannot replace parameter '${path === '' ? key : `${path}.${key}`}' (not a writable own property ` +
              `of ${m.typeName}); nothing was converted. Make the field writable or override replaceMember.`,
          );
        }
        plan.push([m, key, p]);
      }
    }
    const converted = new Map<Tensor, Tensor>();
    const convert = (data: FloatArray) => (dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data));
    for (const [m, key, p] of plan) {
      let next = converted.get(p);
      if (next === undefined) {
        next = parameter(new Tensor(convert(p.data), p.shape));
        next.requiresGrad = p.requiresGrad;
        if (p.grad !== null) next.grad = new Tensor(convert(p.grad.data), p.shape);
        converted.set(p, next);
      }
      m.replaceMember(key, next);
    }
    return this;
  }

  /**
   * Call `hook(module, inputs, output)` after every `forward` of this module (PyTorch's `register_forward_hook`);
   * a hook that returns a value replaces the output. Costs nothing while no hook is registered. Returns a handle
   * whose `remove()` unregisters it.
   *
   * @example
   * ```ts
   * import { zeros } from '@actlab/autograd';
   * import { Linear, ReLU, Sequential } from '@actlab/layers';
   *
   * const model = new Sequential(new Linear(3, 5), new ReLU(), new Linear(5, 2));
   * const shapes: string[] = [];
   * const handle = model.at(0).registerForwardHook((_module, [input], output) => {
   *   shapes.push(`${input.shape.join('×')} -> ${output.shape.join('×')}`);
   * });
   * model.forward(zeros([4, 3]));
   * handle.remove();
   * model.forward(zeros([4, 3])); // not recorded: the hook is gone
   * console.log(shapes.join(', ')); // 4×3 -> 4×5
   * ```
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook with a block body and no return is typed void
  registerForwardHook(hook: (module: this, inputs: In, output: Out) => Out | undefined | void): RemovableHandle {
    return addForwardHook(this, hook);
  }

  /**
   * Call `hook(module, inputs)` before every `forward` of this module (PyTorch's `register_forward_pre_hook`); a
   * hook that returns an array replaces the inputs (a single returned value becomes the only input). Returns a
   * handle whose `remove()` unregisters it.
   *
   * @example
   * ```ts
   * import { tensor } from '@actlab/autograd';
   * import { ReLU } from '@actlab/layers';
   *
   * const relu = new ReLU();
   * relu.registerForwardPreHook((_module, [x]) => [x.clamp(-1, 1)]);
   * console.log(relu.forward(tensor([-3, 0.5, 7])).toArray().join(' ')); // 0 0.5 1
   * ```
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook with a block body and no return is typed void
  registerForwardPreHook(hook: (module: this, inputs: In) => In | undefined | void): RemovableHandle {
    return addForwardPreHook(this, hook);
  }

  /**
   * A torchinfo-like table: every module with its key, type and parameter count, the output shape of each when a
   * sample `input` is given (one forward in eval mode without gradients; training flags are restored and nothing
   * draws random numbers), and the totals. `depth` limits the rows (deeper modules are counted in their ancestor's
   * row). Print it with `console.log(String(model.summary()))`.
   *
   * @example
   * ```ts
   * import { zeros } from '@actlab/autograd';
   * import { Linear, Sequential, Tanh } from '@actlab/layers';
   *
   * const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
   * console.log(String(model.summary({ input: zeros([4, 2]) })));
   * // ======================================================
   * // Layer (type (key): depth-idx)  Output Shape    Param #
   * // ======================================================
   * // Sequential                     [4, 1]          --
   * // ├─Linear (0): 1-1              [4, 8]          24
   * // ├─Tanh (1): 1-2                [4, 8]          --
   * // └─Linear (2): 1-3              [4, 1]          9
   * // ======================================================
   * // Total params: 33
   * // Trainable params: 33
   * // Non-trainable params: 0
   * // ======================================================
   * ```
   */
  summary(options?: SummaryOptions<In>): ModuleSummary {
    const op = `${this.typeName}.summary`;
    const walk = Module.walk(this, op);
    return summarize(op, this, walk, options);
  }

  /** PyTorch's module repr: `Sequential(\n  (0): Linear(in_features=2, out_features=8, bias=True)\n  …\n)`. */
  toString(): string {
    const extra = this.extraRepr();
    const children = this.namedChildren();
    if (children.length === 0) return `${this.typeName}(${extra})`;
    const lines: string[] = extra === '' ? [] : extra.split('\n');
    for (const [key, child] of children) lines.push(`(${key}): ${indentTail(child.toString(), 2)}`);
    return `${this.typeName}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/** A non-empty array whose every item is a Module: registered as children `key.0`, `key.1`, … (a ModuleList). */
function isModuleArray(value: unknown): value is Module[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (!(value[i] instanceof Module)) return false;
  return true;
}

const SIZE_MISMATCH = 'size mismatch';

function isFloatData(data: unknown): data is FloatArray {
  return data instanceof Float32Array || data instanceof Float64Array;
}

/** A problem with a state-dict value, or its data when it is a tensor of `shape` with float data. */
function checkStateValue(value: unknown, shape: readonly number[]): string | FloatArray {
  if (value === null || typeof value !== 'object') return `expected a tensor, got ${describeValue(value)}`;
  const { shape: valueShape, data } = value as { shape?: unknown; data?: unknown };
  if (!Array.isArray(valueShape)) return `expected a tensor with a shape array, got ${describeValue(valueShape)}`;
  if (!isFloatData(data)) {
    return (
      `data is ${describeValue(data)}; a parameter takes float values (Float32Array or Float64Array) — ` +
      'convert integer or BigInt data with Float32Array.from(…)'
    );
  }
  let numel = 1;
  for (const d of valueShape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      return `shape ${describeValue(valueShape)} is not a list of non-negative integers`;
    }
    numel *= d;
  }
  if (numel !== data.length) {
    return `shape ${formatShape(valueShape)} needs ${numel} values but the data has ${data.length}`;
  }
  const same = valueShape.length === shape.length && valueShape.every((d, i) => d === shape[i]);
  if (!same) {
    return (
      `${SIZE_MISMATCH}: the state dict has shape ${formatShape(valueShape)}, ` +
      `the parameter in the current model has shape ${formatShape(shape)}`
    );
  }
  return data;
}

/**
 * Modules applied in order; children are keyed `0`, `1`, … as in PyTorch.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Linear, Sequential, Tanh } from '@actlab/layers';
 *
 * const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
 * console.log(Object.keys(model.stateDict()).join(', ')); // 0.weight, 0.bias, 2.weight, 2.bias
 * console.log(model.forward(tensor([[0, 1], [1, 0], [1, 1]])).shape.join('×')); // 3×1
 * ```
 */
export class Sequential extends Module {
  /** The modules, in order (not enumerable: the numbered properties are what the walk sees). */
  declare readonly layers: readonly Module[];

  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) {
        throw new Error(
          `Sequential: argument ${i} is ${describeValue(m)}, not a Module; pass layers such as new Linear(2, 8)`,
        );
      }
      Object.defineProperty(this, String(i), { value: m, enumerable: true });
    });
    Object.defineProperty(this, 'layers', { value: Object.freeze([...modules]), enumerable: false });
  }

  override get typeName(): string {
    return 'Sequential';
  }

  /** Number of modules. */
  get length(): number {
    return this.layers.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    checkInteger('Sequential.at', 'index', index, Number.MIN_SAFE_INTEGER);
    const m = this.layers.at(index);
    if (m === undefined) {
      throw new Error(`Sequential.at: index ${index} is out of range for ${this.layers.length} modules`);
    }
    return m;
  }

  forward(input: Tensor): Tensor {
    let x = input;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) x = layers[i]!.forward(x);
    return x;
  }
}
