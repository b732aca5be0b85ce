/** Creation functions. Every one takes `{ dtype, requiresGrad }`; float32 is the default dtype. */
import { arrayFor, type DType, type FloatArray, Random, sizeOf } from '@actlab/kernels';
import { formatShape } from './format-shape';
import { Tensor } from './tensor';

/** Options every creation function takes. */
export interface TensorOptions {
  /** 'float32' (default) or 'float64'. */
  dtype?: DType;
  /** Make the result a leaf that collects a gradient. */
  requiresGrad?: boolean;
}

/** Options of `tensor(data, options)`. */
export interface TensorDataOptions extends TensorOptions {
  /** Shape for flat data (a typed array or a flat list); inferred from nesting otherwise. */
  shape?: readonly number[];
}

/** Nested arrays of numbers, e.g. `[[1, 2], [3, 4]]`. */
export type NestedNumbers = number | readonly NestedNumbers[];

function checkDtype(op: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float32';
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new Error(`${op}: unknown dtype ${String(dtype)}; use 'float32' or 'float64'`);
}

function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    // formatShape, not JSON, so that NaN and Infinity show as themselves.
    const shown = Array.isArray(shape) ? formatShape(shape) : String(shape);
    throw new Error(`${op}: shape ${shown} is invalid; pass an array of non-negative integers`);
  }
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
  const inferred = data instanceof Float64Array ? 'float64' : 'float32';
  const dtype = options.dtype === undefined ? inferred : checkDtype('tensor', options.dtype);
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
    values = arrayFor(dtype, sizeOf(shape));
    fillNested(data, 0, shape, values, 0, []);
  } else {
    throw new Error(`tensor: cannot make a tensor from ${typeof data}; pass a number, nested arrays or a typed array`);
  }
  if (options.shape !== undefined) {
    const target = checkShape('tensor', options.shape);
    if (sizeOf(target) !== values.length) {
      throw new Error(
        `tensor: ${values.length} values do not fill shape ${formatShape(target)} (${sizeOf(target)} elements); ` +
          'pass data with exactly that many values',
      );
    }
    shape = target;
  }
  return new Tensor(values, shape, options.requiresGrad === true);
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
    const got = Array.isArray(node) ? `length ${node.length}` : typeof node;
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
          `tensor: element ${pathText(index, depth + 1)} is ${typeof v}, not a number; pass numbers only`,
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
function filled(op: string, shape: readonly number[], value: number, options: TensorOptions): Tensor {
  const s = checkShape(op, shape);
  const data = arrayFor(checkDtype(op, options.dtype), sizeOf(s));
  if (value !== 0) data.fill(value);
  return new Tensor(data, s, options.requiresGrad === true);
}

/** `value` everywhere. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  return filled('full', shape, value, options);
}

/** Zeros of `shape`. */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('zeros', shape, 0, options);
}

/** Ones of `shape`. */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  return filled('ones', shape, 1, options);
}

/** Zeros of `like`'s shape and (unless overridden) dtype. */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return filled('zerosLike', like.shape, 0, { dtype: like.dtype, ...options });
}

/** Ones of `like`'s shape and (unless overridden) dtype. */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return filled('onesLike', like.shape, 1, { dtype: like.dtype, ...options });
}

/** start, start+step, … below end (`arange(n)` is 0..n−1), as torch.arange. */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new Error(`arange: start ${lo}, end ${hi}, step ${step} are invalid; pass finite values and a non-zero step`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = arrayFor(checkDtype('arange', options.dtype), n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return new Tensor(data, [n], options.requiresGrad === true);
}

/** `steps` evenly spaced values from start to end inclusive, as torch.linspace. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new Error(`linspace: steps ${steps} must be a non-negative integer`);
  }
  const data = arrayFor(checkDtype('linspace', options.dtype), steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  const half = Math.max(1, Math.floor(steps / 2));
  for (let i = 0; i < steps; i++) data[i] = i < half ? start + i * delta : end - (steps - 1 - i) * delta;
  return new Tensor(data, [steps], options.requiresGrad === true);
}

/** The n×m identity (m defaults to n). */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  const t = filled('eye', [n, m], 0, options);
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

/**
 * How rand and randn draw: from `generator`, from a fresh one seeded with `seed`, or from the package's default
 * generator (see manualSeed).
 */
export interface RandomOptions extends TensorOptions {
  /** Seed a fresh generator (reproducible). */
  seed?: number;
  /** Draw from this generator (advances it). Without seed or generator the package's default generator is used. */
  generator?: Random;
}

let defaultGenerator = new Random(0);

/** Reseed the default generator used by rand/randn calls without `seed` or `generator`. */
export function manualSeed(seed: number): void {
  defaultGenerator = new Random(seed);
}

function generatorFor(options: RandomOptions): Random {
  if (options.generator !== undefined) return options.generator;
  if (options.seed !== undefined) return new Random(options.seed);
  return defaultGenerator;
}

/** Uniform on [low, high) (default [0, 1)). */
export function rand(shape: readonly number[], options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const t = filled('rand', shape, 0, options);
  generatorFor(options).fillUniform(t.data, options.low ?? 0, options.high ?? 1);
  return t;
}

/** Normal with `mean` and `std` (default standard normal). */
export function randn(shape: readonly number[], options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const t = filled('randn', shape, 0, options);
  generatorFor(options).fillNormal(t.data, options.mean ?? 0, options.std ?? 1);
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
  defaultGenerator.setState(state);
}
