/** Turning op arguments into tensors, and the dtype rule: float32 and float64 never mix silently. */
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
    throw new Error(`${op}: expected a Tensor or a number, got ${describe(b)}; wrap arrays with tensor(...)`);
  }
  checkSameDtype(op, a, b);
  return b;
}

/** Both operands of a functional call (`add(a, b)`): at least one must be a tensor. */
export function operandPair(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, operandLike(op, b, a)];
  if (b instanceof Tensor) return [operandLike(op, a, b), b];
  throw new Error(`${op}: expected at least one Tensor operand, got ${describe(a)} and ${describe(b)}`);
}

/** Check an argument is a Tensor (functional API called from plain JavaScript). */
export function expectTensor(op: string, x: unknown, what = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  throw new Error(`${op}: ${what} must be a Tensor, got ${describe(x)}; wrap arrays with tensor(...)`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : typeof x;
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
