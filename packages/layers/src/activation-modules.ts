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
    checkInput(this.className, input);
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

// Named exports of the generated classes (the package lists every export explicitly). Each line only picks a
// class out of `activationModules`; nothing about an activation is written here.
export const Sigmoid = activationModule('sigmoid');
export const Tanh = activationModule('tanh');
export const ReLU = activationModule('relu');
export const LeakyReLU = activationModule('leakyRelu');
export const Softplus = activationModule('softplus');
export const Swish = activationModule('swish');
export const SiLU = activationModule('swish', 'silu');
export const ELU = activationModule('elu');
export const SELU = activationModule('selu');
export const GELU = activationModule('gelu');
export const Mish = activationModule('mish');
export const Hardswish = activationModule('hardswish');
export const Hardsigmoid = activationModule('hardsigmoid');
export const ReLU6 = activationModule('relu6');
export const Softsign = activationModule('softsign');
export const LogSigmoid = activationModule('logSigmoid');
export const Identity = activationModule('identity');

// The same names as types, so a generated class can annotate a variable as a PyTorch class does
// (`const act: Tanh = new Tanh()`); a `const` alone would only be a value.
export type Sigmoid = ActivationModule<'sigmoid'>;
export type Tanh = ActivationModule<'tanh'>;
export type ReLU = ActivationModule<'relu'>;
export type LeakyReLU = ActivationModule<'leakyRelu'>;
export type Softplus = ActivationModule<'softplus'>;
export type Swish = ActivationModule<'swish'>;
export type SiLU = ActivationModule<'swish'>;
export type ELU = ActivationModule<'elu'>;
export type SELU = ActivationModule<'selu'>;
export type GELU = ActivationModule<'gelu'>;
export type Mish = ActivationModule<'mish'>;
export type Hardswish = ActivationModule<'hardswish'>;
export type Hardsigmoid = ActivationModule<'hardsigmoid'>;
export type ReLU6 = ActivationModule<'relu6'>;
export type Softsign = ActivationModule<'softsign'>;
export type LogSigmoid = ActivationModule<'logSigmoid'>;
export type Identity = ActivationModule<'identity'>;
