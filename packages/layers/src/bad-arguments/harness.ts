/**
 * The table-driven bad-argument sweep (issue 12): one row per public function, constructor and method of the three
 * packages, each a valid call plus the kinds of its arguments. The harness derives the invalid calls from the kinds
 * (null, undefined, wrong type, NaN, negative, fractional, huge, wrong dtype, unknown option, non-object options, …),
 * one bad argument at a time, and classifies what each call did: an Error whose message starts with the op's name
 * ("named"), any other exception ("unnamed", e.g. an engine TypeError), or no exception at all ("accepted").
 *
 * Test-only: nothing here is exported from the package.
 */
import { Tensor, tensor } from '@actlab/autograd';

/** What an argument is; the harness knows which values are invalid for each kind. */
export type Kind =
  /** The receiver of a method, or an argument not worth mutating (any value is acceptable or it is a callback). */
  | 'self'
  | 'any'
  /** A Tensor; `tensorSame` must also have the dtype of the row's other tensors (a float64 one is refused). */
  | 'tensor'
  | 'tensorSame'
  /** A Tensor or a number (a scalar operand). */
  | 'operand'
  | 'operandSame'
  /**
   * An integer ≥ 0 (a size, a count), ≥ 1 (`count1`), or any integer (`integer`). Sizes allocate, so a huge one is
   * invalid too; `int0`/`int1` are counts that allocate nothing (epochs, patience), where any size is valid.
   */
  | 'size'
  | 'count1'
  | 'integer'
  | 'int0'
  | 'int1'
  /** An axis of the row's tensor (integer, in range). */
  | 'axis'
  /** One axis, several, or null (all). */
  | 'axes'
  /** A finite number; `positive` > 0, `nonNegative` ≥ 0, `probability` in [0, 1]; `anyNumber` may be NaN/±∞. */
  | 'number'
  | 'positive'
  | 'nonNegative'
  | 'probability'
  | 'anyNumber'
  /** A safe integer seed. */
  | 'seed'
  | 'boolean'
  | 'string'
  | 'dtype'
  /** An array of non-negative integers; `reshape` may hold one -1; `dims` allocates nothing (any size is valid). */
  | 'shape'
  | 'reshape'
  | 'dims'
  | 'function'
  /** A non-empty array of Tensors. */
  | 'tensors'
  /** An iterable of Tensors (parameters). */
  | 'iterable'
  /** A Float32Array/Float64Array; `arraySame` must have the dtype of the row's other arrays. */
  | 'array'
  | 'arraySame'
  /** A kernel's optional `out`: right type, dtype and length, or absent. */
  | 'out'
  /** Integer indices (a Tensor, an Int32Array, or arrays of integers) in range. */
  | 'indices'
  /** A kernels Random. */
  | 'generator'
  /** A layers Module. */
  | 'module'
  /** What an init function fills: a Tensor or a `{ shape, data }` pair. */
  | 'target'
  /** A Uint8Array (or ArrayBuffer) of file bytes. */
  | 'bytes'
  /** An object (any non-null object). */
  | 'object';

/** One argument: its kind, whether `undefined` (and `null`) are valid, and for options objects their keys. */
export interface Spec {
  readonly kind: Kind | 'options' | 'choice';
  readonly optional: boolean;
  readonly nullable: boolean;
  readonly keys?: Readonly<Record<string, Spec>>;
  readonly choices?: readonly string[];
}

/** `'axis'`, `'axis?'` (undefined valid), `'axes?~'` (undefined and null valid), or a built Spec. */
export type SpecLike = `${Kind}` | `${Kind}?` | `${Kind}?~` | Spec;

export function spec(like: SpecLike): Spec {
  if (typeof like !== 'string') return like;
  const nullable = like.endsWith('~');
  const optional = nullable || like.endsWith('?');
  const kind = like.replace(/[?~]+$/, '') as Kind;
  return { kind, optional, nullable };
}

/** An options object whose keys have these kinds (every key optional unless written without `?`). */
export function options(keys: Readonly<Record<string, SpecLike>>, required = false): Spec {
  const built: Record<string, Spec> = {};
  for (const [k, v] of Object.entries(keys)) built[k] = spec(v);
  return { kind: 'options', optional: !required, nullable: false, keys: built };
}

/** One of `choices` (strings). */
export function choice(choices: readonly string[], optional = false): Spec {
  return { kind: 'choice', optional, nullable: false, choices };
}

