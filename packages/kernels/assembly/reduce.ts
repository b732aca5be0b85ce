// Reductions along one axis in WebAssembly SIMD, float32 data: the counterparts of reduceSum, reduceMean,
// reduceMax/reduceMin (with the index of the first extremum) and logsumexp in src/reduce.ts (their scalar
// references). A tensor is viewed as [outer, len, inner] around the axis; results have outer·inner elements.
// Sums accumulate in float64 as the js kernels do. With inner > 1 every output element is reduced in the js
// kernel's order, so sums are bit-identical; a row (inner = 1) is summed in four partial sums (agreement within
// float64 rounding). A caller may split `outer` between threads, never `len`.

import { rowSum } from './binary';
import { Simd } from './simd-math';

/** Lanes 0..3 of a vector as float64 pairs. */
function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}
function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** acc[0..inner) (float64) = Σ_r x[base + r·inner + i], r = 0..len−1 in order. */
function slabSum(x: usize, len: i32, inner: i32, acc: usize): void {
  const pairs = inner >> 1;
  memory.fill(acc, 0, (<usize>inner) << 3);
  for (let r = 0; r < len; r++) {
    const px = x + ((<usize>(r * inner)) << 2);
    for (let c = 0; c < pairs; c++) {
      const pa = acc + ((<usize>c) << 4);
      v128.store(pa, f64x2.add(v128.load(pa), f64x2.promote_low_f32x4(v128.load64_zero(px + ((<usize>c) << 3)))));
    }
    if (inner & 1) {
      const pa = acc + ((<usize>(inner - 1)) << 3);
      f64.store(pa, f64.load(pa) + <f64>f32.load(px + ((<usize>(inner - 1)) << 2)));
    }
  }
}

/**
 * Σ (mean: Σ/len) along the axis. `acc` is 8·inner bytes of scratch (unused when inner = 1). `divide` is 1 for the
 * mean (an empty axis gives 0/0 = NaN, as PyTorch).
 */
export function reduceSum_f32(x: usize, o: usize, outer: i32, len: i32, inner: i32, acc: usize, divide: i32): void {
  const d: f64 = divide ? <f64>len : 1.0;
  for (let k = 0; k < outer; k++) {
    const base = x + ((<usize>(k * len * inner)) << 2);
    const ob = o + ((<usize>(k * inner)) << 2);
    if (inner === 1) {
      f32.store(ob, <f32>(rowSum(base, len) / d));
      continue;
    }
    slabSum(base, len, inner, acc);
    for (let i = 0; i < inner; i++) f32.store(ob + ((<usize>i) << 2), <f32>(f64.load(acc + ((<usize>i) << 3)) / d));
  }
}

/**
 * Max (wantMax 1) or min along the axis, and the index of the first extremum; NaN wins over every number and the
 * first NaN's index is kept, as the js kernel. `len` ≥ 1.
 */
export function reduceExtremum_f32(
  x: usize,
  o: usize,
  arg: usize,
  outer: i32,
  len: i32,
  inner: i32,
  wantMax: i32,
): void {
  for (let k = 0; k < outer; k++) {
    const base = x + ((<usize>(k * len * inner)) << 2);
    const ob = (<usize>(k * inner)) << 2;
    if (inner === 1) {
      extremumRow(base, len, wantMax, o + ob, arg + ob);
      continue;
    }
    // Vectorised across inner: each lane is its own output, scanning r upwards (strict comparisons keep the first).
    const body = inner & ~3;
    for (let i = 0; i < body; i += 4) scanColumns(base, len, inner, i, true, wantMax, o + ob, arg + ob);
    for (let i = body; i < inner; i++) scanColumns(base, len, inner, i, false, wantMax, o + ob, arg + ob);
  }
}

/** The extremum over r of four columns (whole) or one column of a [len, inner] slab, with its first index. */
function scanColumns(base: usize, len: i32, inner: i32, i: i32, whole: bool, wantMax: i32, o: usize, arg: usize): void {
  const at = (<usize>i) << 2;
  let best = whole ? v128.load(base + at) : v128.load32_splat(base + at);
  let index = i32x4.splat(0);
  for (let r = 1; r < len; r++) {
    const p = base + ((<usize>(r * inner)) << 2) + at;
    const v = whole ? v128.load(p) : v128.load32_splat(p);
    const take = better(v, best, wantMax);
    best = v128.bitselect(v, best, take);
    index = v128.bitselect(i32x4.splat(r), index, take);
  }
  if (whole) {
    v128.store(o + at, best);
    v128.store(arg + at, index);
  } else {
    f32.store(o + at, f32x4.extract_lane(best, 0));
    i32.store(arg + at, i32x4.extract_lane(index, 0));
  }
}

