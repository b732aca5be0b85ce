/**
 * The error function and its complement in float64, for the exact GELU.
 *
 * ECMAScript has no `Math.erf`, and the short approximations one finds (Abramowitz–Stegun 7.1.26,
 * 1.5e-7) are far from float64. These are piecewise polynomials of our own, derived and checked by
 * `packages/kernels/fixtures/math-coefficients.py` (Chebyshev interpolants in 40-digit arithmetic,
 * rounded once to float64): each region's Horner form is within 2.3e-16 relative of the true value,
 * so `erf`/`erfc` are accurate to a few ulp (the tests hold them to PyTorch's float64 `erf`/`erfc`).
 *
 * Regions, with z = |x|:
 * - z ≤ 1: erf(z) = z · P(z²).
 * - 1 < z < 28: erfc(z) = exp(−z²) · erfcx(z), erfcx a polynomial on [1, 2], [2, 3.5], [3.5, 6], and
 *   z · erfcx(z) a polynomial in 1/z² on [6, 28]. exp(−z²) is formed as exp(−s²) · exp((s − z)(s + z))
 *   with s = fround(z), whose square is exact, so the rounding of z² does not cost 2z² ulp.
 * - z ≥ 28: erfc(z) underflows to 0.
 */

// erf(z)/z, u = z*z, |z| <= 1; t = (u - 0.5) / 0.5; worst relative error of this float64 Horner form 2.22e-16
const ERF_SMALL: readonly number[] = [
  0.9654687386698673, -0.1405360890227171, 0.019852496688984218, -0.0022854855611440855, 0.00021751715603563488,
  -1.75371694412802e-5, 1.2233827638093572e-6, -7.51156925108609e-8, 4.115751500265885e-9, -2.035231956483527e-10,
  9.21125018742823e-12, -3.80659122412214e-13,
];
// erfc(z)*exp(z*z), u = z in [1, 2]; t = (u - 1.5) / 0.5; worst relative error of this float64 Horner form 2.17e-16
const ERFCX_1_2: readonly number[] = [
  0.3215854164543175, -0.08181145886628002, 0.01903775996386935, -0.004116363162445659, 0.0008360838095667121,
  -0.0001608111733699307, 2.947085745299996e-5, -5.171328672722121e-6, 8.72304473829848e-7, -1.4191186135917107e-7,
  2.2328417586062252e-8, -3.405938587821499e-9, 5.04654734183512e-10, -7.257032617086992e-11, 1.0201594788774491e-11,
  -1.512018061489917e-12, 2.0206514750441873e-13,
];
// erfc(z)*exp(z*z), u = z in [2, 3.5]; t = (u - 2.75) / 0.75; worst relative error of this float64 Horner form 2.22e-16
const ERFCX_2_35: readonly number[] = [
  0.1936620962790687, -0.047428228170476094, 0.011114208555369105, -0.0025035488002977907, 0.0005440864558925703,
  -0.00011442715393072321, 2.3347542131509886e-5, -4.631705425368645e-6, 8.950251073955012e-7, -1.6874281363675855e-7,
  3.108361702991619e-8, -5.602422802198463e-9, 9.887504078758795e-10, -1.7001807646468688e-10, 2.8878131329194236e-11,
  -5.421228567545658e-12, 8.851916068237646e-13,
];
// erfc(z)*exp(z*z), u = z in [3.5, 6]; t = (u - 4.75) / 1.25; worst relative error of this float64 Horner form 2.22e-16
const ERFCX_35_6: readonly number[] = [
  0.11630270721024731, -0.029379310747703943, 0.007283322451519282, -0.0017736306582609063, 0.0004246296485367147,
  -0.00010002374614205948, 2.3197611048019317e-5, -5.300367898784373e-6, 1.193833166581947e-6, -2.652091097325896e-7,
  5.8137222687597515e-8, -1.2581394720588665e-8, 2.6891792576672485e-9, -5.68417156906027e-10, 1.1864420691597732e-10,
  -2.4030969532872346e-11, 4.909394868246539e-12, -1.2196993078585577e-12, 2.428731220603442e-13,
];
// z*erfc(z)*exp(z*z), u = 1/(z*z), z in [6, 28]; t = (u - 0.014526643990929705) / 0.013251133786848071; worst relative error of this float64 Horner form 1.99e-16
const ERFCX_TAIL: readonly number[] = [
  0.5601778979027973, -0.0035834882903295444, 6.694855417445808e-5, -2.0314100318401883e-6, 8.417020768221089e-8,
  -4.377374615483005e-9, 2.718413234608353e-10, -1.9502564894187332e-11, 1.5797571123559303e-12,
  -1.4624511340280613e-13, 1.4462123517186144e-14,
];

function horner(c: readonly number[], t: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * t + c[i]!;
  return r;
}

/** exp(−z²) without the 2z²-ulp error that rounding z² first would cost. */
function expMinusSquare(z: number): number {
  const s = Math.fround(z);
  return Math.exp(-s * s) * Math.exp((s - z) * (s + z));
}

/** erfc(z) for z > 1 (z not NaN). */
function erfcAboveOne(z: number): number {
  if (z >= 28) return 0;
  let erfcx: number;
  if (z < 2) erfcx = horner(ERFCX_1_2, (z - 1.5) / 0.5);
  else if (z < 3.5) erfcx = horner(ERFCX_2_35, (z - 2.75) / 0.75);
  else if (z < 6) erfcx = horner(ERFCX_35_6, (z - 4.75) / 1.25);
  else erfcx = horner(ERFCX_TAIL, (1 / (z * z) - 0.014526643990929705) / 0.013251133786848071) / z;
  return expMinusSquare(z) * erfcx;
}

/** erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, float64, a few ulp. erf(±∞) = ±1, erf(NaN) = NaN. */
export function erf(x: number): number {
  const z = Math.abs(x);
  if (z <= 1) return x * horner(ERF_SMALL, (x * x - 0.5) / 0.5);
  if (z > 1) {
    const r = 1 - erfcAboveOne(z);
    return x < 0 ? -r : r;
  }
  return x; // NaN
}

/** erfc(x) = 1 − erf(x) without cancellation: accurate in the tail down to the underflow near x = 26.5. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  if (z <= 1) return 1 - x * horner(ERF_SMALL, (x * x - 0.5) / 0.5);
  if (z > 1) {
    const r = erfcAboveOne(z);
    return x < 0 ? 2 - r : r;
  }
  return x; // NaN
}
