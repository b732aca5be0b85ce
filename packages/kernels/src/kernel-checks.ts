/**
 * Entry checks of the public kernels, shared by every backend: each is O(1) in the data (a few instanceof/typeof
 * tests, shape loops over the rank) and formats a message only on failure, so a wrong call is an Error naming the
 * kernel — never a TypeError from inside a loop, a partly written `out`, or a silent float32/float64 mix.
 */
import type { ActivationEntry } from './activations';
import { checkArray, checkFloatArray, checkShape, describeValue } from './checks';
import { broadcastShapes, checkOut, normalizeAxis, sizeOf } from './shape';
import type { FloatArray, Shape } from './types';

/** `x` a Float32Array/Float64Array, `out` absent or of x's dtype and length. */
export function checkUnaryKernel(op: string, x: FloatArray, out: FloatArray | undefined): void {
  checkFloatArray(op, 'x', x);
  if (out !== undefined) checkOut(op, out, x.length, x instanceof Float64Array);
}

/** A number argument of a kernel (NaN and ±Infinity are values here, as in the arithmetic they scale). */
export function checkScalarArgument(op: string, name: string, value: number): void {
  if (typeof value !== 'number') {
    throw new Error(`${op}: ${name} must be a number, got ${describeValue(value)}`);
  }
}

/** `data` holds exactly the elements of `shape`. */
function checkData(op: string, name: string, data: FloatArray, shapeName: string, shape: Shape): void {
  checkFloatArray(op, name, data);
  const n = checkShape(op, shapeName, shape);
  if (data.length !== n) {
    throw new Error(
      `${op}: ${name} has ${data.length} elements but its shape [${shape.join(', ')}] needs ${n}; pass the shape of ` +
        'the data',
    );
  }
}

/**
 * Both operands of a binary kernel, each filling its shape; `out` of the result's dtype (float64 when either operand
 * is, as the kernels promote) and the broadcast size.
 */
export function checkBinaryKernel(
  op: string,
  a: FloatArray,
  aShape: Shape,
  b: FloatArray,
  bShape: Shape,
  out: FloatArray | undefined,
): void {
  checkData(op, 'a', a, 'aShape', aShape);
  checkData(op, 'b', b, 'bShape', bShape);
  const float64 = a instanceof Float64Array || b instanceof Float64Array;
  if (out === undefined) return;
  // The broadcast size without allocating the broadcast shape (out is given on hot paths: gradient accumulation).
  const rank = Math.max(aShape.length, bShape.length);
  let n = 1;
  for (let i = 1; i <= rank; i++) {
    const da = i <= aShape.length ? aShape[aShape.length - i]! : 1;
    const db = i <= bShape.length ? bShape[bShape.length - i]! : 1;
    n *= da === 1 ? db : da;
  }
  if (out instanceof (float64 ? Float64Array : Float32Array) && out.length !== n) broadcastShapes(aShape, bShape, op);
  checkOut(op, out, n, float64);
}

/** `x` fills `from`; `to` is a shape; `out` of x's dtype with sizeOf(to) elements. */
export function checkReshapingKernel(
  op: string,
  x: FloatArray,
  from: Shape,
  to: Shape,
  out: FloatArray | undefined,
): void {
  checkData(op, 'x', x, 'from', from);
  const n = checkShape(op, 'to', to);
  if (out !== undefined) checkOut(op, out, n, x instanceof Float64Array);
}

/** permute: `x` fills `shape`, `perm` is an array, `out` of x's dtype and length. */
export function checkPermuteKernel(
  op: string,
  x: FloatArray,
  shape: Shape,
  perm: readonly number[],
  out: FloatArray | undefined,
): void {
  checkData(op, 'x', x, 'shape', shape);
  checkArray(op, 'perm', perm);
  if (out !== undefined) checkOut(op, out, x.length, x instanceof Float64Array);
}

