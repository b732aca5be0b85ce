// The activation table's forward and backward kernels in WebAssembly SIMD (float32), one pair per entry of
// src/activations.ts, each the float32 counterpart of that entry's js kernel (its scalar reference; the tests hold
// the two together and both to PyTorch's fixtures). Arguments are byte addresses of float32 arrays and a length;
// `y` may alias `x` and `dx` may alias `dy` (each vector is read before it is written). Kinks, NaN and ±∞ follow
// the js kernels exactly (see each entry's doc there); the arithmetic follows PyTorch's float32 kernels where the
// two orders differ (a parameter is rounded to float32 once, as ATen does).
//
// Each kernel is one loop over whole vectors: n is rounded up to a multiple of 4, so a kernel reads and writes up to
// 3 floats past n (arena blocks are 64-byte aligned, so the room is always there; the padding lanes' results are
// never copied out). Every element is computed by the same vector code, so its result never depends on its
// position, or on how a caller splits the array between threads. Helpers are plain functions that binaryen inlines
// (each kernel-specific one has one caller).

import {
  cdfAbs,
  expm1NonPositive,
  expNonPositive,
  INV_SQRT_2PI,
  isNaN4,
  log1pUnit,
  negAbs,
  normalCdf,
  normalCdfLower,
  normalDensity,
  sigmoid,
  splat,
  tanh,
} from './simd-math';

// --------------------------------------------------------------------------------------------- loop helpers

function at(p: usize, i: usize): v128 {
  return v128.load(p + i);
}
function put(p: usize, i: usize, v: v128): void {
  v128.store(p + i, v);
}
/** Bytes of n floats: the loops run while i < bytes(n), 16 bytes at a time. */
function bytes(n: usize): usize {
  return n << 2;
}

/** 1 where the mask is set, else 0. */
function ones(mask: v128): v128 {
  return v128.and(mask, splat(1.0));
}

const ZERO: f32 = 0.0;

// --------------------------------------------------------------------------------------------------- sigmoid

function sigmoidDerivative(y: v128, dy: v128): v128 {
  return f32x4.mul(f32x4.mul(dy, f32x4.sub(splat(1.0), y)), y);
}

export function sigmoid_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, sigmoid(at(x, i)));
}

export function sigmoidBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, sigmoidDerivative(at(y, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------------------------ tanh

/** dy·(1 − y²) as dy·((1 − y)·(1 + y)): 1 − y is exact near saturation, where 1 − y·y would cancel. */
function tanhDerivative(y: v128, dy: v128): v128 {
  return f32x4.mul(dy, f32x4.mul(f32x4.sub(splat(1.0), y), f32x4.add(splat(1.0), y)));
}

export function tanh_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, tanh(at(x, i)));
}

export function tanhBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, tanhDerivative(at(y, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------------------------ relu

/** max(x, 0) with relu(−0) = +0 and relu(NaN) = NaN. */
function reluOf(x: v128): v128 {
  return f32x4.add(f32x4.pmax(x, splat(ZERO)), splat(ZERO));
}

/** dy·[y > 0] + 0, NaN where y is NaN (so a NaN dy still gives NaN, as in the js kernel). */
function reluDerivative(y: v128, dy: v128): v128 {
  const g = f32x4.add(f32x4.mul(dy, ones(f32x4.gt(y, splat(ZERO)))), splat(ZERO));
  return v128.bitselect(y, g, isNaN4(y));
}

export function relu_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, reluOf(at(x, i)));
}

export function reluBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, reluDerivative(at(y, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------------------- leakyRelu

/** x·c with c = 1 for x > 0 and the slope otherwise: exactly x, or PyTorch's float32 product x·slope. */
function leakyFactor(x: v128, slope: v128): v128 {
  return v128.bitselect(splat(1.0), slope, f32x4.gt(x, splat(ZERO)));
}

function leakyReluDerivative(x: v128, dy: v128, slope: v128): v128 {
  return v128.bitselect(x, f32x4.mul(dy, leakyFactor(x, slope)), isNaN4(x));
}

export function leakyRelu_f32(x: usize, y: usize, n: usize, negativeSlope: f32): void {
  const slope = splat(negativeSlope);
  for (let i: usize = 0; i < bytes(n); i += 16) {
    const v = at(x, i);
    put(y, i, f32x4.mul(v, leakyFactor(v, slope)));
  }
}

export function leakyReluBackward_f32(x: usize, dy: usize, dx: usize, n: usize, negativeSlope: f32): void {
  const slope = splat(negativeSlope);
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, leakyReluDerivative(at(x, i), at(dy, i), slope));
}

// -------------------------------------------------------------------------------------------------- softplus

/**
 * x where β·x > threshold, else (max(βx, 0) + log1p(e^−|βx|))/β. βx = −∞ gives 0 + log1p(0) = 0 with no special
 * case. Dividing by β (not multiplying by 1/β) is PyTorch's rounding, and exact when β = 1.
 */
function softplusOf(x: v128, beta: v128, threshold: v128): v128 {
  const t = f32x4.mul(x, beta);
  const s = f32x4.add(f32x4.pmax(t, splat(ZERO)), log1pUnit(expNonPositive(negAbs(t))));
  return v128.bitselect(x, f32x4.div(s, beta), f32x4.gt(t, threshold));
}

/** dy where βx > threshold, else dy·σ(βx). */
function softplusDerivative(x: v128, dy: v128, beta: v128, threshold: v128): v128 {
  const t = f32x4.mul(x, beta);
  return v128.bitselect(dy, f32x4.mul(dy, sigmoid(t)), f32x4.gt(t, threshold));
}

export function softplus_f32(x: usize, y: usize, n: usize, beta: f32, threshold: f32): void {
  const b = splat(beta);
  const th = splat(threshold);
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, softplusOf(at(x, i), b, th));
}

