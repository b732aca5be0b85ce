// Fused loss kernels in WebAssembly SIMD: the counterparts of src/loss-kernels.ts (their scalar references).
// Cross-entropy and MSE repeat the reference's float64 arithmetic on float32 data (MSE bit for bit; cross-entropy
// but for its float32 exponentials, ≤ 1.05 ulp); bce-with-logits is float32 SIMD math. A gradient's upstream value is
// `gOut[i]` (per element or per row) when gOut ≠ 0, else `scale`. Elementwise kernels process whole vectors (n
// rounded up to 4; arena blocks have the room); the row kernels never write past a row.

import { rowMax, rowSumExp } from './reduce';
import { Simd } from './simd-math';

/** y[0..n) = fround(y / s) in float64, y float32. */
function divideRow(y: usize, n: i32, s: f64): void {
  const vs = f64x2.splat(s);
  const body = (<usize>(n & ~3)) << 2;
  let i: usize = 0;
  for (; i < body; i += 16) {
    const v = v128.load(y + i);
    const lo = f64x2.div(f64x2.promote_low_f32x4(v), vs);
    const hi = f64x2.div(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1)), vs);
    v128.store(y + i, f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < (<usize>n) << 2; i += 4) f32.store(y + i, <f32>(<f64>f32.load(y + i) / s));
}

/**
 * ℓ_r = log Σ_c e^(x[c] − max) − fround(x[t] − max) (0 where t = ignoreIndex), and the row softmax into `softmax`.
 * Targets are in [0, classes) or ignoreIndex (the wrapper checks).
 */
export function crossEntropyForward_f32(
  logits: usize,
  rows: i32,
  classes: i32,
  target: usize,
  perRow: usize,
  softmax: usize,
  ignoreIndex: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const off = (<usize>(r * classes)) << 2;
    const m = rowMax(logits + off, classes);
    const s = rowSumExp(logits + off, classes, m, softmax + off);
    divideRow(softmax + off, classes, s);
    const t = i32.load(target + ((<usize>r) << 2));
    const loss: f64 = t === ignoreIndex ? 0 : Math.log(s) - <f64>(f32.load(logits + off + ((<usize>t) << 2)) - m);
    f32.store(perRow + ((<usize>r) << 2), <f32>loss);
  }
}

/** dℓ_r/dx_r = fround(p·g), then fround(grad[t] − g); 0 for an ignored row. */
export function crossEntropyBackward_f32(
  softmax: usize,
  rows: i32,
  classes: i32,
  target: usize,
  gOut: usize,
  scale: f64,
  grad: usize,
  ignoreIndex: i32,
): void {
  for (let r = 0; r < rows; r++) {
    const off = (<usize>(r * classes)) << 2;
    const t = i32.load(target + ((<usize>r) << 2));
    if (t === ignoreIndex) {
      memory.fill(grad + off, 0, (<usize>classes) << 2);
      continue;
    }
    const g: f64 = gOut !== 0 ? <f64>f32.load(gOut + ((<usize>r) << 2)) : scale;
    const vg = f64x2.splat(g);
    const body = (<usize>(classes & ~3)) << 2;
    let i: usize = 0;
    for (; i < body; i += 16) {
      const v = v128.load(softmax + off + i);
      const lo = f64x2.mul(f64x2.promote_low_f32x4(v), vg);
      const hi = f64x2.mul(f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1)), vg);
      v128.store(grad + off + i, f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
    }
    for (; i < (<usize>classes) << 2; i += 4) f32.store(grad + off + i, <f32>(<f64>f32.load(softmax + off + i) * g));
    const pt = grad + off + ((<usize>t) << 2);
    f32.store(pt, <f32>(<f64>f32.load(pt) - g));
  }
}

/** Two floats at p as float64. */
function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
function store2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** ℓ = (x − y)² in float64, rounded once (two elements at a time; n rounded up to 2). */
export function mseForward_f32(x: usize, y: usize, out: usize, n: i32): void {
  for (let i: usize = 0; i < (<usize>n) << 2; i += 8) {
    const d = f64x2.sub(load2(x + i), load2(y + i));
    store2(out + i, f64x2.mul(d, d));
  }
}

/** dℓ/dx = 2·(x − y)·g in float64, rounded once. */
export function mseBackward_f32(x: usize, y: usize, gOut: usize, scale: f64, grad: usize, n: i32): void {
  const vs = f64x2.splat(scale);
  const two = f64x2.splat(2);
  for (let i: usize = 0; i < (<usize>n) << 2; i += 8) {
    const d = f64x2.mul(two, f64x2.sub(load2(x + i), load2(y + i)));
    store2(grad + i, f64x2.mul(d, gOut !== 0 ? load2(gOut + i) : vs));
  }
}

/**
 * ℓ = (max(x, 0) − x·y) + log1p(e^−|x|), which equals (1 − y)·x + softplus(−x) without its cancellation where the
 * loss is small (x = −30, y = 0 gives 9.4e−14, not 0 or 2e−6).
 */
export function bceWithLogitsForward_f32(x: usize, y: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  for (let i: usize = 0; i < (<usize>n) << 2; i += 16) {
    const v = v128.load(x + i);
    const linear = f32x4.sub(f32x4.pmax(v, zero), f32x4.mul(v, v128.load(y + i)));
    v128.store(out + i, f32x4.add(linear, Simd.log1pUnit(Simd.expNonPositive(Simd.negAbs(v)))));
  }
}

/** dℓ/dx = (σ(x) − y)·g. */
export function bceWithLogitsBackward_f32(x: usize, y: usize, gOut: usize, scale: f32, grad: usize, n: i32): void {
  const vs = f32x4.splat(scale);
  for (let i: usize = 0; i < (<usize>n) << 2; i += 16) {
    const d = f32x4.sub(Simd.sigmoid(v128.load(x + i)), v128.load(y + i));
    v128.store(grad + i, f32x4.mul(d, gOut !== 0 ? v128.load(gOut + i) : vs));
  }
}
