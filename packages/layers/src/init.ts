import { getDefaultGenerator as autogradDefaultGenerator, manualSeed as seedAutograd } from '@actlab/autograd';
import type { FloatArray, Random } from '@actlab/kernels';

/**
 * Weight initialisation, PyTorch's `torch.nn.init` with camelCase names. Each function fills `target.data` in
 * place and returns `target`; it accepts a Tensor or anything with `shape` and `data`. Random ones draw from
 * `options.generator` (a kernels `Random`), or from the package's default generator (see `manualSeed`).
 */

/** What an init function fills: a Tensor, or any `{ shape, data }` pair. */
export interface InitTarget {
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/** PyTorch's `calculate_gain` nonlinearity names (the kernels table's `gain` field uses the same strings). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const UNIT_GAIN: readonly string[] = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
];

const NONLINEARITIES: readonly string[] = [...UNIT_GAIN, 'tanh', 'relu', 'leaky_relu', 'selu'];

/**
 * The recommended gain for a nonlinearity (PyTorch's values): 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for
 * relu, √(2 / (1 + slope²)) for leaky_relu (`param` is the negative slope, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity | (string & Record<never, never>), param?: number): number {
  if (UNIT_GAIN.includes(nonlinearity)) return 1;
  if (nonlinearity === 'tanh') return 5.0 / 3;
  if (nonlinearity === 'relu') return Math.sqrt(2.0);
  if (nonlinearity === 'selu') return 3.0 / 4;
  if (nonlinearity === 'leaky_relu') {
    if (param === undefined || param === null) param = 0.01;
    if (typeof param !== 'number' || !Number.isFinite(param)) {
      throw new Error(`calculateGain: negative slope ${String(param)} for leaky_relu is not a finite number`);
    }
    return Math.sqrt(2.0 / (1 + param * param));
  }
  throw new Error(`calculateGain: unsupported nonlinearity '${nonlinearity}'; use one of ${NONLINEARITIES.join(', ')}`);
}

/**
 * The generator used when none is passed — by the random initialisers, layers' default initialisation, `Dropout` and
 * a shuffling `DataLoader` — which is autograd's default generator (`rand`/`randn`): one stream for the whole
 * process, as PyTorch's `torch.default_generator`. Look it up when you need it: `manualSeed` installs a fresh one.
 * Pass it to `saveCheckpoint({ generator: getDefaultGenerator() })` to resume a run that relies on it.
 */
export function getDefaultGenerator(): Random {
  return autogradDefaultGenerator();
}

/**
 * Reseed the default generator (PyTorch's `torch.manual_seed`), shared with autograd (`rand`/`randn` without a
 * generator): default initialisation, Dropout, shuffling and `randn` then draw reproducibly. Returns the new
 * generator. autograd's own `manualSeed` does the same.
 */
export function manualSeed(seed: number): Random {
  seedAutograd(seed);
  return autogradDefaultGenerator();
}

/** PyTorch's fan-in and fan-out: dims 1 and 0 times the receptive field (the product of dims 2…). */
export function computeFans(shape: readonly number[], op = 'computeFans'): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new Error(
      `${op}: fan in and fan out need a tensor of at least 2 dimensions, got shape [${shape.join(', ')}]; ` +
        'use uniform/normal for vectors',
    );
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

export interface GeneratorOptions {
  /** Seeded source of randomness; default: the package's default generator. */
  generator?: Random;
}

/** Fill with U(low, high); defaults U(0, 1). */
export function uniform<T extends InitTarget>(
  target: T,
  options: GeneratorOptions & { low?: number; high?: number } = {},
): T {
  const { low = 0, high = 1, generator = getDefaultGenerator() } = options;
  if (!(low <= high) || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new Error(`uniform: bounds low ${low}, high ${high} are invalid; pass finite low <= high`);
  }
  generator.fillUniform(target.data, low, high);
  return target;
}

/** Fill with N(mean, std²); defaults N(0, 1). */
export function normal<T extends InitTarget>(
  target: T,
  options: GeneratorOptions & { mean?: number; std?: number } = {},
): T {
  const { mean = 0, std = 1, generator = getDefaultGenerator() } = options;
  if (!Number.isFinite(mean) || !(std >= 0) || !Number.isFinite(std)) {
    throw new Error(`normal: mean ${mean}, std ${std} are invalid; pass finite values with std >= 0`);
  }
  generator.fillNormal(target.data, mean, std);
  return target;
}

/** Fill with zeros. */
export function zeros<T extends InitTarget>(target: T): T {
  target.data.fill(0);
  return target;
}

/** Fill with ones. */
export function ones<T extends InitTarget>(target: T): T {
  target.data.fill(1);
  return target;
}

/** Fill with a constant. */
export function constant<T extends InitTarget>(target: T, value: number): T {
  target.data.fill(value);
  return target;
}

/** Glorot/Xavier uniform: U(±a), a = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform<T extends InitTarget>(target: T, options: GeneratorOptions & { gain?: number } = {}): T {
  const { gain = 1, generator = getDefaultGenerator() } = options;
  const { fanIn, fanOut } = computeFans(target.shape, 'xavierUniform');
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  generator.fillUniform(target.data, -a, a);
  return target;
}

/** Glorot/Xavier normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal<T extends InitTarget>(target: T, options: GeneratorOptions & { gain?: number } = {}): T {
  const { gain = 1, generator = getDefaultGenerator() } = options;
  const { fanIn, fanOut } = computeFans(target.shape, 'xavierNormal');
  generator.fillNormal(target.data, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
  return target;
}

export interface KaimingOptions extends GeneratorOptions {
  /** Negative slope of the rectifier that follows (used with 'leaky_relu'); default 0. */
  a?: number;
  /** 'fanIn' preserves the forward pass's variance, 'fanOut' the backward's; default 'fanIn'. */
  mode?: 'fanIn' | 'fanOut';
  /** Default 'leaky_relu' (with a = 0, the same as 'relu'), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, shape: readonly number[], options: KaimingOptions): number {
  const { a = 0, mode = 'fanIn', nonlinearity = 'leaky_relu' } = options;
  if (mode !== 'fanIn' && mode !== 'fanOut') {
    throw new Error(`${op}: mode '${String(mode)}' is not one of 'fanIn', 'fanOut'`);
  }
  const fans = computeFans(shape, op);
  const fan = mode === 'fanIn' ? fans.fanIn : fans.fanOut;
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

/** He/Kaiming uniform: U(±bound), bound = gain·√(3 / fan). */
export function kaimingUniform<T extends InitTarget>(target: T, options: KaimingOptions = {}): T {
  if (target.data.length === 0) return target;
  const bound = Math.sqrt(3.0) * kaimingStd('kaimingUniform', target.shape, options);
  (options.generator ?? getDefaultGenerator()).fillUniform(target.data, -bound, bound);
  return target;
}

/** He/Kaiming normal: N(0, std²), std = gain / √fan. */
export function kaimingNormal<T extends InitTarget>(target: T, options: KaimingOptions = {}): T {
  if (target.data.length === 0) return target;
  const std = kaimingStd('kaimingNormal', target.shape, options);
  (options.generator ?? getDefaultGenerator()).fillNormal(target.data, 0, std);
  return target;
}
