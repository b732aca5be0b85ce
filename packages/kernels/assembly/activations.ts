// The activation table's forward and backward kernels in WebAssembly SIMD (float32), one pair per entry of
// src/activations.ts, each the float32 counterpart of that entry's js kernel (its scalar reference; the tests hold
// the two together and both to PyTorch's fixtures). Arguments are byte addresses of float32 arrays, a length and the
// entry's parameters; `y` may alias `x` and `dx` may alias `dy` (every vector is read before it is written). Kinks,
// NaN and ±∞ follow the js kernels exactly (see each entry's doc there); the arithmetic follows PyTorch's float32
// kernels where the two orders differ (a parameter is rounded to float32 once, as ATen does).
//
// Every kernel is the one loop of `Loop`, four vectors (16 floats) per iteration, with the entry's op inlined by a
// constant op code (binaryen folds the switch away, so each export is straight-line code): n is rounded up to a
// multiple of 16, so a kernel reads and writes up to 15 floats past n. Arena blocks are 64-byte aligned, so the
// room is always there, and the padding's results are never copied out. Every element is computed by the same
// vector code, so its result does not depend on its position or on how a caller splits the array between threads.

import { INV_SQRT_2PI, Simd } from './simd-math';

// ------------------------------------------------------------------------------------------------- op codes

const SIGMOID = 0;
const TANH = 1;
const RELU = 2;
const LEAKY_RELU = 3;
const SOFTPLUS = 4;
const SWISH = 5;
const ELU = 6;
const SELU = 7;
const GELU = 8;
const GELU_TANH = 9;
const MISH = 10;
const HARDSWISH = 11;
const HARDSIGMOID = 12;
const RELU6 = 13;
const SOFTSIGN = 14;
const LOG_SIGMOID = 15;
const IDENTITY = 16;

// ------------------------------------------------------------------------------------------------ constants

const ZERO: f32 = 0.0;
/** Where |βx| > 200, σ(βx) is exactly 0 or 1, so clamping βx there changes nothing and keeps βx·(1 − σ) finite. */
const SWISH_CLAMP: f32 = 200.0;
/** PyTorch's SELU constants in float32; the negative scale is their float32 product, as ATen computes it. */
const SELU_ALPHA: f32 = 1.6732632423543772;
const SELU_SCALE: f32 = 1.0507009873554805;
const GELU_TANH_SCALE: f32 = 0.7978845608028654;
const GELU_TANH_CUBIC: f32 = 0.044715;
/** Where |x| > 1e5, s·(1 − s) is exactly 0; clamping x in the derivative's polynomial keeps 0·∞ out. */
const GELU_TANH_CLAMP: f32 = 1e5;
/** PyTorch's hardsigmoid slope, the float32 constant 1.0f/6.0f. */
const ONE_SIXTH: f32 = 1.0 / 6.0;

function k(v: f32): v128 {
  return f32x4.splat(v);
}