export function softplusBackward_f32(x: usize, dy: usize, dx: usize, n: usize, beta: f32, threshold: f32): void {
  const b = splat(beta);
  const th = splat(threshold);
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, softplusDerivative(at(x, i), at(dy, i), b, th));
}

// ----------------------------------------------------------------------------------------------------- swish

/** Where |βx| > 200, σ(βx) is exactly 0 or 1, so clamping βx there changes nothing and keeps βx·(1 − σ) finite. */
const SWISH_CLAMP: f32 = 200.0;

function swishOf(x: v128, beta: v128): v128 {
  return f32x4.mul(x, sigmoid(f32x4.mul(x, beta)));
}

/** s·(1 + βx·(1 − s)), s = σ(βx). */
function swishDerivative(x: v128, dy: v128, beta: v128): v128 {
  const t = f32x4.mul(x, beta);
  const s = sigmoid(t);
  const tc = f32x4.pmin(f32x4.pmax(t, splat(-SWISH_CLAMP)), splat(SWISH_CLAMP));
  return f32x4.mul(f32x4.mul(dy, s), f32x4.add(splat(1.0), f32x4.mul(tc, f32x4.sub(splat(1.0), s))));
}

export function swish_f32(x: usize, y: usize, n: usize, beta: f32): void {
  const b = splat(beta);
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, swishOf(at(x, i), b));
}

export function swishBackward_f32(x: usize, dy: usize, dx: usize, n: usize, beta: f32): void {
  const b = splat(beta);
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, swishDerivative(at(x, i), at(dy, i), b));
}

// ------------------------------------------------------------------------------------------------ elu / selu

/** scale·x for x > 0, negativeScale·expm1(x) otherwise (elu: scale 1, negativeScale α). */
function eluOf(x: v128, scale: v128, negativeScale: v128, scaled: bool): v128 {
  const positive = scaled ? f32x4.mul(x, scale) : x;
  return v128.bitselect(positive, f32x4.mul(negativeScale, expm1NonPositive(x)), f32x4.gt(x, splat(ZERO)));
}

/** dy·scale for x > 0, dy·negativeScale·e^x for x ≤ 0; NaN x gives NaN through e^x. */
function eluDerivative(x: v128, dy: v128, scale: v128, negativeScale: v128, scaled: bool): v128 {
  const positive = scaled ? f32x4.mul(dy, scale) : dy;
  const negative = f32x4.mul(f32x4.mul(dy, negativeScale), expNonPositive(x));
  return v128.bitselect(positive, negative, f32x4.gt(x, splat(ZERO)));
}

export function elu_f32(x: usize, y: usize, n: usize, alpha: f32): void {
  const one = splat(1.0);
  const a = splat(alpha);
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, eluOf(at(x, i), one, a, false));
}

export function eluBackward_f32(x: usize, dy: usize, dx: usize, n: usize, alpha: f32): void {
  const one = splat(1.0);
  const a = splat(alpha);
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, eluDerivative(at(x, i), at(dy, i), one, a, false));
}

/** PyTorch's SELU constants in float32; the negative scale is their float32 product, as ATen computes it. */
const SELU_ALPHA: f32 = 1.6732632423543772;
const SELU_SCALE: f32 = 1.0507009873554805;

export function selu_f32(x: usize, y: usize, n: usize): void {
  const scale = splat(SELU_SCALE);
  const negativeScale = splat(SELU_ALPHA * SELU_SCALE);
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, eluOf(at(x, i), scale, negativeScale, true));
}

