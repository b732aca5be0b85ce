// softmax and logSoftmax along one axis in WebAssembly SIMD, float32 data: the counterparts of softmax and
// logSoftmax in src/reduce.ts (their scalar references). [outer, len, inner] around the axis, as in reduce.ts. The
// row maximum is subtracted first, so ±1000 is safe; a row that is all −∞, or holds +∞ or NaN, gives NaN, as the
// js kernels and PyTorch. Sums are float64, the normalisation (×1/Σ, or − log Σ) is done in float64 and rounded once,
// as in the js kernels; only the exponentials are float32 (≤ 1.05 ulp). `y` may be `x`. A caller may split `outer`
// between threads.

import { rowMax, rowSumExp, slabMax, slabSumExp } from './reduce';

/** y[0..n) = fround(y·scale) (scale float64), or fround((x − m) − scale) when `subtract`. */
function finish(x: usize, y: usize, n: i32, m: f64, scale: f64, subtract: bool): void {
  const body = (<usize>(n & ~3)) << 2;
  const end = (<usize>n) << 2;
  const vm = f64x2.splat(m);
  const vs = f64x2.splat(scale);
  let i: usize = 0;
  for (; i < body; i += 16) {
    const v = subtract ? v128.load(x + i) : v128.load(y + i);
    let lo = f64x2.promote_low_f32x4(v);
    let hi = f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
    if (subtract) {
      lo = f64x2.sub(f64x2.sub(lo, vm), vs);
      hi = f64x2.sub(f64x2.sub(hi, vm), vs);
    } else {
      lo = f64x2.mul(lo, vs);
      hi = f64x2.mul(hi, vs);
    }
    v128.store(y + i, f32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < end; i += 4) {
    f32.store(y + i, subtract ? <f32>(<f64>f32.load(x + i) - m - scale) : <f32>(<f64>f32.load(y + i) * scale));
  }
}

function softmaxAxis(x: usize, y: usize, outer: i32, len: i32, inner: i32, scratch: usize, logarithm: bool): void {
  for (let k = 0; k < outer; k++) {
    const off = (<usize>(k * len * inner)) << 2;
    if (inner === 1) {
      const m = rowMax(x + off, len);
      if (logarithm) {
        finish(x + off, y + off, len, <f64>m, Math.log(rowSumExp(x + off, len, m, 0)), true);
      } else {
        finish(x + off, y + off, len, 0, 1.0 / rowSumExp(x + off, len, m, y + off), false);
      }
      continue;
    }
    const mx = scratch;
    const s = scratch + ((<usize>inner) << 2);
    slabMax(x + off, len, inner, mx);
    slabSumExp(x + off, len, inner, mx, s, logarithm ? 0 : y + off);
    // Per column: 1/Σ, or log Σ; then every row of the slab.
    for (let i = 0; i < inner; i++) {
      const ps = s + ((<usize>i) << 3);
      f64.store(ps, logarithm ? Math.log(f64.load(ps)) : 1.0 / f64.load(ps));
    }
    for (let r = 0; r < len; r++) {
      const row = off + ((<usize>(r * inner)) << 2);
      for (let i = 0; i < inner; i++) {
        const at = (<usize>i) << 2;
        const t = f64.load(s + ((<usize>i) << 3));
        if (logarithm) {
          f32.store(y + row + at, <f32>(<f64>f32.load(x + row + at) - <f64>f32.load(mx + at) - t));
        } else {
          f32.store(y + row + at, <f32>(<f64>f32.load(y + row + at) * t));
        }
      }
    }
  }
}

/** softmax along the axis. `scratch`: 12·inner bytes (unused when inner = 1). */
export function softmax_f32(x: usize, y: usize, outer: i32, len: i32, inner: i32, scratch: usize): void {
  softmaxAxis(x, y, outer, len, inner, scratch, false);
}

/** logSoftmax along the axis: (x − m) − log Σ e^(x − m). `scratch`: 12·inner bytes (unused when inner = 1). */
export function logSoftmax_f32(x: usize, y: usize, outer: i32, len: i32, inner: i32, scratch: usize): void {
  softmaxAxis(x, y, outer, len, inner, scratch, true);
}
