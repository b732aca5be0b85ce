/**
 * Argument checks shared by every actlab package, so each public function refuses bad input at entry in the same
 * words: the op, what was expected, what came, and the fix. Each check is O(1) and formats a string only on failure,
 * so hot paths can call them on every call.
 */

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

/** Throws unless `value` is a number (never NaN) within `bounds`. */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
): asserts value is number {
  const { min, max, minExclusive = false, maxExclusive = false, finite = true } = bounds;
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
  if (typeof value !== 'function') {
    throw new Error(`${op}: ${name} must be a function, got ${describeValue(value)}`);
  }
}
