// SIMD float32 math for the kernels: exp, expm1, log, log1p, tanh, sigmoid and the normal CDF, four lanes at a
// time (WebAssembly SIMD128, no FMA, no relaxed SIMD). Every function is branch-free, takes and returns a v128 of
// four f32, propagates NaN, and is inlined into the kernel loops (static methods of `Simd`, decorated `@inline`).
//
// Polynomials come from fixtures/simd-math-coefficients.py (weighted minimax, rounded to float32 with the
// rounding of each coefficient compensated by the next). Each function's measured maximum error, over every
// finite float32, is in the kernels README ("SIMD math and its accuracy"); accuracy/simd-math.ts measures it.
//
// Techniques (after XNNPACK's f32 vsigmoid/velu kernels and fdlibm; the code is our own):
// - exp: x = n·ln2 + r with |r| ≤ ln2/2 (Cody–Waite, ln2 in two parts so n·LN2_HI is exact), e^r = 1 + r + r²·P(r),
//   2^n built in the exponent bits by the "magic bias" rounding (x·log2e + 1.5·2^23 rounds to an integer in the
//   low mantissa bits). Results that are subnormal get one extra exact scaling instead of being flushed to 0.
// - log: x = 2^k·m with m in [√½, √2), log m = f − (f²/2 − s·(f²/2 + R)), s = f/(2 + f), f = m − 1, R ≈ 2·atanh(s)/s − 2.
// - pmin/pmax (one instruction each on x86 and ARM) instead of min/max (several, for IEEE NaN and ±0 rules): with
//   the data as the first operand, pmax(x, c) = x < c ? c : x keeps a NaN x.

// ----------------------------------------------------------------------------------------------- constants

const LOG2E: f32 = <f32>Math.LOG2E;
/** ln 2 = LN2_HI + LN2_LO; LN2_HI has 15 significant bits, so n·LN2_HI is exact for |n| < 512. */
const LN2_HI: f32 = 0.693145751953125;
const LN2_LO: f32 = 1.428606765330187e-6;
/** 1.5·2^23: adding it rounds |v| < 2^22 to an integer held in the low mantissa bits. */
const MAGIC: f32 = 12582912.0;
const MAGIC_BITS: i32 = 0x4b400000;
/** MAGIC + 127 + 64: the low bits of v + MAGIC_SCALED, shifted into the exponent field, are 2^(n + 64). */
const MAGIC_SCALED: f32 = 12583103.0;
/** 2^-64, the exact rescaling of a result built as 2^(n + 64). */
const TWO_M64: f32 = 5.421010862427522e-20;
/** Below this, e^x is below half the smallest subnormal (2^-150) and rounds to 0. */
const EXP_MIN: f32 = -104.0;
/** Above this, e^x overflows float32. */
const EXP_MAX: f32 = 89.0;
/** Below this, e^x − 1 rounds to −1 in float32. */
const EXPM1_MIN: f32 = -18.0;

// e^r = 1 + r + r²·(P1 + r·(P2 + r·(P3 + r·(P4 + r·P5)))), |r| ≤ ln2/2, fitted to e^r's relative error.
const EXP_P1: f32 = 0.4999987483024597;
const EXP_P2: f32 = 0.1666652262210846;
const EXP_P3: f32 = 0.04169420897960663;
const EXP_P4: f32 = 0.008369548246264458;
const EXP_P5: f32 = 0.0012568958336487412;

// e^r − 1 = r + r²·(M1 + r·(M2 + … + r·M6)), fitted to e^r − 1's relative error (one degree more than exp needs).
const EXPM1_P1: f32 = 0.5;
const EXPM1_P2: f32 = 0.1666666567325592;
const EXPM1_P3: f32 = 0.04166648909449577;
const EXPM1_P4: f32 = 0.00833356287330389;
const EXPM1_P5: f32 = 0.0013928330736234784;
const EXPM1_P6: f32 = 0.00019726557366084307;

