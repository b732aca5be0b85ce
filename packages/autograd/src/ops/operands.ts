/**
 * Turning op arguments into tensors, the dtype rule (float32 and float64 never mix silently), and the entry checks
 * every op shares (axes, keepDim), each O(1) and formatting a message only on failure.
 */
import { describeValue } from '@actlab/kernels';
import { formatShape } from '../format-shape';
import { Tensor } from '../tensor';

/** A tensor, or a number used as a scalar of the other operand's dtype (`x.add(1)`, `x.mul(2)`). */
export type Operand = Tensor | number;

/** A 0-d constant of `like`'s dtype. */
export function scalarLike(value: number, like: Tensor): Tensor {
  const data = like.dtype === 'float64' ? new Float64Array(1) : new Float32Array(1);
  data[0] = value;
  return new Tensor(data, []);
}

/**
 * Mixing dtypes is an Error, not a promotion: a silent float32→float64 upcast would hide a mistake in a gradient
 * check, and a downcast would lose precision. Convert explicitly with `.to(dtype)`.
 */
export function checkSameDtype(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new Error(
      `${op}: cannot mix ${a.dtype} ${formatShape(a.shape)} with ${b.dtype} ${formatShape(b.shape)}; ` +
        `convert one operand with .to('${a.dtype}') or .to('${b.dtype}')`,
    );
  }
}

/** The second operand of a method call (`a.op(b)`), as a tensor of `a`'s dtype. */
export function operandLike(op: string, b: Operand, a: Tensor): Tensor {
  if (typeof b === 'number') return scalarLike(b, a);
  if (!(b instanceof Tensor)) {
    throw new Error(`${op}: expected a Tensor or a number, got ${describeValue(b)}; wrap arrays with tensor(...)`);
  }
  checkSameDtype(op, a, b);
  return b;
}

/** Both operands of a functional call (`add(a, b)`): at least one must be a tensor. */
export function operandPair(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, operandLike(op, b, a)];
  if (b instanceof Tensor) return [operandLike(op, a, b), b];
  throw new Error(
    `${op}: expected at least one Tensor operand, got ${describeValue(a)} and ${describeValue(b)}; wrap arrays ` +
      'with tensor(...)',
  );
}

/** Check an argument is a Tensor (functional API called from plain JavaScript). */
export function expectTensor(op: string, x: unknown, what = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  throw new Error(`${op}: ${what} must be a Tensor, got ${describeValue(x)}; wrap arrays with tensor(...)`);
}

/**
 * `axis` mapped into [0, rank) (negative axes count from the end), or an Error naming the op, the argument and the
 * valid range. A 0-d tensor takes the axes of a 1-d one (0 and −1), as PyTorch does, when `scalarAxis` is set.
 */
export function axisOf(op: string, name: string, axis: unknown, rank: number, scalarAxis = false): number {
  const r = rank === 0 && scalarAxis ? 1 : rank;
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -r || axis >= r) {
    const label = name === 'axis' ? '' : ` (${name})`;
    const what = typeof axis === 'number' && Number.isInteger(axis) ? 'is out of range' : 'is not an integer';
    const range = r === 0 ? 'none (a scalar has no axes)' : `[${-r}, ${r - 1}], negative ones counting from the end`;
    throw new Error(
      `${op}: axis ${describeValue(axis)}${label} ${what} for a tensor of rank ${rank}; valid axes: ${range}`,
    );
  }
  return axis < 0 ? axis + r : axis;
}

/** Throws unless `keepDim` is a boolean. */
export function checkKeepDim(op: string, keepDim: unknown): void {
  if (typeof keepDim !== 'boolean') {
    throw new Error(`${op}: keepDim must be true or false, got ${describeValue(keepDim)}`);
  }
}

/** Throws unless `shape` is an array (its entries are checked by the op, which knows what -1 means there). */
export function checkShapeArgument(op: string, name: string, shape: unknown): void {
  if (!Array.isArray(shape)) {
    throw new Error(`${op}: ${name} must be an array of integers such as [2, 3], got ${describeValue(shape)}`);
  }
}

/** Whether an operand of shape `from` broadcasts to `to` unchanged (NumPy rules: each aligned dimension 1 or equal). */
export function broadcastsTo(from: readonly number[], to: readonly number[]): boolean {
  const offset = to.length - from.length;
  if (offset < 0) return false;
  for (let i = 0; i < from.length; i++) {
    const d = from[i]!;
    if (d !== 1 && d !== to[i + offset]) return false;
  }
  return true;
}