/** One row: an export (or method) with a valid call and its argument kinds. */
export interface Row {
  /** `transpose`, `new Linear`, `Tensor#transpose`, `Random#normal`. */
  readonly name: string;
  /** What the Error message must start with (any of them, case-insensitive, as a whole word). */
  readonly op: string | readonly string[];
  /** A fresh valid argument list (for methods, the receiver first). */
  readonly args: () => unknown[];
  /** One spec per argument position. */
  readonly specs: readonly Spec[];
  /** Make the call. */
  readonly call: (args: unknown[]) => unknown;
  /** More invalid calls that the kinds cannot express (an inner-dimension mismatch, a ragged array, …). */
  readonly extra?: Readonly<Record<string, () => unknown[]>>;
  /** Invalid calls known not to end in a named Error, with the reason: reported, and checked to still be so. */
  readonly known?: Readonly<Record<string, string>>;
  /**
   * Set (to the reason) for a method that always throws by design (a container's `forward`): the call with the
   * row's arguments is then one more invalid call, and no valid call is expected to succeed.
   */
  readonly noValidCall?: string;
}

type Call = (...args: never[]) => unknown;
type More = Partial<Pick<Row, 'op' | 'extra' | 'known' | 'noValidCall'>>;

function moreOf(more: More): Partial<Row> {
  return {
    ...(more.extra === undefined ? {} : { extra: more.extra }),
    ...(more.known === undefined ? {} : { known: more.known }),
    ...(more.noValidCall === undefined ? {} : { noValidCall: more.noValidCall }),
  };
}
type Ctor = new (...args: never[]) => unknown;

/** A row for a function. */
export function fn(name: string, f: Call, specs: readonly SpecLike[], args: () => unknown[], more: More = {}): Row {
  return {
    name,
    op: more.op ?? name,
    args,
    specs: specs.map(spec),
    call: (a) => (f as (...x: unknown[]) => unknown)(...a),
    ...moreOf(more),
  };
}

/** A row for a constructor: `new Cls(...args)`. */
export function ctor(name: string, cls: Ctor, specs: readonly SpecLike[], args: () => unknown[], more: More = {}): Row {
  return {
    name: `new ${name}`,
    op: more.op ?? name,
    args,
    specs: specs.map(spec),
    call: (a) => new (cls as new (...x: unknown[]) => unknown)(...a),
    ...moreOf(more),
  };
}

/** A row for a method: `args()[0]` is the receiver; `specs` describe the other arguments. */
export function method(
  owner: string,
  name: string,
  specs: readonly SpecLike[],
  args: () => unknown[],
  more: More = {},
): Row {
  return {
    name: `${owner}#${name}`,
    op: more.op ?? [name, owner],
    args,
    specs: ['self', ...specs].map((s) => spec(s as SpecLike)),
    call: (a) => {
      const self = a[0] as Record<string, (...x: unknown[]) => unknown>;
      return self[name]!(...a.slice(1));
    },
    ...moreOf(more),
  };
}

/** The method twin of a function row whose first argument is a Tensor (`transpose(x, …)` → `x.transpose(…)`). */
export function tensorMethod(row: Row, methodName = row.name): Row {
  // The function's extra calls that still have a Tensor first apply to the method too.
  const extra = Object.fromEntries(Object.entries(row.extra ?? {}).filter(([, args]) => args()[0] instanceof Tensor));
  return {
    ...row,
    extra,
    name: `Tensor#${methodName}`,
    specs: [spec('self'), ...row.specs.slice(1)],
    call: (a) => {
      const self = a[0] as Record<string, (...x: unknown[]) => unknown>;
      return self[methodName]!(...a.slice(1));
    },
  };
}

/** The other floating dtype's copy of a tensor or array. */
function otherDtype(value: unknown): unknown {
  if (value instanceof Tensor) return value.detach().to(value.dtype === 'float64' ? 'float32' : 'float64');
  if (value instanceof Float64Array) return Float32Array.from(value);
  if (value instanceof Float32Array) return Float64Array.from(value);
  return value;
}

const HUGE = 2 ** 40;

type Mutation = readonly [label: string, make: (valid: unknown) => unknown];
const v = (value: unknown) => (): unknown => value;

const notNumbers: readonly Mutation[] = [
  ['string', v('1')],
  ['boolean', v(true)],
  ['object', () => ({})],
];
const badFinite: readonly Mutation[] = [
  ['NaN', v(Number.NaN)],
  ['Infinity', v(Number.POSITIVE_INFINITY)],
  ...notNumbers,
];
const badTensor: readonly Mutation[] = [
  ['a number', v(1.5)],
  ['a string', v('x')],
  ['an array', () => [1, 2]],
  ['a plain object', () => ({ shape: [2], data: new Float32Array(2) })],
  ['a Float32Array', () => new Float32Array(2)],
];
const badOperand: readonly Mutation[] = [
  ['a string', v('x')],
  ['an array', () => [1, 2]],
  ['a plain object', () => ({})],
  ['a boolean', v(true)],
];
const badInteger: readonly Mutation[] = [...badFinite, ['fractional', v(0.5)], ['huge', v(HUGE)]];
const badArray: readonly Mutation[] = [
  ['a plain array', () => [1, 2, 3]],
  ['an Int32Array', () => new Int32Array(3)],
  ['a string', v('x')],
  ['a plain object', () => ({})],
];

