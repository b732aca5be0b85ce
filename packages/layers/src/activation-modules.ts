import type { Tensor } from '@actlab/autograd';
import {
  type ActivationName,
  type ActivationParamOptions,
  type ActivationParams,
  activationNames,
  activations,
  describeValue,
  getActivation,
  resolveActivationParams,
} from '@actlab/kernels';
import { checkInput } from './layer-checks';
import { Module } from './module';

/**
 * One module per entry of the kernels' activation table, GENERATED from it: the class name, the parameters with
 * their defaults and validation, and the forward/backward all come from the entry, so adding an activation to the
 * table adds its module to `activationModules[className]` with no code change; its named export (a const and a
 * type alias, below and in index.ts) is one line each, required by a test. Class names are PyTorch's
 * (`torch.nn.LeakyReLU` → `LeakyReLU`) when the entry's PyTorch module is the same activation, else the entry's
 * name capitalised (swish → `Swish`); aliases get a class too (silu → `SiLU`).
 */

const toSnakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** PyTorch's class name when it names the same activation (case-insensitively), else the name capitalised. */
export function activationClassName(name: string, torchModule: string): string {
  if (typeof name !== 'string' || typeof torchModule !== 'string') {
    throw new Error(
      `activationClassName: name and torchModule must be strings (e.g. 'leakyRelu', 'torch.nn.LeakyReLU'), got ` +
        `${describeValue(name)} and ${describeValue(torchModule)}`,
    );
  }
  const torchName = torchModule.slice(torchModule.lastIndexOf('.') + 1);
  if (torchName.toLowerCase() === name.toLowerCase()) return torchName;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A table activation as a module: `new ActivationModule('leakyRelu', { negativeSlope: 0.2 })`. */
export class ActivationModule<N extends ActivationName = ActivationName> extends Module {
  /** The table entry's name (an alias resolves to its entry). */
  readonly activation: N;
  /** The resolved parameters (defaults filled in, validated by the table). */
  readonly params: ActivationParams<N>;
  private readonly className: string;
  /** What forward passes on: undefined for all-default parameters, which autograd resolves once and caches. */
  private readonly forwardParams: ActivationParams<N> | undefined;

  constructor(name: N | string, params?: ActivationParamOptions<N>, className?: string) {
    super();
    const entry = getActivation(name, 'ActivationModule');
    if (className !== undefined && (typeof className !== 'string' || className === '')) {
      throw new Error(`ActivationModule: className must be a non-empty string, got ${describeValue(className)}`);
    }
    this.activation = entry.name as N;
    if (params === null) {
      throw new Error(
        `${activationClassName(entry.name, entry.torch.module)}: parameters must be an object or omitted, got null`,
      );
    }
    this.params = resolveActivationParams(this.activation, params);
    this.forwardParams = params === undefined || Object.keys(params).length === 0 ? undefined : this.params;
    this.className = className ?? activationClassName(entry.name, entry.torch.module);
  }

  override get typeName(): string {
    return this.className;
  }

  override extraRepr(): string {
    return Object.entries(this.params)
      .map(([k, v]) => `${toSnakeCase(k)}=${typeof v === 'string' ? `'${v}'` : String(v)}`)
      .join(', ');
  }

  forward(input: Tensor): Tensor {
    // The tensor's own activation method checks it (in its own copy of autograd, so a dev script that loads autograd
    // from source and layers from dist still works); anything without that method is refused here by name.
    if (typeof (input as { activation?: unknown } | null)?.activation !== 'function') checkInput(this.className, input);
    return input.activation(this.activation, this.forwardParams);
  }
}

/** The constructor of a generated activation module: `new LeakyReLU({ negativeSlope: 0.2 })`. */
export type ActivationModuleClass<N extends ActivationName> = new (
  params?: ActivationParamOptions<N>,
) => ActivationModule<N>;

function generate<N extends ActivationName>(name: N, alias?: string): [string, ActivationModuleClass<N>] {
  const entry = activations[name];
  const className = activationClassName(alias ?? name, entry.torch.module);
  const cls = class extends ActivationModule<N> {
    constructor(params?: ActivationParamOptions<N>) {
      super(name, params, className);
    }
  };
  Object.defineProperty(cls, 'name', { value: className });
  return [className, cls];
}

/** Every activation module, keyed by class name, generated from the table (entries and their aliases). */
export const activationModules: Readonly<Record<string, ActivationModuleClass<ActivationName>>> = (() => {
  const out: Record<string, ActivationModuleClass<ActivationName>> = {};
  for (const name of activationNames) {
    const [className, cls] = generate(name);
    out[className] = cls;
    for (const alias of activations[name].aliases) {
      const [aliasName, aliasCls] = generate(name, alias);
      out[aliasName] = aliasCls;
    }
  }
  return Object.freeze(out);
})();

/** The generated class for a table entry (or alias), typed by the entry's parameters. */
export function activationModule<N extends ActivationName>(name: N, alias?: string): ActivationModuleClass<N> {
  const entry = getActivation(name, 'activationModule');
  if (alias !== undefined && (typeof alias !== 'string' || !(entry.aliases as readonly string[]).includes(alias))) {
    throw new Error(
      `activationModule: alias ${describeValue(alias)} is not an alias of '${entry.name}'; its aliases: ` +
        `${entry.aliases.length > 0 ? entry.aliases.join(', ') : 'none'}`,
    );
  }
  const className = activationClassName(alias ?? name, entry.torch.module);
  const cls = activationModules[className];
  if (cls === undefined) throw new Error(`activationModule: no module generated for '${alias ?? name}'`);
  return cls as ActivationModuleClass<N>;
}

// Named exports of the generated classes (the package lists every export explicitly), each a const and a type of
// the same name, so a generated class can annotate a variable as a PyTorch class does (`const act: Tanh = new
// Tanh()`). Each line only picks a class out of `activationModules`; the lines and their TSDoc are rendered from the
// table by `pnpm exec tsx scripts/write-activation-docs.ts`.
// BEGIN GENERATED activation classes (scripts/write-activation-docs.ts, from the activation table)
/**
 * The `sigmoid` activation as a module, PyTorch's `Sigmoid`: σ(x) = 1 / (1 + e^(−x)).
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
 * import { Sigmoid } from '@actlab/layers';
 *
 * const act = new Sigmoid();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Sigmoid() tensor([0.1192, 0.5000, 0.8808])
 * ```
 */
export const Sigmoid: ActivationModuleClass<'sigmoid'> = activationModule('sigmoid');
/** The type of a `Sigmoid` module, for annotations: `const act: Sigmoid = new Sigmoid()`. */
export type Sigmoid = ActivationModule<'sigmoid'>;
/**
 * The `tanh` activation as a module, PyTorch's `Tanh`: tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)).
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
 * import { Tanh } from '@actlab/layers';
 *
 * const act = new Tanh();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Tanh() tensor([-0.9640,  0.0000,  0.9640])
 * ```
 */
export const Tanh: ActivationModuleClass<'tanh'> = activationModule('tanh');
/** The type of a `Tanh` module, for annotations: `const act: Tanh = new Tanh()`. */
export type Tanh = ActivationModule<'tanh'>;
/**
 * The `relu` activation as a module, PyTorch's `ReLU`: max(x, 0).
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
 * import { ReLU } from '@actlab/layers';
 *
 * const act = new ReLU();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // ReLU() tensor([0., 0., 2.])
 * ```
 */
export const ReLU: ActivationModuleClass<'relu'> = activationModule('relu');
/** The type of a `ReLU` module, for annotations: `const act: ReLU = new ReLU()`. */
export type ReLU = ActivationModule<'relu'>;
/**
 * The `leakyRelu` activation as a module, PyTorch's `LeakyReLU`: x if x > 0, else negativeSlope·x.
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
 * import { LeakyReLU } from '@actlab/layers';
 *
 * const act = new LeakyReLU({ negativeSlope: 0.01 });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // LeakyReLU(negative_slope=0.01) tensor([-0.0200,  0.0000,  2.0000])
 * ```
 */
export const LeakyReLU: ActivationModuleClass<'leakyRelu'> = activationModule('leakyRelu');
/** The type of a `LeakyReLU` module, for annotations: `const act: LeakyReLU = new LeakyReLU()`. */
export type LeakyReLU = ActivationModule<'leakyRelu'>;
/**
 * The `softplus` activation as a module, PyTorch's `Softplus`: log(1 + e^(β·x)) / β; x where β·x > threshold.
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
 * import { Softplus } from '@actlab/layers';
 *
 * const act = new Softplus({ beta: 1, threshold: 20 });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Softplus(beta=1, threshold=20) tensor([0.1269, 0.6931, 2.1269])
 * ```
 */
export const Softplus: ActivationModuleClass<'softplus'> = activationModule('softplus');
/** The type of a `Softplus` module, for annotations: `const act: Softplus = new Softplus()`. */
export type Softplus = ActivationModule<'softplus'>;
/**
 * The `swish` activation as a module, PyTorch's `Swish`: x·σ(β·x) = x / (1 + e^(−β·x)).
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
 * import { Swish } from '@actlab/layers';
 *
 * const act = new Swish({ beta: 1 });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Swish(beta=1) tensor([-0.2384,  0.0000,  1.7616])
 * ```
 */
export const Swish: ActivationModuleClass<'swish'> = activationModule('swish');
/** The type of a `Swish` module, for annotations: `const act: Swish = new Swish()`. */
export type Swish = ActivationModule<'swish'>;
/**
 * The `swish` activation as a module, PyTorch's `SiLU` (alias of `swish`): x·σ(β·x) = x / (1 + e^(−β·x)).
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
 * import { SiLU } from '@actlab/layers';
 *
 * const act = new SiLU({ beta: 1 });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // SiLU(beta=1) tensor([-0.2384,  0.0000,  1.7616])
 * ```
 */
export const SiLU: ActivationModuleClass<'swish'> = activationModule('swish', 'silu');
/** The type of a `SiLU` module, for annotations: `const act: SiLU = new SiLU()`. */
export type SiLU = ActivationModule<'swish'>;
/**
 * The `elu` activation as a module, PyTorch's `ELU`: x if x > 0, else α·(e^x − 1).
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
 * import { ELU } from '@actlab/layers';
 *
 * const act = new ELU({ alpha: 1 });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // ELU(alpha=1) tensor([-0.8647,  0.0000,  2.0000])
 * ```
 */
export const ELU: ActivationModuleClass<'elu'> = activationModule('elu');
/** The type of a `ELU` module, for annotations: `const act: ELU = new ELU()`. */
export type ELU = ActivationModule<'elu'>;
/**
 * The `selu` activation as a module, PyTorch's `SELU`: λ·x if x > 0, else λ·α·(e^x − 1); λ = 1.0507009873554805, α =
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
 * import { SELU } from '@actlab/layers';
 *
 * const act = new SELU();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // SELU() tensor([-1.5202,  0.0000,  2.1014])
 * ```
 */
export const SELU: ActivationModuleClass<'selu'> = activationModule('selu');
/** The type of a `SELU` module, for annotations: `const act: SELU = new SELU()`. */
export type SELU = ActivationModule<'selu'>;
/**
 * The `gelu` activation as a module, PyTorch's `GELU`: x·Φ(x) = x·(1 + erf(x/√2))/2; 'tanh': x·(1 + tanh(√(2/π)·(x +
 * 0.044715·x³)))/2.
 *
 * - Stable form: x·erfc(−x/√2)/2; 'tanh': x·σ(2u), u = √(2/π)·(x + 0.044715·x³).
 * - Derivative: Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π); 'tanh': s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u).
 * - Parameters: `approximate` = 'none' (one of 'none', 'tanh'): 'none': x·Φ(x) with the exact normal CDF; 'tanh': the
 *   tanh approximation.
 * - PyTorch: `torch.nn.functional.gelu`, `torch.nn.GELU`.
 * - Also: `x.gelu()` on a Tensor, `gelu(x)` from `@actlab/autograd`, `new GELU()` from `@actlab/layers`; every
 *   activation: https://github.com/actlab/actlab/blob/main/docs/activations.md
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { GELU } from '@actlab/layers';
 *
 * const act = new GELU({ approximate: 'none' });
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // GELU(approximate='none') tensor([-0.0455,  0.0000,  1.9545])
 * ```
 */
export const GELU: ActivationModuleClass<'gelu'> = activationModule('gelu');
/** The type of a `GELU` module, for annotations: `const act: GELU = new GELU()`. */
export type GELU = ActivationModule<'gelu'>;
/**
 * The `mish` activation as a module, PyTorch's `Mish`: x·tanh(softplus(x)) = x·tanh(log(1 + e^x)).
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
 * import { Mish } from '@actlab/layers';
 *
 * const act = new Mish();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Mish() tensor([-0.2525,  0.0000,  1.9440])
 * ```
 */
export const Mish: ActivationModuleClass<'mish'> = activationModule('mish');
/** The type of a `Mish` module, for annotations: `const act: Mish = new Mish()`. */
export type Mish = ActivationModule<'mish'>;
/**
 * The `hardswish` activation as a module, PyTorch's `Hardswish`: x·min(max(x + 3, 0), 6)/6.
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
 * import { Hardswish } from '@actlab/layers';
 *
 * const act = new Hardswish();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Hardswish() tensor([-0.3333,  0.0000,  1.6667])
 * ```
 */
export const Hardswish: ActivationModuleClass<'hardswish'> = activationModule('hardswish');
/** The type of a `Hardswish` module, for annotations: `const act: Hardswish = new Hardswish()`. */
export type Hardswish = ActivationModule<'hardswish'>;
/**
 * The `hardsigmoid` activation as a module, PyTorch's `Hardsigmoid`: min(max(x + 3, 0), 6)/6.
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
 * import { Hardsigmoid } from '@actlab/layers';
 *
 * const act = new Hardsigmoid();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Hardsigmoid() tensor([0.1667, 0.5000, 0.8333])
 * ```
 */
export const Hardsigmoid: ActivationModuleClass<'hardsigmoid'> = activationModule('hardsigmoid');
/** The type of a `Hardsigmoid` module, for annotations: `const act: Hardsigmoid = new Hardsigmoid()`. */
export type Hardsigmoid = ActivationModule<'hardsigmoid'>;
/**
 * The `relu6` activation as a module, PyTorch's `ReLU6`: min(max(x, 0), 6).
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
 * import { ReLU6 } from '@actlab/layers';
 *
 * const act = new ReLU6();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // ReLU6() tensor([0., 0., 2.])
 * ```
 */
export const ReLU6: ActivationModuleClass<'relu6'> = activationModule('relu6');
/** The type of a `ReLU6` module, for annotations: `const act: ReLU6 = new ReLU6()`. */
export type ReLU6 = ActivationModule<'relu6'>;
/**
 * The `softsign` activation as a module, PyTorch's `Softsign`: x / (1 + |x|).
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
 * import { Softsign } from '@actlab/layers';
 *
 * const act = new Softsign();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Softsign() tensor([-0.6667,  0.0000,  0.6667])
 * ```
 */
export const Softsign: ActivationModuleClass<'softsign'> = activationModule('softsign');
/** The type of a `Softsign` module, for annotations: `const act: Softsign = new Softsign()`. */
export type Softsign = ActivationModule<'softsign'>;
/**
 * The `logSigmoid` activation as a module, PyTorch's `LogSigmoid`: log σ(x) = −log(1 + e^(−x)).
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
 * import { LogSigmoid } from '@actlab/layers';
 *
 * const act = new LogSigmoid();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // LogSigmoid() tensor([-2.1269, -0.6931, -0.1269])
 * ```
 */
export const LogSigmoid: ActivationModuleClass<'logSigmoid'> = activationModule('logSigmoid');
/** The type of a `LogSigmoid` module, for annotations: `const act: LogSigmoid = new LogSigmoid()`. */
export type LogSigmoid = ActivationModule<'logSigmoid'>;
/**
 * The `identity` activation as a module, PyTorch's `Identity`: x.
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
 * import { Identity } from '@actlab/layers';
 *
 * const act = new Identity();
 * console.log(String(act), String(act.forward(tensor([-2, 0, 2]))));
 * // Identity() tensor([-2.,  0.,  2.])
 * ```
 */
export const Identity: ActivationModuleClass<'identity'> = activationModule('identity');
/** The type of a `Identity` module, for annotations: `const act: Identity = new Identity()`. */
export type Identity = ActivationModule<'identity'>;
// END GENERATED activation classes