/**
 * Each entry's forward and backward on one vector (a and b are the entry's parameters, splatted), and the loops.
 * Static methods so that AssemblyScript inlines them.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a namespace of inlined functions (see above).
class Activation {
  /** f(x) for entry `op` (a constant at every call site). */
  @inline static forward(op: i32, x: v128, a: v128, b: v128): v128 {
    switch (op) {
      case SIGMOID:
        return Simd.sigmoid(x);
      case TANH:
        return Simd.tanh(x);
      case RELU:
        // max(x, 0) with relu(−0) = +0 and relu(NaN) = NaN.
        return f32x4.add(f32x4.pmax(x, k(ZERO)), k(ZERO));
      case LEAKY_RELU:
        // x·c with c = 1 for x > 0 and the slope otherwise: exactly x, or PyTorch's float32 product x·slope.
        return f32x4.mul(x, Activation.leakyFactor(x, a));
      case SOFTPLUS:
        return Activation.softplus(x, a, b);
      case SWISH:
        return f32x4.mul(x, Simd.sigmoid(f32x4.mul(x, a)));
      case ELU:
        return v128.bitselect(x, f32x4.mul(a, Simd.expm1NonPositive(x)), f32x4.gt(x, k(ZERO)));
      case SELU: {
        const negative = f32x4.mul(k(SELU_ALPHA * SELU_SCALE), Simd.expm1NonPositive(x));
        return v128.bitselect(f32x4.mul(x, k(SELU_SCALE)), negative, f32x4.gt(x, k(ZERO)));
      }
      case GELU: {
        const ax = Simd.cdfAbs(x);
        return f32x4.mul(x, Simd.normalCdf(x, Simd.normalCdfLower(ax, Simd.normalDensity(ax))));
      }
      case GELU_TANH:
        // x·(1 + tanh u)/2 = x·σ(2u), without the cancellation of 1 + tanh u.
        return f32x4.mul(x, Simd.sigmoid(Activation.geluTanhArgument(x)));
      case MISH:
        return f32x4.mul(x, Activation.mishT(Simd.expNonPositive(Simd.negAbs(x)), f32x4.gt(x, k(ZERO))));
      case HARDSWISH:
        // x·(min(max(x + 3, 0), 6)/6): dividing the clamp first (PyTorch divides the product) keeps x·6 finite.
        return f32x4.mul(x, f32x4.div(Activation.relu6Shifted(x), k(6.0)));
      case HARDSIGMOID:
        return f32x4.div(Activation.relu6Shifted(x), k(6.0));
      case RELU6:
        // min(max(x, 0), 6) with +0 for −0, NaN kept.
        return f32x4.add(f32x4.pmin(f32x4.pmax(x, k(ZERO)), k(6.0)), k(ZERO));
      case SOFTSIGN:
        return f32x4.div(x, f32x4.add(k(1.0), f32x4.abs(x)));
      case LOG_SIGMOID:
        // min(x, 0) − log1p(e^−|x|); +∞ gives 0 − 0, NaN gives NaN.
        return f32x4.sub(f32x4.pmin(x, k(ZERO)), Simd.log1pUnit(Simd.expNonPositive(Simd.negAbs(x))));
      default:
        return x;
    }
  }

  /** dx = dy·f'(·) for entry `op`, from r = y for the output-based entries and r = x for the others. */
  @inline static backward(op: i32, r: v128, dy: v128, a: v128, b: v128): v128 {
    switch (op) {
      case SIGMOID:
        return f32x4.mul(f32x4.mul(dy, f32x4.sub(k(1.0), r)), r);
      case TANH:
        // dy·(1 − y²) as dy·((1 − y)·(1 + y)): 1 − y is exact near saturation, where 1 − y·y would cancel.
        return f32x4.mul(dy, f32x4.mul(f32x4.sub(k(1.0), r), f32x4.add(k(1.0), r)));
      case RELU: {
        // dy·[y > 0] + 0, NaN where y is NaN (so a NaN dy still gives NaN, as in the js kernel).
        const g = f32x4.add(f32x4.mul(dy, v128.and(f32x4.gt(r, k(ZERO)), k(1.0))), k(ZERO));
        return v128.bitselect(r, g, Simd.isNaN4(r));
      }
      case LEAKY_RELU:
        return v128.bitselect(r, f32x4.mul(dy, Activation.leakyFactor(r, a)), Simd.isNaN4(r));
      case SOFTPLUS: {
        // dy where βx > threshold, else dy·σ(βx).
        const t = f32x4.mul(r, a);
        return v128.bitselect(dy, f32x4.mul(dy, Simd.sigmoid(t)), f32x4.gt(t, b));
      }
      case SWISH: {
        // s·(1 + βx·(1 − s)) = s + βx·s·(1 − s), s = σ(βx), with s·(1 − s) = e/(1 + e)², e = e^−|βx|, accurate where
        // s rounds to 1 (1 − s from a rounded s would be all rounding error there).
        const t = f32x4.mul(r, a);
        const tc = f32x4.pmin(f32x4.pmax(t, k(-SWISH_CLAMP)), k(SWISH_CLAMP));
        const e = Simd.expNonPositive(Simd.negAbs(t));
        const inverse = f32x4.div(k(1.0), f32x4.add(k(1.0), e));
        const s = v128.bitselect(f32x4.mul(e, inverse), inverse, Simd.signMask(t));
        const spread = f32x4.mul(f32x4.mul(e, inverse), inverse);
        return f32x4.mul(dy, f32x4.add(s, f32x4.mul(tc, spread)));
      }
      case ELU:
        // dy for x > 0, dy·α·e^x for x ≤ 0; NaN x gives NaN through e^x.
        return v128.bitselect(dy, f32x4.mul(f32x4.mul(dy, a), Simd.expNonPositive(r)), f32x4.gt(r, k(ZERO)));
      case SELU: {
        const negative = f32x4.mul(f32x4.mul(dy, k(SELU_ALPHA * SELU_SCALE)), Simd.expNonPositive(r));
        return v128.bitselect(f32x4.mul(dy, k(SELU_SCALE)), negative, f32x4.gt(r, k(ZERO)));
      }
      case GELU: {
        // Φ(x) + x·φ(x).
        const ax = Simd.cdfAbs(r);
        const density = Simd.normalDensity(ax);
        const cdf = Simd.normalCdf(r, Simd.normalCdfLower(ax, density));
        return f32x4.mul(dy, f32x4.add(cdf, f32x4.mul(f32x4.mul(r, k(INV_SQRT_2PI)), density)));
      }
      case GELU_TANH: {
        // s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u), s·(1 − s) = e/(1 + e)² with e = e^−|2u| (exact
        // where s rounds to 1). It is exactly 0 wherever |x| > 1e5, so x times it stays finite for every finite x
        // and is NaN at ±∞, as in the js kernel; x is clamped in the polynomial only.
        const t = Activation.geluTanhArgument(r);
        const e = Simd.expNonPositive(Simd.negAbs(t));
        const inverse = f32x4.div(k(1.0), f32x4.add(k(1.0), e));
        const s = v128.bitselect(f32x4.mul(e, inverse), inverse, Simd.signMask(t));
        const xc = f32x4.pmin(f32x4.pmax(r, k(-GELU_TANH_CLAMP)), k(GELU_TANH_CLAMP));
        const slope = f32x4.add(k(1.0), f32x4.mul(f32x4.mul(xc, xc), k(3.0 * GELU_TANH_CUBIC)));
        const spread = f32x4.mul(f32x4.mul(f32x4.mul(f32x4.mul(e, inverse), inverse), r), k(2.0));
        return f32x4.mul(dy, f32x4.add(s, f32x4.mul(f32x4.mul(spread, k(GELU_TANH_SCALE)), slope)));
      }
      case MISH: {
        // T + x·σ(x)·(1 − T)(1 + T), σ(x) by sign from the same e, and 1 − T = 2e²/(1 + 2e + 2e²) for x > 0,
        // 2/(m + 2) otherwise, formed directly (1 − T from a rounded T cancels where T rounds to 1).
        const e = Simd.expNonPositive(Simd.negAbs(r));
        const positive = f32x4.gt(r, k(ZERO));
        const a2 = f32x4.add(k(1.0), f32x4.add(e, e));
        const m = f32x4.mul(e, f32x4.add(e, k(2.0)));
        const twoE2 = f32x4.mul(f32x4.add(e, e), e);
        const denominator = v128.bitselect(f32x4.add(a2, twoE2), f32x4.add(m, k(2.0)), positive);
        const t = f32x4.div(v128.bitselect(a2, m, positive), denominator);
        const oneMinusT = f32x4.div(v128.bitselect(twoE2, k(2.0), positive), denominator);
        const s = f32x4.div(v128.bitselect(k(1.0), e, positive), f32x4.add(k(1.0), e));
        const oneMinusT2 = f32x4.mul(oneMinusT, f32x4.add(k(1.0), t));
        return f32x4.mul(dy, f32x4.add(t, f32x4.mul(f32x4.mul(r, s), oneMinusT2)));
      }
      case HARDSWISH: {
        // 0 for x < −3, dy·(x/3 + 1/2) for −3 ≤ x < 3, dy for x ≥ 3 (the vectorised PyTorch kernel's choice at 3).
        const middle = f32x4.mul(dy, f32x4.add(f32x4.div(r, k(3.0)), k(0.5)));
        const g = v128.bitselect(v128.andnot(middle, f32x4.lt(r, k(-3.0))), dy, f32x4.lt(r, k(3.0)));
        return v128.bitselect(r, g, Simd.isNaN4(r));
      }
      case HARDSIGMOID: {
        const inside = v128.and(f32x4.gt(r, k(-3.0)), f32x4.lt(r, k(3.0)));
        return v128.bitselect(r, v128.and(f32x4.mul(dy, k(ONE_SIXTH)), inside), Simd.isNaN4(r));
      }
      case RELU6: {
        // dy for 0 < y < 6, else 0; NaN where y is NaN.
        const inside = v128.and(f32x4.gt(r, k(ZERO)), f32x4.lt(r, k(6.0)));
        return v128.bitselect(r, v128.and(dy, inside), Simd.isNaN4(r));
      }
      case SOFTSIGN: {
        const d = f32x4.add(k(1.0), f32x4.abs(r));
        return f32x4.div(dy, f32x4.mul(d, d));
      }
      case LOG_SIGMOID:
        // dy·σ(−x).
        return f32x4.mul(dy, Simd.sigmoid(f32x4.neg(r)));
      default:
        // identity: dy, or NaN where x is NaN (as every other entry).
        return v128.bitselect(r, dy, Simd.isNaN4(r));
    }
  }

  /** c = 1 for x > 0, the slope otherwise. */
  @inline static leakyFactor(x: v128, slope: v128): v128 {
    return v128.bitselect(k(1.0), slope, f32x4.gt(x, k(ZERO)));
  }

  /**
   * x where β·x > threshold, else (max(βx, 0) + log1p(e^−|βx|))/β. βx = −∞ gives 0 + log1p(0) = 0 with no special
   * case. Dividing by β (not multiplying by 1/β) is PyTorch's rounding, and exact when β = 1.
   */
  @inline static softplus(x: v128, beta: v128, threshold: v128): v128 {
    const t = f32x4.mul(x, beta);
    const s = f32x4.add(f32x4.pmax(t, k(ZERO)), Simd.log1pUnit(Simd.expNonPositive(Simd.negAbs(t))));
    return v128.bitselect(x, f32x4.div(s, beta), f32x4.gt(t, threshold));
  }

  /** 2u = 2·√(2/π)·(x + 0.044715·x³). */
  @inline static geluTanhArgument(x: v128): v128 {
    const cubic = f32x4.mul(f32x4.mul(f32x4.mul(x, k(GELU_TANH_CUBIC)), x), x);
    return f32x4.mul(f32x4.add(x, cubic), k(2.0 * GELU_TANH_SCALE));
  }

  /**
   * T = tanh(softplus(x)) from e = e^−|x|: (1 + 2e)/(1 + 2e + 2e²) for x > 0, m/(m + 2) with m = e(e + 2) otherwise
   * (one exponential, one division, no overflow).
   */
  @inline static mishT(e: v128, positive: v128): v128 {
    const a = f32x4.add(k(1.0), f32x4.add(e, e));
    const m = f32x4.mul(e, f32x4.add(e, k(2.0)));
    const numerator = v128.bitselect(a, m, positive);
    const denominator = v128.bitselect(f32x4.add(a, f32x4.mul(f32x4.add(e, e), e)), f32x4.add(m, k(2.0)), positive);
    return f32x4.div(numerator, denominator);
  }

  /** min(max(x + 3, 0), 6), NaN kept. */
  @inline static relu6Shifted(x: v128): v128 {
    return f32x4.pmin(f32x4.pmax(f32x4.add(x, k(3.0)), k(ZERO)), k(6.0));
  }

  /** y = f(x) over n floats (rounded up to 16), four vectors per iteration. */
  @inline static forwardLoop(op: i32, x: usize, y: usize, n: usize, p0: f32, p1: f32): void {
    const a = f32x4.splat(p0);
    const b = f32x4.splat(p1);
    const end = n << 2;
    for (let i: usize = 0; i < end; i += 64) {
      const v0 = Activation.forward(op, v128.load(x + i), a, b);
      const v1 = Activation.forward(op, v128.load(x + i + 16), a, b);
      const v2 = Activation.forward(op, v128.load(x + i + 32), a, b);
      const v3 = Activation.forward(op, v128.load(x + i + 48), a, b);
      v128.store(y + i, v0);
      v128.store(y + i + 16, v1);
      v128.store(y + i + 32, v2);
      v128.store(y + i + 48, v3);
    }
  }

  /** dx = dy·f'(r) over n floats (rounded up to 16), four vectors per iteration. */
  @inline static backwardLoop(op: i32, r: usize, dy: usize, dx: usize, n: usize, p0: f32, p1: f32): void {
    const a = f32x4.splat(p0);
    const b = f32x4.splat(p1);
    const end = n << 2;
    for (let i: usize = 0; i < end; i += 64) {
      const v0 = Activation.backward(op, v128.load(r + i), v128.load(dy + i), a, b);
      const v1 = Activation.backward(op, v128.load(r + i + 16), v128.load(dy + i + 16), a, b);
      const v2 = Activation.backward(op, v128.load(r + i + 32), v128.load(dy + i + 32), a, b);
      const v3 = Activation.backward(op, v128.load(r + i + 48), v128.load(dy + i + 48), a, b);
      v128.store(dx + i, v0);
      v128.store(dx + i + 16, v1);
      v128.store(dx + i + 32, v2);
      v128.store(dx + i + 48, v3);
    }
  }
}

