/**
 * Argument checks shared by every actlab package, so each public function refuses bad input at entry in the same
 * words: the op, what was expected, what came, and the fix. Each check is O(1) and formats a string only on failure,
 * so hot paths can call them on every call.
 */

import type { DType, FloatArray } from './types';

/** At most this many characters of a value are shown in a message (a hostile 1 MB string must not be echoed). */
const PREVIEW_CHARS = 80;

/** A short, bounded description of what came: `'abc' (string)`, `null`, `[object Map]`, `Float32Array(3)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n (bigint)`;
    case 'boolean':
      return String(value);
    case 'string': {
      const shown = value.length > PREVIEW_CHARS ? `${value.slice(0, PREVIEW_CHARS)}…` : value;
      return `${JSON.stringify(shown)} (string of length ${value.length})`;
    }
    case 'symbol':
      return 'a symbol';
    case 'function':
      return `a function${value.name ? ` ${value.name}` : ''}`;
    default:
      break;
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor?.name ?? 'a typed array';
    return 'length' in value ? `${name}(${(value as { length: number }).length})` : name;
  }
  const ctor = (value as { constructor?: { name?: string } }).constructor;
  const name = typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'Object';
  return name === 'Object' ? 'a plain object' : `a ${name}`;
}

/** True for `{}`-style objects and class instances; false for null, arrays, functions, typed arrays and primitives. */
function isOptionsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * Throws unless `options` is undefined or an object whose own keys are all in `validKeys`: an unknown key (a typo
 * such as `mommentum`) or an options argument that is not an object (`mseLoss(a, b, 'sum')`) is an Error listing
 * the valid keys. Keys whose value is `undefined` count as absent, so `{ lr: cfg.lr }` works under
 * `exactOptionalPropertyTypes`.
 */
export function checkOptions(op: string, options: unknown, validKeys: readonly string[]): void {
  if (typeof op !== 'string' || !Array.isArray(validKeys)) {
    throw new Error(
      `checkOptions: op must be a string and validKeys an array of strings, got ${describeValue(op)} and ` +
        describeValue(validKeys),
    );
  }
  if (options === undefined) return;
  if (!isOptionsObject(options)) {
    throw new Error(
      `${op}: options must be an object such as { ${validKeys[0] ?? ''}: … }, got ${describeValue(options)}. ` +
        validKeysText(validKeys),
    );
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    if (!validKeys.includes(key)) {
      throw new Error(`${op}: unknown option '${key.slice(0, PREVIEW_CHARS)}'. ${validKeysText(validKeys)}`);
    }
  }
}

function validKeysText(validKeys: readonly string[]): string {
  return validKeys.length === 0 ? 'It takes no options.' : `Valid options: ${validKeys.join(', ')}.`;
}