/** The invalid values of a spec, each with a label (`null` and `undefined` where the spec does not allow them). */
function mutationsOf(s: Spec): readonly Mutation[] {
  const out: Mutation[] = [];
  if (s.kind === 'self' || s.kind === 'any') return out;
  if (!s.optional) out.push(['undefined', v(undefined)]);
  if (!s.nullable) out.push(['null', v(null)]);
  switch (s.kind) {
    case 'tensor':
      out.push(...badTensor);
      break;
    case 'tensorSame':
      out.push(...badTensor, ['the other dtype', otherDtype]);
      break;
    case 'operand':
      out.push(...badOperand);
      break;
    case 'operandSame':
      out.push(...badOperand, ['the other dtype', otherDtype]);
      break;
    case 'size':
      out.push(...badInteger, ['negative', v(-1)]);
      break;
    case 'count1':
      out.push(...badInteger, ['negative', v(-1)], ['zero', v(0)]);
      break;
    case 'integer':
      out.push(...badFinite, ['fractional', v(0.5)]);
      break;
    case 'int0':
      out.push(...badFinite, ['fractional', v(0.5)], ['negative', v(-1)]);
      break;
    case 'int1':
      out.push(...badFinite, ['fractional', v(0.5)], ['negative', v(-1)], ['zero', v(0)]);
      break;
    case 'axis':
      out.push(...badFinite, ['fractional', v(0.5)], ['out of range', v(7)], ['out of range (negative)', v(-7)]);
      break;
    case 'axes':
      out.push(
        ...badFinite,
        ['fractional', v(0.5)],
        ['out of range', v(7)],
        ['an out-of-range axis in a list', () => [0, 7]],
        ['a repeated axis', () => [0, 0]],
      );
      break;
    case 'number':
      out.push(...badFinite);
      break;
    case 'positive':
      out.push(...badFinite, ['zero', v(0)], ['negative', v(-1)]);
      break;
    case 'nonNegative':
      out.push(...badFinite, ['negative', v(-1)]);
      break;
    case 'probability':
      out.push(...badFinite, ['negative', v(-0.1)], ['above 1', v(1.5)]);
      break;
    case 'anyNumber':
      out.push(...notNumbers);
      break;
    case 'seed':
      out.push(...badFinite, ['fractional', v(0.5)], ['unsafe integer', v(2 ** 60)]);
      break;
    case 'boolean':
      out.push(['a string', v('yes')], ['a number', v(1)], ['an object', () => ({})]);
      break;
    case 'string':
      out.push(['a number', v(1)], ['an object', () => ({})], ['a boolean', v(true)]);
      break;
    case 'dtype':
      out.push(['an unknown dtype', v('float16')], ['a number', v(32)], ['an object', () => ({})]);
      break;
    case 'shape':
      out.push(
        ['a number', v(3)],
        ['a string', v('2,2')],
        ['a negative dimension', () => [2, -1]],
        ['a fractional dimension', () => [2, 0.5]],
        ['a NaN dimension', () => [Number.NaN]],
        ['a string dimension', () => ['2']],
        ['more elements than a typed array holds', () => [2 ** 20, 2 ** 21]],
        ['an array-like object', () => ({ length: 1, 0: 2 })],
      );
      break;
    case 'dims':
      out.push(
        ['a number', v(3)],
        ['a string', v('2,2')],
        ['a negative dimension', () => [2, -1]],
        ['a fractional dimension', () => [2, 0.5]],
        ['a NaN dimension', () => [2, Number.NaN]],
        ['a string dimension', () => [2, '2']],
      );
      break;
    case 'reshape':
      out.push(
        ['a number', v(3)],
        ['a string', v('2,2')],
        ['a dimension below -1', () => [-2, 3]],
        ['a fractional dimension', () => [0.5, 3]],
        ['a NaN dimension', () => [Number.NaN]],
        ['two -1', () => [-1, -1]],
      );
      break;
    case 'function':
      out.push(['a string', v('x')], ['a number', v(1)], ['an object', () => ({})]);
      break;
    case 'tensors':
      out.push(
        ['a string', v('x')],
        ['a Tensor', () => tensor([1, 2])],
        ['an empty array', () => []],
        ['an array holding null', () => [null]],
        ['an array holding a number', () => [1]],
      );
      break;
    case 'iterable':
      out.push(['a number', v(1)], ['a plain object', () => ({})], ['an array holding null', () => [null]]);
      break;
    case 'array':
      out.push(...badArray);
      break;
    case 'arraySame':
      out.push(...badArray, ['the other dtype', otherDtype]);
      break;
    case 'out':
      out.push(
        ['a plain array', (x) => new Array((x as ArrayLike<number>).length).fill(0)],
        ['an Int32Array', (x) => new Int32Array((x as ArrayLike<number>).length)],
        ['one element too long', (x) => new Float32Array((x as ArrayLike<number>).length + 1)],
        ['one element too short', (x) => new Float32Array(Math.max(0, (x as ArrayLike<number>).length - 1))],
        ['the other dtype', otherDtype],
        ['a string', v('x')],
      );
      break;
    case 'indices':
      out.push(
        ['a string', v('x')],
        ['a fractional index', () => [0.5]],
        ['a NaN index', () => [Number.NaN]],
        ['an out-of-range index', () => [99]],
        ['a plain object', () => ({})],
      );
      break;
    case 'generator':
      out.push(['a seed instead of a Random', v(42)], ['a plain object', () => ({ uniform: () => 0.5 })]);
      break;
    case 'module':
      out.push(
        ['a string', v('x')],
        ['a plain object', () => ({ forward: (x: unknown) => x })],
        ['a Tensor', () => tensor([1])],
      );
      break;
    case 'object':
      out.push(['a string', v('x')], ['a number', v(1)]);
      break;
    case 'target':
      out.push(
        ['a string', v('x')],
        ['a Float32Array', () => new Float32Array(6)],
        ['plain-array data', () => ({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })],
        ['data that does not fill the shape', () => ({ shape: [2, 3], data: new Float32Array(5) })],
        ['no shape', () => ({ data: new Float32Array(6) })],
      );
      break;
    case 'bytes':
      out.push(
        ['a string', v('x')],
        ['a plain array', () => [1, 2, 3]],
        ['a plain object', () => ({})],
        ['a Float32Array', () => new Float32Array(4)],
      );
      break;
    case 'choice':
      out.push(['an unknown choice', v('bogus')], ['a number', v(1)], ['an object', () => ({})]);
      break;
    case 'options':
      out.push(['a string', v('sum')], ['a number', v(1)], ['a boolean', v(true)], ['an array', () => [1]]);
      break;
  }
  return out;
}

