/** Creation functions. Every one takes `{ dtype, requiresGrad }`; float32 is the default dtype. */
import {
  arrayFor,
  checkAllocation,
  checkBoolean,
  checkNumber,
  checkOptions,
  type DType,
  describeValue,
  type FloatArray,
  Random,
  sizeOf,
} from '@actlab/kernels';
import { formatShape } from './format-shape';
import { Tensor } from './tensor';

/** Options every creation function takes. */
export interface TensorOptions {
  /** 'float32' (default) or 'float64'. */
  dtype?: DType | undefined;
  /** Make the result a leaf that collects a gradient. */
  requiresGrad?: boolean | undefined;
}

/** Options of `tensor(data, options)`. */
export interface TensorDataOptions extends TensorOptions {
  /** Shape for flat data (a typed array or a flat list); inferred from nesting otherwise. */
  shape?: readonly number[] | undefined;
}

/** Nested arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedNumbers = number | readonly NestedNumbers[];

const TENSOR_OPTIONS = ['dtype', 'requiresGrad'] as const;
const TENSOR_DATA_OPTIONS = ['dtype', 'requiresGrad', 'shape'] as const;
const RAND_OPTIONS = ['dtype', 'requiresGrad', 'seed', 'generator', 'low', 'high'] as const;
const RANDN_OPTIONS = ['dtype', 'requiresGrad', 'seed', 'generator', 'mean', 'std'] as const;

function checkDtype(op: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float32';
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new Error(`${op}: unknown dtype ${describeValue(dtype)}; use 'float32' or 'float64'`);
}

/** `options.requiresGrad` as a boolean (absent is false). */
function requiresGradOf(op: string, options: TensorOptions): boolean {
  const { requiresGrad } = options;
  if (requiresGrad === undefined) return false;
  checkBoolean(op, 'requiresGrad', requiresGrad);
  return requiresGrad;
}

/** A copy of `shape`, checked: an array of non-negative integers whose product a typed array can hold. */
function checkShape(op: string, shape: unknown, dtype: DType = 'float32'): number[] {
  if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number' || !Number.isInteger(d) || d < 0)) {
    // formatShape, not JSON, so that NaN and Infinity show as themselves.
    const shown = Array.isArray(shape) ? formatShape(shape) : describeValue(shape);
    throw new Error(`${op}: shape ${shown} is invalid; pass an array of non-negative integers`);
  }
  checkAllocation(op, dtype, sizeOf(shape));
  return shape.slice();
}

/**
 * A new tensor holding a copy of `data`: a number (0-d), nested arrays, or a typed array / flat list with
 * `{ shape }`. A Float64Array gives float64 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 *
 * const a = tensor([[1, 2], [3, 4]]);
 * const b = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
 * console.log(a.shape.join('×'), a.dtype, b.shape.join('×'), b.dtype); // 2×2 float32 2×3 float64
 * console.log(String(a));
 * // tensor([[1., 2.],
 * //         [3., 4.]])
 * ```
 */
export function tensor(data: NestedNumbers | FloatArray | readonly unknown[], options: TensorDataOptions = {}): Tensor {
  checkOptions('tensor', options, TENSOR_DATA_OPTIONS);
  const inferred = data instanceof Float64Array ? 'float64' : 'float32';
  const dtype = options.dtype === undefined ? inferred : checkDtype('tensor', options.dtype);
  const requiresGrad = requiresGradOf('tensor', options);
  let values: FloatArray;
  let shape: number[];
  if (data instanceof Float32Array || data instanceof Float64Array) {
    values = dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data);
    shape = [data.length];
  } else if (typeof data === 'number') {
    values = arrayFor(dtype, 1);
    values[0] = data;
    shape = [];
  } else if (Array.isArray(data)) {
    shape = inferShape(data);
    values = arrayFor(dtype, sizeOf(shape), 'tensor');
    fillNested(data, 0, shape, values, 0, []);
  } else {
    throw new Error(
      `tensor: cannot make a tensor from ${describeValue(data)}; pass a number, nested arrays of numbers, or a ` +
        'Float32Array/Float64Array',
    );
  }
  if (options.shape !== undefined) {
    const target = checkShape('tensor', options.shape, dtype);
    if (sizeOf(target) !== values.length) {
      throw new Error(
        `tensor: ${values.length} values do not fill shape ${formatShape(target)} (${sizeOf(target)} elements); ` +
          'pass data with exactly that many values',
      );
    }
    shape = target;
  }
  return new Tensor(values, shape, requiresGrad);
}

/**
 * Copy nested arrays of `shape` into `values` from `offset`, checking every row's length; returns the next offset.
 * The innermost rows are copied in a plain loop (no call or string per element); `index` is the path to the current
 * row, turned into text only for an error message.
 */