/** Lanes where v replaces best: strictly better, or v is NaN and best is not. */
function better(v: v128, best: v128, wantMax: i32): v128 {
  const strict = wantMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
  return v128.or(strict, v128.andnot(f32x4.ne(v, v), f32x4.ne(best, best)));
}

/** One row's extremum and its first index: four lanes scan stride-4 subsequences, then the lanes are combined. */
function extremumRow(p: usize, len: i32, wantMax: i32, o: usize, arg: usize): void {
  const body = len & ~3;
  let bestValue = f32.load(p);
  let bestIndex = 0;
  if (body >= 4) {
    let best = v128.load(p);
    let index = i32x4(0, 1, 2, 3);
    let current = index;
    for (let r = 4; r < body; r += 4) {
      current = i32x4.add(current, i32x4.splat(4));
      const v = v128.load(p + ((<usize>r) << 2));
      const take = better(v, best, wantMax);
      best = v128.bitselect(v, best, take);
      index = v128.bitselect(current, index, take);
    }
    // Combine: the best lane, the smallest index among equals (and among NaNs).
    bestValue = f32x4.extract_lane(best, 0);
    bestIndex = i32x4.extract_lane(index, 0);
    for (let lane: u8 = 1; lane < 4; lane++) {
      const v =
        lane === 1
          ? f32x4.extract_lane(best, 1)
          : lane === 2
            ? f32x4.extract_lane(best, 2)
            : f32x4.extract_lane(best, 3);
      const j =
        lane === 1
          ? i32x4.extract_lane(index, 1)
          : lane === 2
            ? i32x4.extract_lane(index, 2)
            : i32x4.extract_lane(index, 3);
      if (replaces(v, j, bestValue, bestIndex, wantMax)) {
        bestValue = v;
        bestIndex = j;
      }
    }
  }
  for (let r = body < 4 ? 1 : body; r < len; r++) {
    const v = f32.load(p + ((<usize>r) << 2));
    if (replaces(v, r, bestValue, bestIndex, wantMax)) {
      bestValue = v;
      bestIndex = r;
    }
  }
  f32.store(o, bestValue);
  i32.store(arg, bestIndex);
}

/** Whether v is a NaN (its exponent all ones and its fraction not 0). */
function nan(v: f32): bool {
  return (reinterpret<i32>(v) & 0x7fffffff) > 0x7f800000;
}

/** Whether (v at j) should replace (best at i) in a scan that may visit indices out of order. */
function replaces(v: f32, j: i32, best: f32, i: i32, wantMax: i32): bool {
  const vNaN = nan(v);
  const bNaN = nan(best);
  if (vNaN || bNaN) return vNaN && (!bNaN || j < i);
  if (v === best) return j < i;
  return wantMax ? v > best : v < best;
}

/**
 * log Σ e^x along the axis, as m + log Σ e^(x − m) with m the maximum; an infinite maximum is the answer (+∞ for a
 * row holding +∞, −∞ for a row of −∞, as the js kernel's m = 0 path gives), and NaN propagates. The sum is float64
 * and so is the final m + log, rounded once. `scratch` is 12·inner bytes (the maxima as float32, the sums as
 * float64; unused when inner = 1).
 */
export function logsumexp_f32(x: usize, o: usize, outer: i32, len: i32, inner: i32, scratch: usize): void {
  for (let k = 0; k < outer; k++) {
    const base = x + ((<usize>(k * len * inner)) << 2);
    const ob = o + ((<usize>(k * inner)) << 2);
    if (inner === 1) {
      const m = rowMax(base, len);
      f32.store(ob, m === Infinity || m === -Infinity ? m : <f32>(<f64>m + Math.log(rowSumExp(base, len, m, 0))));
      continue;
    }
    const mx = scratch;
    const s = scratch + ((<usize>inner) << 2);
    slabMax(base, len, inner, mx);
    slabSumExp(base, len, inner, mx, s, 0);
    for (let i = 0; i < inner; i++) {
      const m = f32.load(mx + ((<usize>i) << 2));
      const logSum = Math.log(f64.load(s + ((<usize>i) << 3)));
      f32.store(ob + ((<usize>i) << 2), m === Infinity || m === -Infinity ? m : <f32>(<f64>m + logSum));
    }
  }
}

/** The maximum of n floats at p, NaN-propagating; −∞ for an empty row. */
export function rowMax(p: usize, n: i32): f32 {
  const body = (<usize>(n & ~3)) << 2;
  let best = f32x4.splat(-Infinity);
  for (let i: usize = 0; i < body; i += 16) best = f32x4.max(best, v128.load(p + i));
  let m = max(
    max(f32x4.extract_lane(best, 0), f32x4.extract_lane(best, 1)),
    max(f32x4.extract_lane(best, 2), f32x4.extract_lane(best, 3)),
  );
  for (let i = body; i < (<usize>n) << 2; i += 4) m = max(m, f32.load(p + i));
  return m;
}

