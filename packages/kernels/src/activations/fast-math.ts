/**
 * Scalar exp, tanh and log1p for the activation kernels' inner loops, in float64 to a few ulp.
 *
 * Why not `Math.exp`/`Math.tanh`/`Math.log1p`: in V8 each is an out-of-line call into fdlibm that
 * costs 10–20 ns, which alone exceeds the issue's budget for a whole sigmoid (≤ 5 ns/element). These
 * are small enough for TurboFan to inline, branch-free on the common path, and accurate to ≤ 3 ulp
 * (the polynomials and tables come from `packages/kernels/fixtures/math-coefficients.py`). Results
 * in the subnormal range may be off by one subnormal ulp.
 */

/** 2^(j/64), j = 0..63, correctly rounded. */
const EXP2_FRACTION = [
  1.0,
  1.0108892860517005,
  1.0218971486541166,
  1.0330248790212284,
  1.0442737824274138,
  1.0556451783605572,
  1.0671404006768237,
  1.0787607977571199,
  1.0905077326652577,
  1.102382583307841,
  1.1143867425958924,
  1.1265216186082418,
  1.1387886347566916,
  1.1511892299529827,
  1.1637248587775775,
  1.1763969916502812,
  1.189207115002721,
  1.202156731452703,
  1.215247359980469,
  1.22848053610687,
  1.241857812073484,
  1.255380757024691,
  1.2690509571917332,
  1.2828700160787783,
  1.2968395546510096,
  1.3109612115247644,
  1.3252366431597413,
  1.339667524053303,
  1.3542555469368927,
  1.3690024229745905,
  1.383909881963832,
  1.3989796725383112,
  Math.SQRT2,
  1.42961333839197,
  1.4451808069770467,
  1.460917794180647,
  1.4768261459394993,
  1.4929077282912648,
  1.5091644275934228,
  1.5255981507445384,
  1.5422108254079407,
  1.559004400237837,
  1.5759808451078865,
  1.593142151342267,
  1.6104903319492543,
  1.6280274218573478,
  1.645755478153965,
  1.6636765803267364,
  1.681792830507429,
  1.7001063537185235,
  1.718619298122478,
  1.7373338352737062,
  1.7562521603732995,
  1.7753764925265212,
  1.7947090750031072,
  1.8142521755003989,
  1.8340080864093424,
  1.8539791250833855,
  1.8741676341103,
  1.8945759815869656,
  1.9152065613971474,
  1.9360617934922943,
  1.9571441241754002,
  1.978456026387951,
];

/**
 * One table for both factors of 2^(k/64) = 2^(j/64)·2^m (k = 64m + j), because every typed array a loop
 * touches costs TurboFan a reload and re-check of its object, length and data pointer per iteration:
 * EXP2[j] = 2^(j/64) for j in [0, 64), and EXP2[m + 1141] = 2^(m − 1) for m in [−1077, 1026] (the
 * scale is applied as 2^(m−1)·2, so 2^1024 is never formed before the last product).
 */
const EXP2 = new Float64Array(64 + 2104);
EXP2.set(EXP2_FRACTION);
// Doubling from the smallest subnormal (2^-1074, m = −1073) is exact all the way up; 2^-1078..2^-1075
// stay 0 (they underflow) and 2^1024, 2^1025 become Infinity.
for (let i = 64 + 4, p = Number.MIN_VALUE; i < EXP2.length; i++, p *= 2) EXP2[i] = p;

/*
 * The reduction's constants are written as literals in the functions below, because TurboFan reloads
 * (and type-checks) a module-level `const` on every use inside a loop, while a literal is an immediate:
 *   92.33248261689366       64/ln 2
 *   0.01083042469326756     ln(2)/64, high part: 32 significant bits, so k·HI is exact for every k here
 *   2.9815858269852933e-12  ln(2)/64 − HI
 *   6755399441055744        1.5·2^52: adding and subtracting it rounds |v| < 2^51 to the nearest integer
 */

/**
 * The polynomials below are evaluated in Estrin's scheme rather than Horner's: the same terms, but
 * in a tree of depth ~4 instead of a chain of 11 dependent multiply-adds, so consecutive elements'
 * evaluations overlap in the CPU instead of waiting on each other (a 2–3× difference on long loops).
 */

/** e^r for |r| ≤ ln2/128, degree 5 (truncation 4e-17). */
function expReduced(r: number): number {
  const r2 = r * r;
  return 1 + r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120));
}

/**
 * e^x in float64 (≤ 3 ulp): x = k·ln2/64 + r with |r| ≤ ln2/128, e^x = 2^(k/64)·e^r. The clamp to
 * [−746, 710], beyond which the result is 0 or ∞ either way, is predictable; NaN comes out NaN.
 */