/** Throws unless `value` is an integer in [min, max] (a size, an axis after normalising, a count). */
export function checkInteger(
  op: string,
  name: string,
  value: unknown,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): asserts value is number {
  checkLabels('checkInteger', op, name);
  if (typeof min !== 'number' || typeof max !== 'number' || !(min <= max)) {
    throw new Error(
      `checkInteger: min and max must be numbers with min <= max, got ${describeValue(min)} and ${describeValue(max)}`,
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new Error(`${op}: ${name} must be an integer ${range}, got ${describeValue(value)}`);
  }
}

/** Bounds for `checkNumber`; a missing bound is unbounded. `finite` (default true) refuses ±Infinity. */
export interface NumberBounds {
  min?: number | undefined;
  max?: number | undefined;
  /** Refuse `min` itself (e.g. a learning rate > 0). */
  minExclusive?: boolean | undefined;
  /** Refuse `max` itself. */
  maxExclusive?: boolean | undefined;
  finite?: boolean | undefined;
}

const NUMBER_BOUNDS = ['min', 'max', 'minExclusive', 'maxExclusive', 'finite'] as const;

/** Throws unless `value` is a number (never NaN) within `bounds`. */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
): asserts value is number {
  checkLabels('checkNumber', op, name);
  checkOptions('checkNumber', bounds, NUMBER_BOUNDS);
  const { min, max, minExclusive = false, maxExclusive = false, finite = true } = bounds;
  if (
    (min !== undefined && (typeof min !== 'number' || Number.isNaN(min))) ||
    (max !== undefined && (typeof max !== 'number' || Number.isNaN(max))) ||
    typeof minExclusive !== 'boolean' ||
    typeof maxExclusive !== 'boolean' ||
    typeof finite !== 'boolean'
  ) {
    throw new Error(
      'checkNumber: bounds must hold numbers min and max and booleans minExclusive, maxExclusive and finite, got ' +
        `min ${describeValue(min)}, max ${describeValue(max)}, minExclusive ${describeValue(minExclusive)}, ` +
        `maxExclusive ${describeValue(maxExclusive)}, finite ${describeValue(finite)}`,
    );
  }
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (!finite || Number.isFinite(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) {
    const parts: string[] = [];
    if (min !== undefined) parts.push(`${minExclusive ? '>' : '≥'} ${min}`);
    if (max !== undefined) parts.push(`${maxExclusive ? '<' : '≤'} ${max}`);
    const rule = `${finite ? 'a finite number' : 'a number'}${parts.length > 0 ? ` ${parts.join(' and ')}` : ''}`;
    throw new Error(`${op}: ${name} must be ${rule}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a boolean. */
export function checkBoolean(op: string, name: string, value: unknown): asserts value is boolean {
  checkLabels('checkBoolean', op, name);
  if (typeof value !== 'boolean') {
    throw new Error(`${op}: ${name} must be true or false, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is one of `choices` (strings compared exactly). */
export function checkChoice<C extends string>(
  op: string,
  name: string,
  value: unknown,
  choices: readonly C[],
): asserts value is C {
  if (!Array.isArray(choices)) {
    throw new Error(`checkChoice: choices must be an array of strings, got ${describeValue(choices)}`);
  }
  checkLabels('checkChoice', op, name);
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new Error(
      `${op}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
}

/** Throws unless `value` is a function. */
export function checkFunction(
  op: string,
  name: string,
  value: unknown,
): asserts value is (...args: never[]) => unknown {
  checkLabels('checkFunction', op, name);
  if (typeof value !== 'function') {
    throw new Error(`${op}: ${name} must be a function, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is 'float32' or 'float64'. */
export function checkDtype(op: string, name: string, value: unknown): asserts value is DType {
  checkLabels('checkDtype', op, name);
  if (value !== 'float32' && value !== 'float64') {
    throw new Error(`${op}: ${name} must be 'float32' or 'float64', got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a Float32Array or a Float64Array (the storage every kernel reads). */
export function checkFloatArray(op: string, name: string, value: unknown): asserts value is FloatArray {
  checkLabels('checkFloatArray', op, name);
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new Error(
      `${op}: ${name} must be a Float32Array or a Float64Array, got ${describeValue(value)}; ` +
        'convert with Float32Array.from(values)',
    );
  }
}

/** Throws unless `value` is an array (frozen or not). */
export function checkArray(op: string, name: string, value: unknown): asserts value is readonly unknown[] {
  checkLabels('checkArray', op, name);
  if (!Array.isArray(value)) throw new Error(`${op}: ${name} must be an array, got ${describeValue(value)}`);
}

/**
 * Throws unless `value` is an array of non-negative integers (a shape), and returns its number of elements, itself
 * checked against `MAX_ELEMENTS` so that a shape no typed array can hold is refused before anything is allocated.
 */
export function checkShape(op: string, name: string, value: unknown): number {
  checkLabels('checkShape', op, name);
  if (!Array.isArray(value)) {
    throw new Error(
      `${op}: ${name} must be an array of non-negative integers such as [2, 3], got ${describeValue(value)}`,
    );
  }
  let size = 1;
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      throw new Error(
        `${op}: ${name} must be an array of non-negative integers such as [2, 3], but dimension ${i} is ` +
          `${describeValue(d)}`,
      );
    }
    size *= d;
  }
  return size;
}

/**
 * The most elements a tensor may have: the engines' typed-array limit (V8 on 64 bits: 2^32 elements; beyond it,
 * `new Float32Array(n)` throws "Invalid typed array length" naming nothing).
 */
export const MAX_ELEMENTS = 2 ** 32;

function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toPrecision(3)} ${units[unit]} (${bytes} bytes)`;
}

function tooLargeError(op: string, dtype: DType, elements: number, cause?: unknown): Error {
  const bytes = elements * (dtype === 'float64' ? 8 : 4);
  const limit =
    elements > MAX_ELEMENTS
      ? `more than a typed array can hold (${MAX_ELEMENTS} elements)`
      : 'more than this machine could allocate';
  return new Error(
    `${op}: the result needs ${elements} ${dtype} elements, ${formatBytes(bytes)}: ${limit}; use smaller sizes ` +
      '(or split the work into batches)',
    cause === undefined ? undefined : { cause },
  );
}

/** Throws unless a `dtype` array of `elements` elements can exist: named by `op`, with the size in bytes. */
export function checkAllocation(op: string, dtype: DType, elements: number): void {
  if (
    elements <= MAX_ELEMENTS &&
    elements >= 0 &&
    Number.isInteger(elements) &&
    (dtype === 'float32' || dtype === 'float64') &&
    typeof op === 'string'
  ) {
    return;
  }
  checkLabels('checkAllocation', op, 'dtype');
  checkDtype(op, 'dtype', dtype);
  if (typeof elements !== 'number' || !Number.isInteger(elements) || elements < 0) {
    throw new Error(`${op}: cannot allocate ${describeValue(elements)} elements; a size is a non-negative integer`);
  }
  throw tooLargeError(op, dtype, elements);
}

/**
 * A new zero-filled `dtype` array of `n` elements, or an Error naming `op` and the size in bytes when no typed array
 * can hold it (or the engine cannot allocate it) — instead of an engine RangeError that names nothing.
 */
export function allocateFloatArray(op: string, dtype: DType, n: number): FloatArray {
  // The common small sizes take one comparison more than a bare `new`; the checks and the try/catch that turns an
  // engine's allocation failure into a named Error run only for sizes that could fail.
  if (n <= LARGE_ELEMENTS && n >= 0 && Number.isInteger(n) && typeof op === 'string') {
    if (dtype === 'float32') return new Float32Array(n);
    if (dtype === 'float64') return new Float64Array(n);
  }
  return allocateLarge(op, dtype, n);
}

/** Below this many elements (256 MB of float32) an allocation is not expected to fail. */
const LARGE_ELEMENTS = 2 ** 26;

function allocateLarge(op: string, dtype: DType, n: number): FloatArray {
  checkLabels('allocateFloatArray', op, 'dtype');
  checkDtype(op, 'dtype', dtype);
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new Error(`${op}: cannot allocate ${describeValue(n)} elements; a size is a non-negative integer`);
  }
  if (n > MAX_ELEMENTS) throw tooLargeError(op, dtype, n);
  try {
    return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  } catch (error) {
    if (error instanceof RangeError) throw tooLargeError(op, dtype, n, error);
    throw error;
  }
}

/** Throws unless a check's own `op` and `name` (what its message shows) are strings. */
function checkLabels(check: string, op: unknown, name: unknown): void {
  if (typeof op !== 'string' || typeof name !== 'string') {
    throw new Error(
      `${check}: op and name (the words of the message) must be strings, got ${describeValue(op)} and ${describeValue(name)}`,
    );
  }
}