export function seluBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  const scale = splat(SELU_SCALE);
  const negativeScale = splat(SELU_ALPHA * SELU_SCALE);
  for (let i: usize = 0; i < bytes(n); i += 16)
    put(dx, i, eluDerivative(at(x, i), at(dy, i), scale, negativeScale, true));
}

// ------------------------------------------------------------------------------------------------------ gelu

const GELU_TANH_SCALE: f32 = 0.7978845608028654;
const GELU_TANH_CUBIC: f32 = 0.044715;
/** Where |x| > 1e5, s·(1 − s) is exactly 0; clamping x in the derivative's polynomial keeps 0·∞ out. */
const GELU_TANH_CLAMP: f32 = 1e5;

function geluOf(x: v128): v128 {
  const ax = cdfAbs(x);
  return f32x4.mul(x, normalCdf(x, normalCdfLower(ax, normalDensity(ax))));
}

/** Φ(x) + x·φ(x). */
function geluDerivative(x: v128, dy: v128): v128 {
  const ax = cdfAbs(x);
  const density = normalDensity(ax);
  const cdf = normalCdf(x, normalCdfLower(ax, density));
  return f32x4.mul(dy, f32x4.add(cdf, f32x4.mul(f32x4.mul(x, splat(INV_SQRT_2PI)), density)));
}

/** 2u = 2·√(2/π)·(x + 0.044715·x³). */
function geluTanhArgument(x: v128): v128 {
  const cubic = f32x4.mul(f32x4.mul(f32x4.mul(x, splat(GELU_TANH_CUBIC)), x), x);
  return f32x4.mul(f32x4.add(x, cubic), splat(2.0 * GELU_TANH_SCALE));
}

/** x·(1 + tanh u)/2 = x·σ(2u), without the cancellation of 1 + tanh u. */
function geluTanhOf(x: v128): v128 {
  return f32x4.mul(x, sigmoid(geluTanhArgument(x)));
}

/**
 * s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u). s·(1 − s) is formed first: it is exactly 0 wherever
 * |x| > 1e5, so x times it stays finite for every finite x (2x alone overflows above 1.7e38) and is NaN at ±∞, as
 * in the js kernel; x is clamped in the polynomial only.
 */
function geluTanhDerivative(x: v128, dy: v128): v128 {
  const s = sigmoid(geluTanhArgument(x));
  const xc = f32x4.pmin(f32x4.pmax(x, splat(-GELU_TANH_CLAMP)), splat(GELU_TANH_CLAMP));
  const slope = f32x4.add(splat(1.0), f32x4.mul(f32x4.mul(xc, xc), splat(3.0 * GELU_TANH_CUBIC)));
  const spread = f32x4.mul(f32x4.mul(f32x4.mul(s, f32x4.sub(splat(1.0), s)), x), splat(2.0));
  return f32x4.mul(dy, f32x4.add(s, f32x4.mul(f32x4.mul(spread, splat(GELU_TANH_SCALE)), slope)));
}

export function gelu_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, geluOf(at(x, i)));
}

export function geluBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, geluDerivative(at(x, i), at(dy, i)));
}

export function geluTanh_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, geluTanhOf(at(x, i)));
}

export function geluTanhBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, geluTanhDerivative(at(x, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------------------------ mish

/**
 * T = tanh(softplus(x)) from e = e^−|x|: (1 + 2e)/(1 + 2e + 2e²) for x > 0, m/(m + 2) with m = e(e + 2) otherwise
 * (one exponential, one division, no overflow).
 */
function mishT(e: v128, positive: v128): v128 {
  const a = f32x4.add(splat(1.0), f32x4.add(e, e));
  const m = f32x4.mul(e, f32x4.add(e, splat(2.0)));
  const numerator = v128.bitselect(a, m, positive);
  const denominator = v128.bitselect(f32x4.add(a, f32x4.mul(f32x4.add(e, e), e)), f32x4.add(m, splat(2.0)), positive);
  return f32x4.div(numerator, denominator);
}

function mishOf(x: v128): v128 {
  const e = expNonPositive(negAbs(x));
  return f32x4.mul(x, mishT(e, f32x4.gt(x, splat(ZERO))));
}

/** T + x·σ(x)·(1 − T²), σ(x) by sign from the same e. */
function mishDerivative(x: v128, dy: v128): v128 {
  const e = expNonPositive(negAbs(x));
  const positive = f32x4.gt(x, splat(ZERO));
  const t = mishT(e, positive);
  const s = f32x4.div(v128.bitselect(splat(1.0), e, positive), f32x4.add(splat(1.0), e));
  return f32x4.mul(dy, f32x4.add(t, f32x4.mul(f32x4.mul(x, s), f32x4.sub(splat(1.0), f32x4.mul(t, t)))));
}

export function mish_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, mishOf(at(x, i)));
}