/** One invalid call: its label and its argument list. */
export interface InvalidCall {
  readonly label: string;
  readonly args: () => unknown[];
}

/** Every invalid call a row stands for: one bad argument (or one bad option) at a time, plus its extras. */
export function invalidCalls(row: Row): InvalidCall[] {
  const calls: InvalidCall[] = [];
  row.specs.forEach((s, i) => {
    const at = (make: (valid: unknown) => unknown) => () => {
      const a = row.args();
      a[i] = make(a[i]);
      return a;
    };
    for (const [label, make] of mutationsOf(s)) calls.push({ label: `argument ${i}: ${label}`, args: at(make) });
    if (s.kind !== 'options' || s.keys === undefined) return;
    const valid = (a: unknown[]) => (typeof a[i] === 'object' && a[i] !== null ? a[i] : {}) as Record<string, unknown>;
    calls.push({
      label: `argument ${i}: an unknown option`,
      args: () => {
        const a = row.args();
        a[i] = { ...valid(a), bogusOption: 1 };
        return a;
      },
    });
    for (const [key, keySpec] of Object.entries(s.keys)) {
      // A key set to undefined counts as absent, so it is never a mutation of an optional key.
      for (const [label, make] of mutationsOf(keySpec)) {
        if (label === 'undefined') continue;
        calls.push({
          label: `argument ${i}: option ${key}: ${label}`,
          args: () => {
            const a = row.args();
            const o = valid(a);
            a[i] = { ...o, [key]: make(o[key]) };
            return a;
          },
        });
      }
      if (!keySpec.optional) {
        calls.push({
          label: `argument ${i}: option ${key}: missing`,
          args: () => {
            const a = row.args();
            const { [key]: _, ...rest } = valid(a);
            a[i] = rest;
            return a;
          },
        });
      }
    }
  });
  for (const [label, args] of Object.entries(row.extra ?? {})) calls.push({ label, args });
  if (row.noValidCall !== undefined) calls.push({ label: `any call (${row.noValidCall})`, args: row.args });
  return calls;
}

