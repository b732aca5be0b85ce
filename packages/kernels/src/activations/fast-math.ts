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
const EXP2_FRACTION = new Float64Array([
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
]);

/** EXP2_HALF_INTEGER[m + 1077] = 2^(m − 1), for m in [−1077, 1026]: the scale is applied as 2^(m−1)·2 so 2^1024 is never formed. */
const EXP2_HALF_INTEGER = new Float64Array(2104); // 2^-1078..2^-1075 underflow: entries 0..3 stay 0
// Doubling from the smallest subnormal (2^-1074) is exact all the way up; 2^1024 and 2^1025 become Infinity.
for (let i = 4, p = Number.MIN_VALUE; i < 2104; i++, p *= 2) EXP2_HALF_INTEGER[i] = p;

const INV_LN2_64 = 92.33248261689366;
/** ln(2)/64 in two parts; HI has 32 significant bits, so k·HI is exact for every k used here. */
const LN2_64_HI = 0.01083042469326756;
const LN2_64_LO = 2.9815858269852933e-12;
/** Adding and subtracting 1.5·2^52 rounds a double of magnitude < 2^51 to the nearest integer. */
const ROUND_SHIFT = 6755399441055744;

/**
 * e^x in float64 (≤ 3 ulp): x = k·ln2/64 + r with |r| ≤ ln2/128, e^x = 2^(k/64)·P(r), P of degree 5
 * (truncation 4e-17). The clamp to [−746, 710] is predictable; beyond it the result is 0 or ∞
 * either way. NaN passes both comparisons and comes out NaN.
 */
export function tableExp(x: number): number {
  const xc = Math.min(Math.max(x, -746), 710);
  const kd = xc * INV_LN2_64 + ROUND_SHIFT - ROUND_SHIFT;
  const r = xc - kd * LN2_64_HI - kd * LN2_64_LO;
  const k = kd | 0;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return EXP2_FRACTION[k & 63]! * p * EXP2_HALF_INTEGER[(k >> 6) + 1077]! * 2;
}

/**
 * tanh(x) in float64 (≤ 3 ulp). |x| < 0.55: x·P(x²), P of degree 11; otherwise sign(x)·(1 − e)/(1 + e)
 * with e = e^(−2|x|) ≤ 0.33, which has no cancellation there. tanh(±∞) = ±1, tanh(NaN) = NaN, tanh(−0) = −0.
 */
export function polyTanh(x: number): number {
  const ax = Math.abs(x);
  if (ax < 0.55) {
    const t = (x * x - 0.15125) * 6.6115702479338845;
    return (
      x *
      (0.9524575912557064 +
        t *
          (-0.04483394002786278 +
            t *
              (0.002552253826878811 +
                t *
                  (-0.00014719356390525035 +
                    t *
                      (8.50027488828523e-6 +
                        t *
                          (-4.90955585625534e-7 +
                            t *
                              (2.835691533200301e-8 +
                                t *
                                  (-1.6378593916383364e-9 +
                                    t *
                                      (9.459711012757044e-11 +
                                        t *
                                          (-5.4638103002354376e-12 +
                                            t * (3.1877317467147124e-13 + t * -1.841193836843991e-14)))))))))))
    );
  }
  const e = tableExp(-2 * ax);
  // 1 − 2·[x < 0] is the sign without a data-dependent branch (x is not ±0 here).
  return ((1 - e) / (1 + e)) * (1 - 2 * +(x < 0));
}

/**
 * log1p(u) for u in [0, 1] (≤ 3 ulp), the range softplus needs (u = e^(−|t|)): log1p(u) = 2·atanh(s)
 * with s = u/(2 + u) in [0, 1/3], atanh(s) = s·Q(s²), Q of degree 11. NaN gives NaN.
 */
export function log1pUnit(u: number): number {
  const s = u / (2 + u);
  const t = (s * s - 0.05555555555555555) * 18;
  return (
    2 *
    s *
    (1.0191614067941754 +
      t *
        (0.01983106130879464 +
          t *
            (0.0006976382744593852 +
              t *
                (2.925964407033259e-5 +
                  t *
                    (1.3371440613637875e-6 +
                      t *
                        (6.430364464815956e-8 +
                          t *
                            (3.198781736744603e-9 +
                              t *
                                (1.6300308870568355e-10 +
                                  t *
                                    (8.457185989896703e-12 +
                                      t *
                                        (4.4498921006212633e-13 +
                                          t * (2.3885620776736794e-14 + t * 1.2827675300402104e-15)))))))))))
  );
}