/** The floats p[0..count) in the low lanes (all four when count ≥ 4), `fill` in the others. */
function loadUpTo(p: usize, count: usize, fill: v128): v128 {
  if (count >= 4) return v128.load(p);
  let v = v128.load32_lane(p, fill, 0);
  if (count > 1) v = v128.load32_lane(p + 4, v, 1);
  if (count > 2) v = v128.load32_lane(p + 8, v, 2);
  return v;
}

/** Store the low `count` lanes of v (all four when count ≥ 4) at p. */
function storeUpTo(p: usize, count: usize, v: v128): void {
  if (count >= 4) {
    v128.store(p, v);
    return;
  }
  v128.store32_lane(p, v, 0);
  if (count > 1) v128.store32_lane(p + 4, v, 1);
  if (count > 2) v128.store32_lane(p + 8, v, 2);
}

/** Σ e^(x − m) over n floats at p, in float64, writing each e^(x − m) to y too when y ≠ 0. */
export function rowSumExp(p: usize, n: i32, m: f32, y: usize): f64 {
  return sumExp(p, 1, n, m, 0, 0, y);
}

/** Column maxima of a [len, inner] slab into mx (float32), NaN-propagating. */
export function slabMax(x: usize, len: i32, inner: i32, mx: usize): void {
  const body = (<usize>(inner & ~3)) << 2;
  const end = (<usize>inner) << 2;
  for (let i: usize = 0; i < end; i += 4) f32.store(mx + i, -Infinity);
  for (let r = 0; r < len; r++) {
    const px = x + ((<usize>(r * inner)) << 2);
    let i: usize = 0;
    for (; i < body; i += 16) v128.store(mx + i, f32x4.max(v128.load(mx + i), v128.load(px + i)));
    for (; i < end; i += 4) f32.store(mx + i, max(f32.load(mx + i), f32.load(px + i)));
  }
}

/**
 * s[i] (float64) = Σ_r e^(x[r·inner + i] − mx[i]) over a [len, inner] slab; y ≠ 0 also receives each exponential.
 */
export function slabSumExp(x: usize, len: i32, inner: i32, mx: usize, s: usize, y: usize): void {
  sumExp(x, len, inner, 0, mx, s, y);
}

/**
 * The one loop behind rowSumExp (mx = 0: one row of `inner` floats, maximum m, the sum returned) and slabSumExp (the
 * column maxima at mx, the column sums into s). One call site of the exponential, so binaryen inlines it. A partial
 * last vector is padded: with −∞ for a row (e^(−∞ − m) = 0 adds nothing), with zeros for a slab (its padding lanes
 * are not stored).
 */
function sumExp(x: usize, len: i32, inner: i32, m: f32, mx: usize, s: usize, y: usize): f64 {
  const end = (<usize>inner) << 2;
  const row = mx === 0;
  const vm = f32x4.splat(m);
  const zero = f32x4.splat(0);
  const fill = row ? f32x4.splat(-Infinity) : zero;
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  if (!row) memory.fill(s, 0, (<usize>inner) << 3);
  for (let r = 0; r < len; r++) {
    const off = (<usize>(r * inner)) << 2;
    for (let i: usize = 0; i < end; i += 16) {
      const count = (end - i) >> 2;
      const e = Simd.expDifference(loadUpTo(x + off + i, count, fill), row ? vm : loadUpTo(mx + i, count, zero));
      if (y !== 0) storeUpTo(y + off + i, count, e);
      if (row) {
        s0 = f64x2.add(s0, low(e));
        s1 = f64x2.add(s1, high(e));
        continue;
      }
      const ps = s + (i << 1);
      if (count >= 4) {
        v128.store(ps, f64x2.add(v128.load(ps), low(e)));
        v128.store(ps + 16, f64x2.add(v128.load(ps + 16), high(e)));
      } else {
        f64.store(ps, f64.load(ps) + <f64>f32x4.extract_lane(e, 0));
        if (count > 1) f64.store(ps + 8, f64.load(ps + 8) + <f64>f32x4.extract_lane(e, 1));
        if (count > 2) f64.store(ps + 16, f64.load(ps + 16) + <f64>f32x4.extract_lane(e, 2));
      }
    }
  }
  const sum = f64x2.add(s0, s1);
  return f64x2.extract_lane(sum, 0) + f64x2.extract_lane(sum, 1);
}

/** Σ of n floats in float64 (four partial sums; the js sumAll is compensated: agreement within float64 rounding). */
export function sumAll_f32(x: usize, n: i32): f64 {
  return rowSum(x, n);
}