/**
 * Valid calls: the row's valid call with one optional option set to `undefined`, for each such key (issue 13.7: a
 * key set to undefined counts as absent, so `{ lr: cfg.lr }` works whatever `cfg` holds).
 */
export function undefinedOptionCalls(row: Row): InvalidCall[] {
  const calls: InvalidCall[] = [];
  row.specs.forEach((s, i) => {
    if (s.kind !== 'options' || s.keys === undefined) return;
    for (const [key, keySpec] of Object.entries(s.keys)) {
      if (!keySpec.optional) continue;
      calls.push({
        label: `argument ${i}: option ${key}: undefined`,
        args: () => {
          const a = row.args();
          const o = typeof a[i] === 'object' && a[i] !== null ? (a[i] as Record<string, unknown>) : {};
          a[i] = { ...o, [key]: undefined };
          return a;
        },
      });
    }
  });
  return calls;
}

/** The calls of `undefinedOptionCalls` that threw, each with its exception. */
export async function refusedUndefinedOptions(row: Row): Promise<string[]> {
  if (row.noValidCall !== undefined) return [];
  const refused: string[] = [];
  for (const call of undefinedOptionCalls(row)) {
    const { threw, error } = await attempt(row, call.args());
    if (threw) refused.push(`${row.name} (${call.label}): ${describeError(error)}`);
  }
  return refused;
}

export type Outcome = 'named' | 'unnamed' | 'accepted';

/** The result of one invalid call. */
export interface CallResult {
  readonly row: string;
  readonly label: string;
  readonly outcome: Outcome;
  /** The exception's class and message, or 'returned normally'. */
  readonly detail: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `error` is an Error whose message starts with one of `ops` as a whole word (case-insensitive). */
export function namesOp(error: unknown, ops: string | readonly string[]): boolean {
  if (!(error instanceof Error)) return false;
  const list = typeof ops === 'string' ? [ops] : ops;
  // `op` itself, or a method qualified by its class (`Sequential.train`, `SGD.zeroGrad`).
  return list.some((op) =>
    new RegExp(`^(?:[A-Za-z_$][\\w$]*\\.)?${escapeRegExp(op)}(?![A-Za-z0-9_])`, 'i').test(error.message),
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Run a call (awaiting a promise it returns); the exception, or `undefined` when it returned normally. */
async function attempt(row: Row, args: unknown[]): Promise<{ threw: boolean; error: unknown }> {
  try {
    const result = row.call(args);
    if (isThenable(result)) await result;
    return { threw: false, error: undefined };
  } catch (error) {
    return { threw: true, error };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message.slice(0, 300)}`;
  return `a thrown ${typeof error}`;
}

/** The valid call's exception (a broken row), or null when it succeeds. */
export async function validCallError(row: Row): Promise<string | null> {
  if (row.noValidCall !== undefined) return null;
  const { threw, error } = await attempt(row, row.args());
  return threw ? describeError(error) : null;
}

/** Every invalid call of the row, classified. */
export async function runRow(row: Row): Promise<CallResult[]> {
  const results: CallResult[] = [];
  for (const call of invalidCalls(row)) {
    const { threw, error } = await attempt(row, call.args());
    const outcome: Outcome = !threw ? 'accepted' : namesOp(error, row.op) ? 'named' : 'unnamed';
    results.push({
      row: row.name,
      label: call.label,
      outcome,
      detail: threw ? describeError(error) : 'returned normally',
    });
  }
  return results;
}

/** Runtime exports that must have rows: functions and classes (constructor rows), keyed as rows name them. */
export function requiredRowNames(
  api: Readonly<Record<string, unknown>>,
  exempt: Readonly<Record<string, string>>,
): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'function') continue;
    if (isClass(value)) {
      if (!Object.hasOwn(exempt, `new ${key}`)) names.push(`new ${key}`);
      for (const m of ownMethods(value)) if (!Object.hasOwn(exempt, `${key}#${m}`)) names.push(`${key}#${m}`);
    } else if (!Object.hasOwn(exempt, key)) names.push(key);
  }
  return names;
}

function isClass(value: object): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(value));
}

/** A class's own prototype methods (not accessors, not symbols, not the constructor). */
function ownMethods(cls: { prototype: unknown }): string[] {
  const proto = cls.prototype as object;
  return Object.getOwnPropertyNames(proto).filter((name) => {
    if (name === 'constructor') return false;
    const d = Object.getOwnPropertyDescriptor(proto, name);
    return d !== undefined && typeof d.value === 'function';
  });
}