// log: R = z·(Q0 + z·(Q1 + z·(Q2 + z·Q3))), z = s², |s| ≤ 3 − 2√2.
const LOG_Q0: f32 = 0.6666667;
const LOG_Q1: f32 = 0.39999664;
const LOG_Q2: f32 = 0.2857795;
const LOG_Q3: f32 = 0.22851631;

// log1p on [0, 1]: the same form with s in [0, 1/3].
const LOG1P_Q0: f32 = 0.6666667;
const LOG1P_Q1: f32 = 0.39999703;
const LOG1P_Q2: f32 = 0.2858413;
const LOG1P_Q3: f32 = 0.22004034;
const LOG1P_Q4: f32 = 0.19658996;
const LOG1P_Q5: f32 = 0.1397688;

/** Bits of √½: x's bits minus these split x into 2^k·m with m in [√½, √2). */
const SQRT_HALF_BITS: i32 = 0x3f3504f3;
const MIN_NORMAL: f32 = 1.1754943508222875e-38;
const TWO_23: f32 = 8388608.0;

// erfc(a) = t·e^(−a²)·Q(t), t = 1/(1 + a/2), for a in [0, 10.1] (beyond, erfc is 0 in float32).
const ERFC_Q0: f32 = 0.2820652;
const ERFC_Q1: f32 = 0.28284207;
const ERFC_Q2: f32 = 0.23877762;
const ERFC_Q3: f32 = 0.22488636;
const ERFC_Q4: f32 = -0.096328415;
const ERFC_Q5: f32 = 0.41741395;
const ERFC_Q6: f32 = -0.6652162;
const ERFC_Q7: f32 = 0.4252143;
const ERFC_Q8: f32 = -0.12163319;
const ERFC_Q9: f32 = 0.011978285;
const SQRT1_2: f32 = <f32>Math.SQRT1_2;
/** 1/√(2π) */
export const INV_SQRT_2PI: f32 = 0.3989422804014327;
/** Where |x| is larger, Φ(x) is exactly 0 or 1 in float32; clamping there keeps x² finite. */
const CDF_CLAMP: f32 = 15.0;

/**
 * The SIMD math, as static methods so that AssemblyScript inlines them (`@inline` is honoured on methods, and
 * biome parses decorators only there): every kernel loop then compiles to one straight block, whatever binaryen's
 * inlining heuristics would decide for functions this size.
 */
// biome-ignore lint/complexity/noStaticOnlyClass: a namespace of inlined functions (see above).
export class Simd {
  // --------------------------------------------------------------------------------------------- small helpers

  /** −|x| (sets the sign bit). */
  @inline static negAbs(x: v128): v128 {
    return v128.or(x, i32x4.splat(0x80000000));
  }

  /** All ones in the lanes whose sign bit is set (negative numbers, −0 and negative NaNs). */
  @inline static signMask(x: v128): v128 {
    return i32x4.shr_s(x, 31);
  }

  /** |t| with the sign of x. */
  @inline static withSignOf(t: v128, x: v128): v128 {
    return v128.or(v128.and(t, i32x4.splat(0x7fffffff)), v128.and(x, i32x4.splat(0x80000000)));
  }

  /** All ones in the NaN lanes. */
  @inline static isNaN4(x: v128): v128 {
    return f32x4.ne(x, x);
  }

