import { Random } from '@actlab/kernels';

/**
 * The arena's statistics: mean and sample standard deviation, Student's t quantiles and confidence intervals,
 * medians and quantiles, and a seeded percentile bootstrap. Every verdict the arena prints is computed here.
 */

export interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

/** Mean and sample standard deviation (n − 1; 0 for a single value; NaN for none). */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n === 1) return { mean, sd: 0 };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / (n - 1)) };
}

/** The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics (R's type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** ln Γ(x) for x > 0, Lanczos' approximation (g = 7, 9 terms; relative error below 1e-15). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let step = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + step * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + step / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    step = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + step * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + step / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges fast for x below (a + 1)/(a + b + 2); use the symmetry above it.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function checkDf(op: string, df: number): void {
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new Error(`${op}: degrees of freedom must be a finite number > 0, got ${df}; pass the sample size minus 1`);
  }
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf('studentTCdf', df);
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1), by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  checkDf('studentTQuantile', df);
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  // 200 halvings reach the spacing of doubles long before they run out.
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface Interval {
  /** The point estimate: a mean (t) or the statistic on the original sample (bootstrap). */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
  readonly level: number;
  readonly method: 'student-t' | 'bootstrap';
}

/**
 * A two-sided Student-t confidence interval for the mean: mean ± t_{(1+level)/2, n−1} · sd/√n. With one value the
 * interval is unbounded (nothing is known about the spread).
 */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  const n = values.length;
  const { mean, sd } = meanSd(values);
  if (n < 2) return { estimate: mean, low: -Infinity, high: Infinity, n, level, method: 'student-t' };
  const half = (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
  return { estimate: mean, low: mean - half, high: mean + half, n, level, method: 'student-t' };
}

/** The paired differences a[i] − b[i] (the same seed on both sides). */
export function pairedDifferences(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) {
    throw new Error(
      `pairedDifferences: ${a.length} values against ${b.length}; a paired comparison needs one per seed`,
    );
  }
  return a.map((v, i) => v - b[i]!);
}

export interface BootstrapOptions {
  /** Number of resamples (default 10,000). */
  readonly resamples?: number;
  /** Seed of the resampling stream (default 1): the same seed gives the same interval. */
  readonly seed?: number;
  readonly level?: number;
}

/**
 * A percentile bootstrap interval for `statistic`: draw `resamples` samples of the same size with replacement (from
 * a seeded kernels `Random`), and take the (1 − level)/2 and (1 + level)/2 quantiles of the statistic over them.
 * Also returns the bootstrap standard error (sd of the resampled statistic).
 */
export function bootstrapInterval(
  values: readonly number[],
  statistic: (sample: readonly number[]) => number,
  options: BootstrapOptions = {},
): Interval & { readonly standardError: number } {
  const { resamples = 10_000, seed = 1, level = 0.95 } = options;
  const n = values.length;
  const estimate = statistic(values);
  if (n < 2) {
    return { estimate, low: -Infinity, high: Infinity, n, level, method: 'bootstrap', standardError: Number.NaN };
  }
  const random = new Random(seed);
  const sample = new Array<number>(n);
  const stats = new Array<number>(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[random.integer(0, n)]!;
    stats[b] = statistic(sample);
  }
  return {
    estimate,
    low: quantile(stats, (1 - level) / 2),
    high: quantile(stats, (1 + level) / 2),
    n,
    level,
    method: 'bootstrap',
    standardError: meanSd(stats).sd,
  };
}

/** The mean of a sample (for `bootstrapInterval`). */
export function mean(values: readonly number[]): number {
  return meanSd(values).mean;
}
