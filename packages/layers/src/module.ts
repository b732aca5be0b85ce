import { Tensor } from '@actlab/autograd';
import type { FloatArray } from '@actlab/kernels';

/**
 * `Module`, PyTorch's nn.Module without decorators or Proxies: a module's parameters and children are found by
 * walking its own enumerable properties in definition order, and their keys are the property names —
 * `this.weight = parameter(...)` is `weight`, `this.lin = new Linear(...)` contributes `lin.weight`, an array of
 * modules `this.blocks = [...]` contributes `blocks.0.…`. So declaring fields in PyTorch's order gives PyTorch's
 * state-dict keys, and weights move between the two unchanged.
 *
 * A parameter is a Tensor passed through `parameter()` (which sets `requiresGrad` and marks it); other Tensor
 * properties (caches, constants) are not parameters and are not saved.
 */

const parameterTensors = new WeakSet<Tensor>();

/** Mark `t` as a learnable parameter (PyTorch's nn.Parameter) and set `requiresGrad`; returns `t`. */
export function parameter(t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`parameter: expected a Tensor, got ${String(t)}`);
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

export interface LoadStateDictOptions {
  /** Refuse missing and unexpected keys (default true). Shape mismatches are refused either way. */
  strict?: boolean;
}

/** What `loadStateDict` did not match, as PyTorch's `load_state_dict` returns it (empty lists when strict). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** PyTorch's `_addindent`: indent every line after the first. */
function indentTail(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').join(`\n${pad}`);
}

/**
 * The base of every layer, PyTorch's `nn.Module`: subclass it, assign parameters (`parameter(...)`) and child
 * modules as properties, and implement `forward`. Keys for `namedParameters`, `stateDict` and `loadStateDict` are
 * the property paths (see the note at the top of this file).
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
export abstract class Module {
  /** True in training mode (the default), false after `eval()`; Dropout reads it. */
  training = true;

  /** The computation: subclasses implement it (PyTorch's `forward`). */
  abstract forward(input: Tensor): Tensor;

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

  /** Direct children with their keys, in definition order. */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const key of Object.keys(this)) {
      const value: unknown = (this as Record<string, unknown>)[key];
      if (value instanceof Module) out.push([key, value]);
      else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (item instanceof Module) out.push([`${key}.${i}`, item]);
        });
      }
    }
    return out;
  }

  /** Direct children, in definition order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, each once. */
  modules(): Module[] {
    const out: Module[] = [];
    const seen = new Set<Module>();
    const visit = (m: Module) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push(m);
      for (const c of m.children()) visit(c);
    };
    visit(this);
    return out;
  }

  /** This module's own parameters (not its children's), in definition order. */
  protected ownParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const key of Object.keys(this)) {
      const value: unknown = (this as Record<string, unknown>)[key];
      if (isParameter(value)) out.push([key, value]);
    }
    return out;
  }

  /** Every parameter with its dotted PyTorch key (`0.weight`, `lin.bias`); a shared tensor appears once. */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const visit = (m: Module, prefix: string) => {
      for (const [key, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix + key, p]);
      }
      for (const [key, child] of m.namedChildren()) visit(child, `${prefix}${key}.`);
    };
    visit(this, '');
    return out;
  }

  /** Every parameter, for an optimiser: `new SGD(model.parameters(), { lr })`. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Set training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clear every parameter's gradient: zeroed in place by default (no allocation), dropped with `setToNone`. */
  zeroGrad(options: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) p.zeroGrad(options.setToNone ?? false);
  }

  /**
   * The parameters by key, as tensors sharing the parameters' storage (detached), like PyTorch's
   * `state_dict()`. Save with `saveSafetensors(model)`.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [key, p] of this.namedParameters()) {
      Object.defineProperty(out, key, { value: p.detach(), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /**
   * Copy values into the parameters, in place (optimisers holding them stay valid). Every problem is
   * reported at once, by key, before anything is copied: a shape mismatch always, missing and unexpected keys
   * when `strict` (the default). float32 and float64 values convert to the parameter's dtype.
   */
  loadStateDict(
    stateDict: Readonly<Record<string, StateTensor>>,
    options: LoadStateDictOptions = {},
  ): LoadStateDictResult {
    const strict = options.strict ?? true;
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new Error(`loadStateDict: expected an object of tensors by key, got ${String(stateDict)}`);
    }
    const own = this.namedParameters();
    const ownKeys = new Set(own.map(([k]) => k));
    const missingKeys: string[] = [];
    const problems: string[] = [];
    for (const [key, p] of own) {
      if (!Object.hasOwn(stateDict, key)) {
        missingKeys.push(key);
        continue;
      }
      const value = stateDict[key]!;
      if (
        value === null ||
        typeof value !== 'object' ||
        !Array.isArray(value.shape) ||
        !ArrayBuffer.isView(value.data)
      ) {
        problems.push(`'${key}' is not a tensor`);
        continue;
      }
      const same = value.shape.length === p.shape.length && value.shape.every((d, i) => d === p.shape[i]);
      if (!same || value.data.length !== p.data.length) {
        problems.push(
          `size mismatch for '${key}': the state dict has shape ${formatShape(value.shape)}, ` +
            `the parameter in the current model has shape ${formatShape(p.shape)}`,
        );
      }
    }
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !ownKeys.has(k));
    if (strict && missingKeys.length > 0) problems.push(`missing keys: ${missingKeys.map((k) => `'${k}'`).join(', ')}`);
    if (strict && unexpectedKeys.length > 0) {
      problems.push(`unexpected keys: ${unexpectedKeys.map((k) => `'${k}'`).join(', ')}`);
    }
    if (problems.length > 0) {
      throw new Error(
        `loadStateDict: error(s) loading the state dict into ${this.typeName}:\n  ${problems.join('\n  ')}\n` +
          'Keys are PyTorch-style dotted property paths; compare with model.namedParameters(), or pass ' +
          '{ strict: false } to ignore missing and unexpected keys.',
      );
    }
    for (const [key, p] of own) {
      if (Object.hasOwn(stateDict, key)) p.data.set(stateDict[key]!.data);
    }
    return { missingKeys, unexpectedKeys };
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
          `Sequential: argument ${i} is ${String(m)}, not a Module; pass layers such as new Linear(2, 8)`,
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