function fillNested(
  node: unknown,
  depth: number,
  shape: readonly number[],
  values: FloatArray,
  offset: number,
  index: number[],
): number {
  if (!Array.isArray(node) || node.length !== shape[depth]) {
    const got = Array.isArray(node) ? `length ${node.length}` : describeValue(node);
    const path = depth === 0 ? '(root)' : pathText(index, depth);
    throw new Error(
      `tensor: ragged nested array: element ${path} has ${got} where shape ${formatShape(shape)} ` +
        `needs length ${shape[depth]}; every row must have the same length`,
    );
  }
  if (depth === shape.length - 1) {
    for (let i = 0; i < node.length; i++) {
      const v: unknown = node[i];
      if (typeof v !== 'number') {
        index[depth] = i;
        throw new Error(
          `tensor: element ${pathText(index, depth + 1)} is ${describeValue(v)}, not a number; pass numbers only`,
        );
      }
      values[offset++] = v;
    }
    return offset;
  }
  for (let i = 0; i < node.length; i++) {
    index[depth] = i;
    offset = fillNested(node[i], depth + 1, shape, values, offset, index);
  }
  return offset;
}

/** `[1][0]` for index [1, 0, …] cut to `depth` entries. */
function pathText(index: readonly number[], depth: number): string {
  return index
    .slice(0, depth)
    .map((i) => `[${i}]`)
    .join('');
}

function inferShape(data: readonly unknown[]): number[] {
  const shape: number[] = [];
  let node: unknown = data;
  while (Array.isArray(node)) {
    shape.push(node.length);
    node = node[0];
  }
  return shape;
}

/** A new tensor of `shape` holding `value`; `op` names the public function in error messages. */
function filled(
  op: string,
  shape: unknown,
  value: number,
  options: TensorOptions,
  validKeys: readonly string[],
): Tensor {
  checkOptions(op, options, validKeys);
  const dtype = checkDtype(op, options.dtype);
  const s = checkShape(op, shape, dtype);
  const requiresGrad = requiresGradOf(op, options);
  const data = arrayFor(dtype, sizeOf(s), op);
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, requiresGrad);
}

/** `value` everywhere (NaN and ±Infinity included, as torch.full). */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  if (typeof value !== 'number') {
    throw new Error(`full: value must be a number, got ${describeValue(value)}; pass e.g. full([2, 2], 0.5)`);
  }
  return filled('full', shape, value, options, TENSOR_OPTIONS);
}

/** Zeros of `shape`. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('zeros', shape, 0, options, TENSOR_OPTIONS);
}

/** Ones of `shape`. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('ones', shape, 1, options, TENSOR_OPTIONS);
}

/** Zeros of `like`'s shape and (unless overridden) dtype. */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return likeOf('zerosLike', like, 0, options);
}

/** Ones of `like`'s shape and (unless overridden) dtype. */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return likeOf('onesLike', like, 1, options);
}

function likeOf(op: string, like: Tensor, value: number, options: TensorOptions): Tensor {
  if (!(like instanceof Tensor)) {
    throw new Error(`${op}: like must be a Tensor, got ${describeValue(like)}; wrap arrays with tensor(...)`);
  }
  checkOptions(op, options, TENSOR_OPTIONS);
  return filled(
    op,
    like.shape,
    value,
    { dtype: options.dtype === undefined ? like.dtype : options.dtype, requiresGrad: options.requiresGrad },
    TENSOR_OPTIONS,
  );
}

/** start, start+step, … below end (`arange(n)` is 0..n−1), as torch.arange. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  checkNumber('arange', end === undefined ? 'end' : 'start', start);
  if (end !== undefined) checkNumber('arange', 'end', end);
  checkNumber('arange', 'step', step);
  checkOptions('arange', options, TENSOR_OPTIONS);
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0) {
    throw new Error(`arange: start ${lo}, end ${hi}, step ${step} are invalid; pass finite values and a non-zero step`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const dtype = checkDtype('arange', options.dtype);
  const requiresGrad = requiresGradOf('arange', options);
  const data = arrayFor(dtype, n, 'arange');
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], requiresGrad);
}

/** `steps` evenly spaced values from start to end inclusive, as torch.linspace. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  checkNumber('linspace', 'start', start);
  checkNumber('linspace', 'end', end);
  if (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 0) {
    throw new Error(`linspace: steps ${describeValue(steps)} must be a non-negative integer`);
  }
  checkOptions('linspace', options, TENSOR_OPTIONS);
  const dtype = checkDtype('linspace', options.dtype);
  const requiresGrad = requiresGradOf('linspace', options);
  const data = arrayFor(dtype, steps, 'linspace');
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  const half = Math.max(1, Math.floor(steps / 2));
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return new Tensor(data, [steps], requiresGrad);
}

/** The n×m identity (m defaults to n). */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  const t = filled('eye', [n, m], 0, options, TENSOR_OPTIONS);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/**
 * How rand and randn draw: from `generator`, from a fresh one seeded with `seed`, or from the package's default
 * generator (see manualSeed).
 */