export function mishBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, mishDerivative(at(x, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------ hardswish / hardsigmoid

/** min(max(x + 3, 0), 6), NaN kept. */
function relu6Shifted(x: v128): v128 {
  return f32x4.pmin(f32x4.pmax(f32x4.add(x, splat(3.0)), splat(ZERO)), splat(6.0));
}

/** x·(min(max(x + 3, 0), 6)/6): dividing the clamp first (PyTorch divides the product) keeps x·6 from overflowing. */
function hardswishOf(x: v128): v128 {
  return f32x4.mul(x, f32x4.div(relu6Shifted(x), splat(6.0)));
}

/** 0 for x < −3, dy·(x/3 + 1/2) for −3 ≤ x < 3, dy for x ≥ 3 (the vectorised PyTorch kernel's choice at 3). */
function hardswishDerivative(x: v128, dy: v128): v128 {
  const middle = f32x4.mul(dy, f32x4.add(f32x4.div(x, splat(3.0)), splat(0.5)));
  const below = v128.andnot(middle, f32x4.lt(x, splat(-3.0)));
  const g = v128.bitselect(below, dy, f32x4.lt(x, splat(3.0)));
  return v128.bitselect(x, g, isNaN4(x));
}

/** PyTorch's hardsigmoid slope, the float32 constant 1.0f/6.0f. */
const ONE_SIXTH: f32 = 1.0 / 6.0;

function hardsigmoidDerivative(x: v128, dy: v128): v128 {
  const inside = v128.and(f32x4.gt(x, splat(-3.0)), f32x4.lt(x, splat(3.0)));
  return v128.bitselect(x, v128.and(f32x4.mul(dy, splat(ONE_SIXTH)), inside), isNaN4(x));
}

export function hardswish_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, hardswishOf(at(x, i)));
}

export function hardswishBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, hardswishDerivative(at(x, i), at(dy, i)));
}

export function hardsigmoid_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, f32x4.div(relu6Shifted(at(x, i)), splat(6.0)));
}

export function hardsigmoidBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, hardsigmoidDerivative(at(x, i), at(dy, i)));
}

// ----------------------------------------------------------------------------------------------------- relu6

/** min(max(x, 0), 6) with +0 for −0, NaN kept. */
function relu6Of(x: v128): v128 {
  return f32x4.add(f32x4.pmin(f32x4.pmax(x, splat(ZERO)), splat(6.0)), splat(ZERO));
}

/** dy for 0 < y < 6, else 0; NaN where y is NaN. */
function relu6Derivative(y: v128, dy: v128): v128 {
  const inside = v128.and(f32x4.gt(y, splat(ZERO)), f32x4.lt(y, splat(6.0)));
  return v128.bitselect(y, v128.and(dy, inside), isNaN4(y));
}

export function relu6_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, relu6Of(at(x, i)));
}

export function relu6Backward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, relu6Derivative(at(y, i), at(dy, i)));
}

// -------------------------------------------------------------------------------------------------- softsign

function softsignOf(x: v128): v128 {
  return f32x4.div(x, f32x4.add(splat(1.0), f32x4.abs(x)));
}

function softsignDerivative(x: v128, dy: v128): v128 {
  const d = f32x4.add(splat(1.0), f32x4.abs(x));
  return f32x4.div(dy, f32x4.mul(d, d));
}

export function softsign_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, softsignOf(at(x, i)));
}

export function softsignBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, softsignDerivative(at(x, i), at(dy, i)));
}

// ------------------------------------------------------------------------------------------------ logSigmoid

/** min(x, 0) − log1p(e^−|x|); +∞ gives 0 − 0, NaN gives NaN. */
function logSigmoidOf(x: v128): v128 {
  return f32x4.sub(f32x4.pmin(x, splat(ZERO)), log1pUnit(expNonPositive(negAbs(x))));
}

/** dy·σ(−x). */
function logSigmoidDerivative(x: v128, dy: v128): v128 {
  return f32x4.mul(dy, sigmoid(f32x4.neg(x)));
}

export function logSigmoid_f32(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(y, i, logSigmoidOf(at(x, i)));
}

export function logSigmoidBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) put(dx, i, logSigmoidDerivative(at(x, i), at(dy, i)));
}

// -------------------------------------------------------------------------------------------------- identity

export function identity_f32(x: usize, y: usize, n: usize): void {
  if (x !== y) memory.copy(y, x, bytes(n));
}

/** dy, or NaN where x is NaN (as every other entry). */
export function identityBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  for (let i: usize = 0; i < bytes(n); i += 16) {
    const v = at(x, i);
    put(dx, i, v128.bitselect(v, at(dy, i), isNaN4(v)));
  }
}