/**
 * An axis kernel: `x` fills `shape`, `axis` is one of its axes, `out` of x's dtype with the result's length
 * (`keepsLength`: as x, for softmax; else x's length over the axis's, for a reduction).
 */
export function checkAxisKernel(
  op: string,
  x: FloatArray,
  shape: Shape,
  axis: number,
  out: FloatArray | undefined,
  keepsLength: boolean,
): void {
  checkData(op, 'x', x, 'shape', shape);
  const a = normalizeAxis(axis, shape.length, op);
  if (out === undefined) return;
  const len = shape[a]!;
  const n = keepsLength ? x.length : len === 0 ? sizeOf(shape.filter((_, i) => i !== a)) : x.length / len;
  checkOut(op, out, n, x instanceof Float64Array);
}

/** A reduction's `argOut`: absent or an Int32Array (its length is the kernel's to check). */
export function checkArgOut(op: string, argOut: Int32Array | undefined): void {
  if (argOut !== undefined && !(argOut instanceof Int32Array)) {
    throw new Error(`${op}: argOut must be an Int32Array (the indices of the extrema), got ${describeValue(argOut)}`);
  }
}

/** gemm's flags, scalars and operands: booleans, finite alpha and beta, three arrays of one dtype. */
export function checkGemmKernel(
  op: string,
  transA: boolean,
  transB: boolean,
  alpha: number,
  a: FloatArray,
  b: FloatArray,
  beta: number,
  c: FloatArray,
): void {
  if (typeof transA !== 'boolean' || typeof transB !== 'boolean') {
    throw new Error(
      `${op}: transA and transB must be true or false, got ${describeValue(transA)} and ${describeValue(transB)}`,
    );
  }
  if (!Number.isFinite(alpha) || !Number.isFinite(beta)) {
    throw new Error(
      `${op}: alpha and beta must be finite numbers, got ${describeValue(alpha)} and ${describeValue(beta)}`,
    );
  }
  checkFloatArray(op, 'a', a);
  checkFloatArray(op, 'b', b);
  checkFloatArray(op, 'c', c);
  const float64 = c instanceof Float64Array;
  if (a instanceof Float64Array !== float64 || b instanceof Float64Array !== float64) {
    throw new Error(`${op}: a, b and c must have one dtype, got ${dtypeName(a)}, ${dtypeName(b)} and ${dtypeName(c)}`);
  }
}

/** gemm's dimensions: non-negative integers. */
export function checkGemmDims(op: string, m: number, n: number, k: number): void {
  if (!(isDim(m) && isDim(n) && isDim(k))) {
    throw new Error(
      `${op}: m, n and k must be non-negative integers (the matrix dimensions), got ${describeValue(m)}, ` +
        `${describeValue(n)} and ${describeValue(k)}`,
    );
  }
}

function isDim(v: number): boolean {
  return Number.isInteger(v) && v >= 0;
}

function dtypeName(x: FloatArray): string {
  return x instanceof Float64Array ? 'float64' : 'float32';
}