export interface RandomOptions extends TensorOptions {
  /** Seed a fresh generator (reproducible). */
  seed?: number | undefined;
  /** Draw from this generator (advances it). Without seed or generator the package's default generator is used. */
  generator?: Random | undefined;
}

let defaultGenerator = new Random(0);

/** Reseed the default generator used by rand/randn calls without `seed` or `generator`. */
export function manualSeed(seed: number): void {
  checkSeed('manualSeed', seed);
  defaultGenerator = new Random(seed);
}

function checkSeed(op: string, seed: unknown): void {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`${op}: seed must be a safe integer such as 42, got ${describeValue(seed)}`);
  }
}

function generatorFor(op: string, options: RandomOptions): Random {
  const { generator, seed } = options;
  if (seed !== undefined) checkSeed(op, seed);
  if (generator !== undefined && seed !== undefined) {
    throw new Error(`${op}: pass seed or generator, not both (a seed makes a fresh generator)`);
  }
  if (generator !== undefined) {
    if (!(generator instanceof Random)) {
      throw new Error(`${op}: generator must be a Random (from @actlab/kernels), got ${describeValue(generator)}`);
    }
    return generator;
  }
  if (seed !== undefined) return new Random(seed);
  return defaultGenerator;
}

/** Uniform on [low, high) (default [0, 1)). */
export function rand(
  shape: readonly number[],
  options: RandomOptions & { low?: number | undefined; high?: number | undefined } = {},
): Tensor {
  checkOptions('rand', options, RAND_OPTIONS);
  const { low = 0, high = 1 } = options;
  checkNumber('rand', 'low', low);
  checkNumber('rand', 'high', high, { min: low });
  const generator = generatorFor('rand', options);
  const t = filled('rand', shape, 0, { dtype: options.dtype, requiresGrad: options.requiresGrad }, RAND_OPTIONS);
  generator.fillUniform(t.data, low, high);
  return t;
}

/** Normal with `mean` and `std` (default standard normal). */
export function randn(
  shape: readonly number[],
  options: RandomOptions & { mean?: number | undefined; std?: number | undefined } = {},
): Tensor {
  checkOptions('randn', options, RANDN_OPTIONS);
  const { mean = 0, std = 1 } = options;
  checkNumber('randn', 'mean', mean);
  checkNumber('randn', 'std', std, { min: 0 });
  const generator = generatorFor('randn', options);
  const t = filled('randn', shape, 0, { dtype: options.dtype, requiresGrad: options.requiresGrad }, RANDN_OPTIONS);
  generator.fillNormal(t.data, mean, std);
  return t;
}

/**
 * The default generator (PyTorch's `torch.default_generator`): what `rand`/`randn` draw from without `seed` or
 * `generator`, and what `@actlab/layers` draws from when no generator is passed (layer initialisation, `Dropout`,
 * a shuffling `DataLoader`), so one `manualSeed` makes a whole default run reproducible. `manualSeed` installs a
 * fresh generator: look it up after seeding rather than keeping one from before.
 *
 * @example
 * ```ts
 * import { getDefaultGenerator, manualSeed, randn } from '@actlab/autograd';
 *
 * manualSeed(7);
 * const saved = getDefaultGenerator().getState();
 * const a = randn([3]).toArray();
 * getDefaultGenerator().setState(saved);
 * console.log(randn([3]).toArray().join() === a.join()); // true
 * ```
 */
export function getDefaultGenerator(): Random {
  return defaultGenerator;
}

/**
 * A copy of the default generator's state (PyTorch's `torch.get_rng_state()`): seven 32-bit words (see
 * `Random#getState`) that `setRngState` restores, so a resumed run draws the same numbers. `saveCheckpoint` in
 * `@actlab/layers` stores it with `generator: getDefaultGenerator()`.
 *
 * @example
 * ```ts
 * import { getRngState, rand, setRngState } from '@actlab/autograd';
 *
 * const state = getRngState();
 * const a = rand([2]).toArray();
 * setRngState(state);
 * console.log(rand([2]).toArray().join() === a.join(), state.length); // true 7
 * ```
 */
export function getRngState(): Uint32Array {
  return defaultGenerator.getState();
}

/**
 * Restore the default generator's state from `getRngState()` (PyTorch's `torch.set_rng_state`); a corrupt state is
 * refused without changing anything (see `Random#setState`).
 */
export function setRngState(state: ArrayLike<number>): void {
  try {
    defaultGenerator.setState(state);
  } catch (e) {
    // Random#setState checks everything before it changes anything; the message names this call instead.
    const message = e instanceof Error ? e.message.replace(/^Random\.setState: /, '') : String(e);
    throw new Error(`setRngState: ${message}`, { cause: e });
  }
}