export function tableExp(x: number): number {
  const xc = Math.min(Math.max(x, -746), 710);
  const kd = xc * 92.33248261689366 + 6755399441055744 - 6755399441055744;
  const r = xc - kd * 0.01083042469326756 - kd * 2.9815858269852933e-12;
  const k = kd | 0;
  return EXP2[k & 63]! * expReduced(r) * EXP2[(k >> 6) + 1141]! * 2;
}

/** e^x for x ≤ 0 (or NaN), as `tableExp` but without the upper clamp, for callers that pass −|t|. */
export function tableExpNonPositive(x: number): number {
  const xc = Math.max(x, -746);
  const kd = xc * 92.33248261689366 + 6755399441055744 - 6755399441055744;
  const r = xc - kd * 0.01083042469326756 - kd * 2.9815858269852933e-12;
  const k = kd | 0;
  return EXP2[k & 63]! * expReduced(r) * EXP2[(k >> 6) + 1141]! * 2;
}

/**
 * e^x − 1 for x ≤ 0 (or NaN), float64, a few ulp, without the cancellation of e^x − 1 near 0:
 * with s = 2^(k/64) (a table entry times a power of two, exact), e^x − 1 = (s − 1) + s·(e^r − 1), where
 * s − 1 is exact for s in [1/2, 1] (Sterbenz) and e^r − 1 is a polynomial without its constant term.
 */
export function expm1NonPositive(x: number): number {
  const xc = Math.max(x, -746);
  const kd = xc * 92.33248261689366 + 6755399441055744 - 6755399441055744;
  const r = xc - kd * 0.01083042469326756 - kd * 2.9815858269852933e-12;
  const k = kd | 0;
  const scale = EXP2[k & 63]! * EXP2[(k >> 6) + 1141]! * 2;
  const r2 = r * r;
  // e^r − 1 to degree 6 (truncation 5e-18 relative)
  const q = r + r2 * (0.5 + r * (1 / 6)) + r2 * r2 * (1 / 24 + r * (1 / 120) + r2 * (1 / 720));
  return scale - 1 + scale * q;
}

/**
 * tanh(x) in float64 (a few ulp): with e = expm1(−2|x|) in (−1, 0], tanh|x| = −e/(2 + e), no branch and
 * no cancellation anywhere. tanh(±∞) = ±1, tanh(NaN) = NaN.
 */
export function tanhScalar(x: number): number {
  const e = expm1NonPositive(-2 * Math.abs(x));
  // (2·[x < 0] − 1) = −sign(x) without a data-dependent branch.
  return (e / (2 + e)) * (2 * +(x < 0) - 1);
}

/** atanh(s)/s as a polynomial in t = (s² − 1/18)·18 (s in [0, 1/3]), degree 11, from math-coefficients.py. */
function atanhOverS(t: number): number {
  const t2 = t * t;
  const t4 = t2 * t2;
  const q0 = 1.0191614067941754 + t * 0.01983106130879464 + t2 * (0.0006976382744593852 + t * 2.925964407033259e-5);
  const q1 =
    1.3371440613637875e-6 + t * 6.430364464815956e-8 + t2 * (3.198781736744603e-9 + t * 1.6300308870568355e-10);
  const q2 =
    8.457185989896703e-12 + t * 4.4498921006212633e-13 + t2 * (2.3885620776736794e-14 + t * 1.2827675300402104e-15);
  return q0 + t4 * (q1 + t4 * q2);
}

/**
 * log1p(u) for u in [0, 1] (≤ 3 ulp), the range softplus needs (u = e^(−|t|)): log1p(u) = 2·atanh(s)
 * with s = u/(2 + u) in [0, 1/3]. NaN gives NaN.
 */
export function log1pUnit(u: number): number {
  const s = u / (2 + u);
  return 2 * s * atanhOverS((s * s - 0.05555555555555555) * 18);
}

/**
 * log1p(u) for u in [0, 1] to float32 grade (relative error < 2e-9, far below float32's 6e-8 half-ulp):
 * the same atanh form with the Taylor series 2s·(1 + s²/3 + … + s¹⁴/15). Kernels writing a Float32Array
 * use it; the float64 one costs a third more and its extra digits would be rounded away on store.
 */
export function log1pUnitFloat32(u: number): number {
  const s = u / (2 + u);
  const g = s * s;
  const g2 = g * g;
  return (
    2 * s * (1 + g * (1 / 3) + g2 * (1 / 5 + g * (1 / 7) + g2 * (1 / 9 + g * (1 / 11) + g2 * (1 / 13 + g * (1 / 15)))))
  );
}
