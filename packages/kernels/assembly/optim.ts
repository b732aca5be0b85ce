// Fused optimiser updates in WebAssembly SIMD: the counterparts of sgdUpdate and adamUpdate in
// src/optimizer-updates.ts (their scalar references). Parameters, gradients and state are float32 arrays; the
// arithmetic is float64 (f64x2, two elements at a time), every stored value rounded to float32 once and re-read
// rounded, in the reference's order of operations, so the results are bit-identical to it. n is rounded up to a
// multiple of 2 (one float past n may be read and written: arena blocks have the room). A caller may split the
// elements between threads.

/** Two floats at p as float64. */
function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}
/** Store two float64 as float32 (rounded), and return them re-read: what the reference reads back. */
function store2(p: usize, v: v128): v128 {
  const f = f32x4.demote_f64x2_zero(v);
  v128.store64_lane(p, f, 0);
  return f64x2.promote_low_f32x4(f);
}

const MAXIMIZE = 1;
const NESTEROV = 2;
const FIRST = 4;
const AMSGRAD = 8;

/**
 * SGD: d = ±g (+ weightDecay·p); with a momentum buffer (buf ≠ 0) b = d on the first step (flag FIRST) and
 * momentum·b + (1 − dampening)·d after, then d = d + momentum·b (NESTEROV) or b; p −= lr·d.
 */
export function sgdUpdate_f32(
  p: usize,
  g: usize,
  buf: usize,
  n: i32,
  lr: f64,
  momentum: f64,
  dampening: f64,
  weightDecay: f64,
  flags: i32,
): void {
  const vlr = f64x2.splat(lr);
  const vm = f64x2.splat(momentum);
  const vdamp = f64x2.splat(1 - dampening);
  const vwd = f64x2.splat(weightDecay);
  const maximize = (flags & MAXIMIZE) !== 0;
  const nesterov = (flags & NESTEROV) !== 0;
  const first = (flags & FIRST) !== 0;
  const end = (<usize>n) << 2;
  for (let i: usize = 0; i < end; i += 8) {
    const pv = load2(p + i);
    let d = load2(g + i);
    if (maximize) d = f64x2.neg(d);
    if (weightDecay !== 0) d = f64x2.add(d, f64x2.mul(vwd, pv));
    if (buf !== 0) {
      const b = store2(buf + i, first ? d : f64x2.add(f64x2.mul(vm, load2(buf + i)), f64x2.mul(vdamp, d)));
      d = nesterov ? f64x2.add(d, f64x2.mul(vm, b)) : b;
    }
    store2(p + i, f64x2.sub(pv, f64x2.mul(vlr, d)));
  }
}

/**
 * Adam/AdamW: (AdamW: p *= decay), grad = ±g (Adam: + l2·p), m = β1·m + (1 − β1)·grad, v = β2·v + (1 − β2)·grad²,
 * (AMSGRAD: vMax = max(vMax, v), used for v), p −= stepSize·m / (√v / bc2Sqrt + eps). stepSize = lr/(1 − β1^step)
 * and bc2Sqrt = √(1 − β2^step) come from the caller, computed as the reference computes them.
 */
export function adamUpdate_f32(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vMax: usize,
  n: i32,
  stepSize: f64,
  bc2Sqrt: f64,
  eps: f64,
  beta1: f64,
  beta2: f64,
  decay: f64,
  l2: f64,
  flags: i32,
): void {
  const vb1 = f64x2.splat(beta1);
  const vb2 = f64x2.splat(beta2);
  const v1b1 = f64x2.splat(1 - beta1);
  const v1b2 = f64x2.splat(1 - beta2);
  const vdecay = f64x2.splat(decay);
  const vl2 = f64x2.splat(l2);
  const vstep = f64x2.splat(stepSize);
  const vbc2 = f64x2.splat(bc2Sqrt);
  const veps = f64x2.splat(eps);
  const maximize = (flags & MAXIMIZE) !== 0;
  const amsgrad = (flags & AMSGRAD) !== 0;
  const end = (<usize>n) << 2;
  for (let i: usize = 0; i < end; i += 8) {
    let grad = load2(g + i);
    if (maximize) grad = f64x2.neg(grad);
    let pv = load2(p + i);
    if (decay !== 1) pv = store2(p + i, f64x2.mul(pv, vdecay));
    if (l2 !== 0) grad = f64x2.add(grad, f64x2.mul(vl2, pv));
    const mv = store2(m + i, f64x2.add(f64x2.mul(load2(m + i), vb1), f64x2.mul(v1b1, grad)));
    let second = store2(v + i, f64x2.add(f64x2.mul(load2(v + i), vb2), f64x2.mul(f64x2.mul(v1b2, grad), grad)));
    if (amsgrad) {
      const old = load2(vMax + i);
      // The reference writes vMax only where v is larger (a NaN v leaves it), then reads it back.
      second = store2(vMax + i, v128.bitselect(second, old, f64x2.gt(second, old)));
    }
    const denom = f64x2.add(f64x2.div(f64x2.sqrt(second), vbc2), veps);
    store2(p + i, f64x2.sub(pv, f64x2.div(f64x2.mul(vstep, mv), denom)));
  }
}