/** A number argument that must be finite (a learning rate, a scale). */
function checkFinite(op: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${op}: ${name} must be a finite number, got ${describeValue(value)}`);
  }
}

/** `value` is a Float32Array/Float64Array of `n` elements in the dtype of `like` (`what` says whose length it is). */
function checkSameArray(op: string, name: string, value: unknown, like: FloatArray, what: string): void {
  checkFloatArray(op, name, value);
  if (value instanceof Float64Array !== like instanceof Float64Array || value.length !== like.length) {
    throw new Error(
      `${op}: ${name} is ${dtypeName(value)} with ${value.length} elements, but ${what} is ${dtypeName(like)} with ` +
        `${like.length}; pass arrays of one dtype and length`,
    );
  }
}

/**
 * An activation kernel of a backend: `entry` from the activation table, `x` and `y` typed arrays, `p` an object (the
 * lengths are the entry's to check: its message names the activation).
 */
export function checkActivationKernel(op: string, entry: unknown, x: unknown, y: unknown, p: unknown): void {
  checkActivationEntry(op, entry, p);
  checkFloatArray(op, 'x', x);
  if (y != null) checkFloatArray(op, 'y', y); // null (or undefined): the backend allocates the result
}

/** An activation's backward kernel: the array it reads (x, or y when `entry.backwardUses` is 'output'), dy and dx. */
export function checkActivationGradKernel(
  op: string,
  entry: unknown,
  x: unknown,
  y: unknown,
  dy: unknown,
  dx: unknown,
  p: unknown,
): void {
  checkActivationEntry(op, entry, p);
  const readName = (entry as ActivationEntry).backwardUses === 'output' ? 'y' : 'x';
  checkFloatArray(op, readName, readName === 'y' ? y : x);
  checkFloatArray(op, 'dy', dy);
  if (dx != null) checkFloatArray(op, 'dx', dx); // null (or undefined): the backend allocates the result
}

function checkActivationEntry(op: string, entry: unknown, p: unknown): void {
  // Checked by shape, not identity with the table: importing the table here would put it in every kernel's bundle.
  const e = entry as Partial<Record<keyof ActivationEntry, unknown>> | null;
  if (
    e === null ||
    typeof e !== 'object' ||
    typeof e.name !== 'string' ||
    typeof e.forward !== 'function' ||
    typeof e.backward !== 'function' ||
    (e.backwardUses !== 'input' && e.backwardUses !== 'output')
  ) {
    throw new Error(
      `${op}: entry must be an entry of the activation table (getActivation(name)), got ${describeValue(entry)}`,
    );
  }
  if (p === null || typeof p !== 'object') {
    throw new Error(
      `${op}: p must be the resolved parameters (resolveActivationParams(name, options)), got ${describeValue(p)}`,
    );
  }
}

/** A fused elementwise loss's forward: x, y and perElement of one dtype and length. */
export function checkElementwiseLossKernel(op: string, x: FloatArray, y: FloatArray, perElement: FloatArray): void {
  checkFloatArray(op, 'x', x);
  checkSameArray(op, 'y', y, x, 'x');
  checkSameArray(op, 'perElement', perElement, x, 'x');
}

/** A fused elementwise loss's backward: x, y, gradInput (and gOut, unless null) of one dtype and length; a scale. */
export function checkElementwiseLossBackward(
  op: string,
  x: FloatArray,
  y: FloatArray,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  checkFloatArray(op, 'x', x);
  checkSameArray(op, 'y', y, x, 'x');
  if (gOut !== null) checkSameArray(op, 'gOut', gOut, x, 'x');
  checkScalarArgument(op, 'scale', scale);
  checkSameArray(op, 'gradInput', gradInput, x, 'x');
}

/**
 * A fused cross-entropy kernel: `input` (logits or softmax) and `output` of `rows`×`classes` elements in one dtype,
 * `target` an Int32Array of `rows` class indices in [0, classes) or the ignore index, `perRow` (or `gOut`, unless
 * null) of `rows`.
 * The targets are read once (O(rows), less than the kernel's O(rows·classes)): an index out of range would read
 * past a row and give NaN silently.
 */
export function checkCrossEntropyKernel(
  op: string,
  input: FloatArray,
  inputName: string,
  rows: number,
  classes: number,
  target: Int32Array,
  output: FloatArray,
  outputName: string,
  perRow: FloatArray | null,
  perRowName: 'perRow' | 'gOut',
  ignoreIndex: number,
): void {
  checkFloatArray(op, inputName, input);
  if (!(isDim(rows) && isDim(classes))) {
    throw new Error(
      `${op}: rows and classes must be non-negative integers, got ${describeValue(rows)} and ${describeValue(classes)}`,
    );
  }
  if (input.length !== rows * classes) {
    throw new Error(
      `${op}: ${inputName} has ${input.length} elements but rows × classes is ${rows} × ${classes}; pass the ` +
        'shape of the data',
    );
  }
  checkSameArray(op, outputName, output, input, inputName);
  // The forward's perRow is required; the backward's gOut is null for a reduced loss.
  if (perRow !== null || perRowName === 'perRow') {
    checkFloatArray(op, perRowName, perRow);
    if (perRow instanceof Float64Array !== input instanceof Float64Array || perRow.length !== rows) {
      throw new Error(
        `${op}: ${perRowName} must be a ${dtypeName(input)} array of ${rows} elements (one per row), got ` +
          describeValue(perRow),
      );
    }
  }
  if (!(target instanceof Int32Array) || target.length !== rows) {
    throw new Error(`${op}: target must be an Int32Array of ${rows} class indices, got ${describeValue(target)}`);
  }
  for (let r = 0; r < rows; r++) {
    const t = target[r]!;
    if (t !== ignoreIndex && !(t >= 0 && t < classes)) {
      throw new Error(`${op}: target ${r} is ${t}, not a class index in [0, ${classes - 1}] nor ${ignoreIndex}`);
    }
  }
}

/** An optimiser's resolved options: an object whose `numbers` are finite and `flags` booleans. */
function checkResolvedOptions(op: string, o: unknown, numbers: readonly string[], flags: readonly string[]): void {
  if (o === null || typeof o !== 'object') {
    throw new Error(
      `${op}: o must be the optimiser's resolved options { ${[...numbers, ...flags].join(', ')} }, got ` +
        describeValue(o),
    );
  }
  const record = o as Record<string, unknown>;
  for (const key of numbers) checkFinite(op, `o.${key}`, record[key]);
  for (const key of flags) {
    if (typeof record[key] !== 'boolean') {
      throw new Error(`${op}: o.${key} must be true or false, got ${describeValue(record[key])}`);
    }
  }
}