// ----------------------------------------------------------------------------------------------------- exports
// Forward: (x, y, n, parameters…); backward: (y or x as the entry's backwardUses says, dy, dx, n, parameters…).

export function sigmoid_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(SIGMOID, x, y, n, 0, 0);
}
export function sigmoidBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(SIGMOID, y, dy, dx, n, 0, 0);
}

export function tanh_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(TANH, x, y, n, 0, 0);
}
export function tanhBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(TANH, y, dy, dx, n, 0, 0);
}

export function relu_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(RELU, x, y, n, 0, 0);
}
export function reluBackward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(RELU, y, dy, dx, n, 0, 0);
}

export function leakyRelu_f32(x: usize, y: usize, n: usize, negativeSlope: f32): void {
  Activation.forwardLoop(LEAKY_RELU, x, y, n, negativeSlope, 0);
}
export function leakyReluBackward_f32(x: usize, dy: usize, dx: usize, n: usize, negativeSlope: f32): void {
  Activation.backwardLoop(LEAKY_RELU, x, dy, dx, n, negativeSlope, 0);
}

export function softplus_f32(x: usize, y: usize, n: usize, beta: f32, threshold: f32): void {
  Activation.forwardLoop(SOFTPLUS, x, y, n, beta, threshold);
}
export function softplusBackward_f32(x: usize, dy: usize, dx: usize, n: usize, beta: f32, threshold: f32): void {
  Activation.backwardLoop(SOFTPLUS, x, dy, dx, n, beta, threshold);
}

