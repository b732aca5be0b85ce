// Unary elementwise kernels in WebAssembly SIMD, float32, each the counterpart of the js kernel of the same name in
// src/elementwise.ts (its scalar reference). Arguments: byte addresses of x and y (y may be x), the element count
// n, and the op's scalars. Like the activation kernels, each processes ceil(n/4) whole vectors (up to 3 floats past
// n; arena blocks always have the room), so an element's result does not depend on its position.
//
// Where the js kernel's float64 arithmetic rounds once to the same float32 as one float32 operation (|x|, −x, x²,
// √x, 1/x, clamps, sign), the result is bit-identical; scale multiplies in float64 like the js kernel, so it is too.
// exp and log are the SIMD math's (≤ 1.05 and ≤ 0.75 ulp, kernels README).

import { exp, log } from './simd-math';

function bytes(n: usize): usize {
  return n << 2;
}

export function exp_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, exp(v128.load(x + i)));
}

export function log_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, log(v128.load(x + i)));
}

export function sqrt_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, f32x4.sqrt(v128.load(x + i)));
}

export function abs_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, f32x4.abs(v128.load(x + i)));
}

export function neg_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, f32x4.neg(v128.load(x + i)));
}

export function square_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) {
    const v = v128.load(x + i);
    v128.store(y + i, f32x4.mul(v, v));
  }
}

export function reciprocal_f32(x: usize, y: usize, n: usize): void {
  const one = f32x4.splat(1.0);
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, f32x4.div(one, v128.load(x + i)));
}

/** [x > 0] − [x < 0]: ±0 and NaN give +0, as torch.sign and the js kernel. */
export function sign_f32(x: usize, y: usize, n: usize): void {
  const one = f32x4.splat(1.0);
  for (let i: usize = 0; i < bytes(n); i += 16) {
    const v = v128.load(x + i);
    const zero = f32x4.splat(0.0);
    v128.store(y + i, f32x4.sub(v128.and(f32x4.gt(v, zero), one), v128.and(f32x4.lt(v, zero), one)));
  }
}

/** min(max(x, lo), hi) with IEEE min/max: NaN stays NaN, max(−0, +0) = +0, as Math.min/Math.max. */
export function clamp_f32(x: usize, y: usize, n: usize, lo: f32, hi: f32): void {
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  for (let i: usize = 0; i < bytes(n); i += 16) v128.store(y + i, f32x4.min(f32x4.max(v128.load(x + i), vlo), vhi));
}

/** alpha·x with alpha a float64 and the product rounded once to float32, exactly as the js kernel. */
export function scale_f32(x: usize, y: usize, n: usize, alpha: f64): void {
  const a = f64x2.splat(alpha);
  for (let i: usize = 0; i < bytes(n); i += 16) {
    const v = v128.load(x + i);
    const low = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), a));
    const high = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1)), a));
    v128.store(y + i, f32x4.shuffle(low, high, 0, 1, 4, 5));
  }
}
