// Unary elementwise kernels in WebAssembly SIMD, float32, each the counterpart of the js kernel of the same name in
// src/elementwise.ts (its scalar reference). Arguments: byte addresses of x and y (y may be x), the element count
// n, and the op's scalars. Like the activation kernels, each runs one loop of four vectors (n rounded up to 16: up
// to 15 floats past n are read and written; arena blocks always have the room), so an element's result does not
// depend on its position.
//
// Where the js kernel's float64 arithmetic rounds once to the same float32 as one float32 operation (|x|, −x, x²,
// √x, 1/x, clamps, sign), the result is bit-identical; scale multiplies in float64 like the js kernel, so it is too.
// exp and log are the SIMD math's (≤ 1.05 and ≤ 0.75 ulp, kernels README).

import { Simd } from './simd-math';

const EXP = 0;
const LOG = 1;
const SQRT = 2;
const ABS = 3;
const NEG = 4;
const SQUARE = 5;
const RECIPROCAL = 6;
const SIGN = 7;
const CLAMP = 8;

/** The unary ops on one vector (a, b: the op's scalars), and their loop; inlined with a constant op. */
// biome-ignore lint/complexity/noStaticOnlyClass: a namespace of inlined functions.
class Unary {
  @inline static apply(op: i32, x: v128, a: v128, b: v128): v128 {
    switch (op) {
      case EXP:
        return Simd.exp(x);
      case LOG:
        return Simd.log(x);
      case SQRT:
        return f32x4.sqrt(x);
      case ABS:
        return f32x4.abs(x);
      case NEG:
        return f32x4.neg(x);
      case SQUARE:
        return f32x4.mul(x, x);
      case RECIPROCAL:
        return f32x4.div(f32x4.splat(1.0), x);
      case SIGN: {
        // [x > 0] − [x < 0]: ±0 and NaN give +0, as torch.sign and the js kernel.
        const zero = f32x4.splat(0.0);
        const one = f32x4.splat(1.0);
        return f32x4.sub(v128.and(f32x4.gt(x, zero), one), v128.and(f32x4.lt(x, zero), one));
      }
      default:
        // clamp: min(max(x, lo), hi) with IEEE min/max: NaN stays NaN, max(−0, +0) = +0, as Math.min/Math.max.
        return f32x4.min(f32x4.max(x, a), b);
    }
  }

  @inline static loop(op: i32, x: usize, y: usize, n: usize, p0: f32, p1: f32): void {
    const a = f32x4.splat(p0);
    const b = f32x4.splat(p1);
    const end = n << 2;
    for (let i: usize = 0; i < end; i += 64) {
      const v0 = Unary.apply(op, v128.load(x + i), a, b);
      const v1 = Unary.apply(op, v128.load(x + i + 16), a, b);
      const v2 = Unary.apply(op, v128.load(x + i + 32), a, b);
      const v3 = Unary.apply(op, v128.load(x + i + 48), a, b);
      v128.store(y + i, v0);
      v128.store(y + i + 16, v1);
      v128.store(y + i + 32, v2);
      v128.store(y + i + 48, v3);
    }
  }
}

export function exp_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(EXP, x, y, n, 0, 0);
}
export function log_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(LOG, x, y, n, 0, 0);
}
export function sqrt_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(SQRT, x, y, n, 0, 0);
}
export function abs_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(ABS, x, y, n, 0, 0);
}
export function neg_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(NEG, x, y, n, 0, 0);
}
export function square_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(SQUARE, x, y, n, 0, 0);
}
export function reciprocal_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(RECIPROCAL, x, y, n, 0, 0);
}
export function sign_f32(x: usize, y: usize, n: usize): void {
  Unary.loop(SIGN, x, y, n, 0, 0);
}
export function clamp_f32(x: usize, y: usize, n: usize, lo: f32, hi: f32): void {
  Unary.loop(CLAMP, x, y, n, lo, hi);
}

/** alpha·x with alpha a float64 and the product rounded once to float32, exactly as the js kernel. */
export function scale_f32(x: usize, y: usize, n: usize, alpha: f64): void {
  const a = f64x2.splat(alpha);
  for (let i: usize = 0; i < n << 2; i += 16) {
    const v = v128.load(x + i);
    const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), a));
    const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1)), a));
    v128.store(y + i, f32x4.shuffle(low, high, 0, 1, 4, 5));
  }
}