export function swish_f32(x: usize, y: usize, n: usize, beta: f32): void {
  Activation.forwardLoop(SWISH, x, y, n, beta, 0);
}
export function swishBackward_f32(x: usize, dy: usize, dx: usize, n: usize, beta: f32): void {
  Activation.backwardLoop(SWISH, x, dy, dx, n, beta, 0);
}

export function elu_f32(x: usize, y: usize, n: usize, alpha: f32): void {
  Activation.forwardLoop(ELU, x, y, n, alpha, 0);
}
export function eluBackward_f32(x: usize, dy: usize, dx: usize, n: usize, alpha: f32): void {
  Activation.backwardLoop(ELU, x, dy, dx, n, alpha, 0);
}

export function selu_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(SELU, x, y, n, 0, 0);
}
export function seluBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(SELU, x, dy, dx, n, 0, 0);
}

export function gelu_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(GELU, x, y, n, 0, 0);
}
export function geluBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(GELU, x, dy, dx, n, 0, 0);
}

export function geluTanh_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(GELU_TANH, x, y, n, 0, 0);
}
export function geluTanhBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(GELU_TANH, x, dy, dx, n, 0, 0);
}

export function mish_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(MISH, x, y, n, 0, 0);
}
export function mishBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(MISH, x, dy, dx, n, 0, 0);
}