/** sgdUpdate: p and g (and the momentum buffer, unless null) of one dtype and length; `first` a boolean. */
export function checkSgdUpdate(
  op: string,
  p: FloatArray,
  g: FloatArray,
  buffer: FloatArray | null,
  first: boolean,
  o: unknown,
): void {
  checkFloatArray(op, 'p', p);
  checkSameArray(op, 'g', g, p, 'p');
  if (buffer !== null) checkSameArray(op, 'buffer', buffer, p, 'p');
  if (typeof first !== 'boolean') throw new Error(`${op}: first must be true or false, got ${describeValue(first)}`);
  checkResolvedOptions(op, o, ['lr', 'momentum', 'dampening', 'weightDecay'], ['nesterov', 'maximize']);
}

/** adamUpdate: p, g, m, v (and vMax, unless null) of one dtype and length; `step` an integer ≥ 1; betas a pair. */
export function checkAdamUpdate(
  op: string,
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray | null,
  step: number,
  o: unknown,
  decoupled: boolean,
): void {
  checkFloatArray(op, 'p', p);
  checkSameArray(op, 'g', g, p, 'p');
  checkSameArray(op, 'm', m, p, 'p');
  checkSameArray(op, 'v', v, p, 'p');
  if (vMax !== null) checkSameArray(op, 'vMax', vMax, p, 'p');
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 1) {
    throw new Error(`${op}: step must be an integer ≥ 1 (this update's number), got ${describeValue(step)}`);
  }
  checkResolvedOptions(op, o, ['lr', 'eps', 'weightDecay'], ['maximize']);
  const betas = (o as { betas?: unknown }).betas;
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === 'number' && b >= 0 && b < 1)) {
    throw new Error(`${op}: o.betas must be a pair [beta1, beta2] of numbers in [0, 1), got ${describeValue(betas)}`);
  }
  if (typeof decoupled !== 'boolean') {
    throw new Error(`${op}: decoupled must be true or false (AdamW), got ${describeValue(decoupled)}`);
  }
}