  /** r + r²·P(r) = e^r − 1 for |r| ≤ ln2/2, to exp's accuracy (the 1 is added with the scale). */
  @inline static expReducedMinusOne(r: v128): v128 {
    let p = f32x4.add(f32x4.mul(r, f32x4.splat(EXP_P5)), f32x4.splat(EXP_P4));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXP_P3));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXP_P2));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXP_P1));
    return f32x4.add(f32x4.mul(f32x4.mul(r, r), p), r);
  }

  /** e^r − 1 for |r| ≤ ln2/2 to expm1's accuracy. */
  @inline static expm1Reduced(r: v128): v128 {
    let p = f32x4.add(f32x4.mul(r, f32x4.splat(EXPM1_P6)), f32x4.splat(EXPM1_P5));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXPM1_P4));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXPM1_P3));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXPM1_P2));
    p = f32x4.add(f32x4.mul(r, p), f32x4.splat(EXPM1_P1));
    return f32x4.add(f32x4.mul(f32x4.mul(r, r), p), r);
  }

  /** r = z − n·ln2 in two steps, n the float integer. */
  @inline static reduce(z: v128, n: v128): v128 {
    const r = f32x4.add(f32x4.mul(n, f32x4.splat(-LN2_HI)), z);
    return f32x4.add(f32x4.mul(n, f32x4.splat(-LN2_LO)), r);
  }

  // ------------------------------------------------------------------------------------------------------ exp

  /**
   * e^z for z ≤ 0 (or NaN; a positive z is treated as its own e^z only up to z < 64·ln2). The result is built as
   * 2^(n+64)·e^r and rescaled by 2^-64, so subnormal results are rounded, not flushed.
   */
  @inline static expNonPositive(z: v128): v128 {
    z = f32x4.pmax(z, f32x4.splat(EXP_MIN));
    let n = f32x4.add(f32x4.mul(z, f32x4.splat(LOG2E)), f32x4.splat(MAGIC_SCALED));
    const s = i32x4.shl(n, 23);
    n = f32x4.sub(n, f32x4.splat(MAGIC_SCALED));
    const q = Simd.expReducedMinusOne(Simd.reduce(z, n));
    return f32x4.mul(f32x4.add(f32x4.mul(s, q), s), f32x4.splat(TWO_M64));
  }

  /**
   * e^(hi + lo) for hi ≤ 0 and |lo| ≪ 1, where hi + lo is not representable: lo joins the reduced argument, so
   * the rounding of hi + lo costs nothing (used for e^(−x²/2) with x² split exactly).
   */
  @inline static expNonPositiveTwo(hi: v128, lo: v128): v128 {
    hi = f32x4.pmax(hi, f32x4.splat(EXP_MIN));
    let n = f32x4.add(f32x4.mul(hi, f32x4.splat(LOG2E)), f32x4.splat(MAGIC_SCALED));
    const s = i32x4.shl(n, 23);
    n = f32x4.sub(n, f32x4.splat(MAGIC_SCALED));
    const q = Simd.expReducedMinusOne(f32x4.add(Simd.reduce(hi, n), lo));
    return f32x4.mul(f32x4.add(f32x4.mul(s, q), s), f32x4.splat(TWO_M64));
  }

  /**
   * e^(x − m) for x ≤ m (or NaN), with the difference taken exactly: x − m = hi + lo by TwoSum, so a large |x − m|
   * (a softmax's far-below-maximum logits) does not lose the digits its rounding would cost. −∞ − m gives 0, and a
   * NaN in x or m gives NaN.
   */
  @inline static expDifference(x: v128, m: v128): v128 {
    const mneg = f32x4.neg(m);
    const hi = f32x4.add(x, mneg);
    const xr = f32x4.sub(hi, mneg);
    const mr = f32x4.sub(hi, xr);
    const lo = f32x4.add(f32x4.sub(x, xr), f32x4.sub(mneg, mr));
    // lo is NaN only where hi is infinite (or NaN): then hi alone decides.
    return Simd.expNonPositiveTwo(hi, v128.andnot(lo, f32x4.ne(lo, lo)));
  }

  /** e^x for every x: 0 below −103.97, +∞ above 88.72, NaN for NaN; 2^n applied in two halves so neither overflows. */
  @inline static exp(x: v128): v128 {
    x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN)), f32x4.splat(EXP_MAX));
    let n = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(MAGIC));
    const k = i32x4.sub(n, i32x4.splat(MAGIC_BITS));
    n = f32x4.sub(n, f32x4.splat(MAGIC));
    const k1 = i32x4.shr_s(k, 1);
    const s1 = i32x4.shl(i32x4.add(k1, i32x4.splat(127)), 23);
    const s2 = i32x4.shl(i32x4.add(i32x4.sub(k, k1), i32x4.splat(127)), 23);
    const q = Simd.expReducedMinusOne(Simd.reduce(x, n));
    return f32x4.mul(f32x4.add(f32x4.mul(s1, q), s1), s2);
  }

  /**
   * e^z − 1 for z ≤ 0 (or NaN), without cancellation near 0: with s = 2^n, (s − 1) is exact and s·(e^r − 1) comes
   * from the polynomial without its constant. −1 below −18, where e^z − 1 rounds to −1.
   */
  @inline static expm1NonPositive(z: v128): v128 {
    z = f32x4.pmax(z, f32x4.splat(EXPM1_MIN));
    let n = f32x4.add(f32x4.mul(z, f32x4.splat(LOG2E)), f32x4.splat(MAGIC + 127.0));
    const s = i32x4.shl(n, 23);
    n = f32x4.sub(n, f32x4.splat(MAGIC + 127.0));
    const q = Simd.expm1Reduced(Simd.reduce(z, n));
    return f32x4.add(f32x4.mul(s, q), f32x4.sub(s, f32x4.splat(1.0)));
  }

  // ----------------------------------------------------------------------------------------- sigmoid and tanh

  /**
   * σ(x) = 1/(1 + e^(−x)) by sign, e = e^(−|x|): 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0, one division with the
   * numerator chosen by the sign bit. Nothing overflows, and the negative tail keeps its relative accuracy.
   */
  @inline static sigmoid(x: v128): v128 {
    const e = Simd.expNonPositive(Simd.negAbs(x));
    return f32x4.div(v128.bitselect(e, f32x4.splat(1.0), Simd.signMask(x)), f32x4.add(e, f32x4.splat(1.0)));
  }

  /** Simd.tanh(x) = sign(x)·(−e)/(2 + e), e = e^(−2|x|) − 1 in (−1, 0]: no overflow, no cancellation near 0. */
  @inline static tanh(x: v128): v128 {
    const e = Simd.expm1NonPositive(f32x4.mul(f32x4.abs(x), f32x4.splat(-2.0)));
    const t = f32x4.div(e, f32x4.sub(f32x4.splat(-2.0), e));
    return Simd.withSignOf(t, x);
  }

  // ------------------------------------------------------------------------------------------------------ log

  /**
   * Simd.log(x) for every x: −∞ at ±0, NaN below 0 and for NaN, +∞ at +∞; subnormals are scaled up first. With f = m − 1,
   * Simd.log(1 + f) = f − (f²/2 − s·(f²/2 + R)), s = f/(2 + f), z = s², R = z·Q(z) (fdlibm's form).
   */
  @inline static log(x: v128): v128 {
    const tiny = f32x4.lt(x, f32x4.splat(MIN_NORMAL));
    const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(TWO_23)), x, tiny);
    const ix = i32x4.sub(xs, i32x4.splat(SQRT_HALF_BITS));
    const k = i32x4.add(i32x4.shr_s(ix, 23), v128.and(tiny, i32x4.splat(-23)));
    const m = i32x4.add(v128.and(ix, i32x4.splat(0x007fffff)), i32x4.splat(SQRT_HALF_BITS));
    const f = f32x4.sub(m, f32x4.splat(1.0));
    const kf = f32x4.convert_i32x4_s(k);
    const s = f32x4.div(f, f32x4.add(f, f32x4.splat(2.0)));
    const z = f32x4.mul(s, s);
    let q = f32x4.add(f32x4.mul(z, f32x4.splat(LOG_Q3)), f32x4.splat(LOG_Q2));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG_Q1));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG_Q0));
    const r = f32x4.mul(z, q);
    const hfsq = f32x4.mul(f32x4.mul(f, f), f32x4.splat(0.5));
    // ((s·(hfsq + R) + k·ln2_lo) − hfsq + f) + k·ln2_hi, the small terms first.
    let y = f32x4.add(f32x4.mul(s, f32x4.add(hfsq, r)), f32x4.mul(kf, f32x4.splat(LN2_LO)));
    y = f32x4.add(f32x4.sub(y, hfsq), f);
    y = f32x4.add(y, f32x4.mul(kf, f32x4.splat(LN2_HI)));
    y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.eq(x, f32x4.splat(Infinity)));
    y = v128.bitselect(f32x4.splat(-Infinity), y, f32x4.eq(x, f32x4.splat(0.0)));
    return v128.bitselect(f32x4.splat(NaN), y, v128.or(f32x4.lt(x, f32x4.splat(0.0)), Simd.isNaN4(x)));
  }

  /** Simd.log(1 + u) for u in [0, 1] (or NaN): the range softplus and logSigmoid need (u = e^−|t|). */
  @inline static log1pUnit(u: v128): v128 {
    const s = f32x4.div(u, f32x4.add(u, f32x4.splat(2.0)));
    const z = f32x4.mul(s, s);
    let q = f32x4.add(f32x4.mul(z, f32x4.splat(LOG1P_Q5)), f32x4.splat(LOG1P_Q4));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG1P_Q3));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG1P_Q2));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG1P_Q1));
    q = f32x4.add(f32x4.mul(z, q), f32x4.splat(LOG1P_Q0));
    const r = f32x4.mul(z, q);
    const hfsq = f32x4.mul(f32x4.mul(u, u), f32x4.splat(0.5));
    return f32x4.sub(u, f32x4.sub(hfsq, f32x4.mul(s, f32x4.add(hfsq, r))));
  }

  // -------------------------------------------------------------------------------------------- normal CDF

  /**
   * The normal CDF in three steps that GELU's forward and backward share. `Simd.cdfAbs(x)` = min(|x|, 15) (Φ is exactly 0
   * or 1 beyond, and the clamp keeps x² finite); `Simd.normalDensity(ax)` = e^(−x²/2) = φ(x)·√(2π), with x² split exactly
   * (x = xh + xl, xh with 12 significant bits) so the exponential does not inherit x²'s rounding; and
   * `Simd.normalCdfLower(ax, density)` = Φ(−|x|) = erfc(a)/2 with a = |x|/√2, evaluated as e^(−a²)·Q(t)/(2 + a) with
   * t = 2/(2 + a), so the negative tail keeps its relative accuracy.
   */
  @inline static cdfAbs(x: v128): v128 {
    return f32x4.pmin(f32x4.abs(x), f32x4.splat(CDF_CLAMP));
  }

  @inline static normalDensity(ax: v128): v128 {
    const xh = v128.and(ax, i32x4.splat(0xfffff000));
    const xl = f32x4.sub(ax, xh);
    const hi = f32x4.mul(f32x4.mul(xh, xh), f32x4.splat(-0.5));
    const lo = f32x4.mul(f32x4.mul(xl, f32x4.add(ax, xh)), f32x4.splat(-0.5));
    return Simd.expNonPositiveTwo(hi, lo);
  }

  @inline static normalCdfLower(ax: v128, density: v128): v128 {
    const inverse = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.mul(ax, f32x4.splat(SQRT1_2)), f32x4.splat(2.0)));
    const t = f32x4.add(inverse, inverse);
    let q = f32x4.add(f32x4.mul(t, f32x4.splat(ERFC_Q9)), f32x4.splat(ERFC_Q8));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q7));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q6));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q5));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q4));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q3));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q2));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q1));
    q = f32x4.add(f32x4.mul(t, q), f32x4.splat(ERFC_Q0));
    // Φ(−|x|) = erfc(a)/2 = t·e^(−a²)·Q(t)/2 = e^(−a²)·Q(t)/(2 + a)
    return f32x4.mul(f32x4.mul(density, q), inverse);
  }

  /** Φ(x) from Φ(−|x|): itself for x < 0, 1 − it otherwise. */
  @inline static normalCdf(x: v128, lower: v128): v128 {
    return v128.bitselect(lower, f32x4.sub(f32x4.splat(1.0), lower), Simd.signMask(x));
  }
}