export function hardswish_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(HARDSWISH, x, y, n, 0, 0);
}
export function hardswishBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(HARDSWISH, x, dy, dx, n, 0, 0);
}

export function hardsigmoid_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(HARDSIGMOID, x, y, n, 0, 0);
}
export function hardsigmoidBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(HARDSIGMOID, x, dy, dx, n, 0, 0);
}

export function relu6_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(RELU6, x, y, n, 0, 0);
}
export function relu6Backward_f32(y: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(RELU6, y, dy, dx, n, 0, 0);
}

export function softsign_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(SOFTSIGN, x, y, n, 0, 0);
}
export function softsignBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(SOFTSIGN, x, dy, dx, n, 0, 0);
}

export function logSigmoid_f32(x: usize, y: usize, n: usize): void {
  Activation.forwardLoop(LOG_SIGMOID, x, y, n, 0, 0);
}
export function logSigmoidBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(LOG_SIGMOID, x, dy, dx, n, 0, 0);
}

export function identity_f32(x: usize, y: usize, n: usize): void {
  if (x !== y) memory.copy(y, x, n << 2);
}
/** dy, or NaN where x is NaN (as every other entry). */
export function identityBackward_f32(x: usize, dy: usize, dx: usize, n: usize): void {
  Activation.backwardLoop(IDENTITY, x, dy, dx, n, 0, 0);
}
