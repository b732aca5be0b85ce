import { describe, expect, it } from 'vitest';
import {
  bootstrapInterval,
  mean,
  meanSd,
  median,
  pairedDifferences,
  quantile,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
  tInterval,
} from './stats';

describe("Student's t", () => {
  // Upper critical values of Student's t, NIST/SEMATECH e-Handbook of Statistical Methods, table 1.3.6.7.2
  // (three decimals as printed there).
  const table975: ReadonlyArray<[number, number]> = [
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [5, 2.571],
    [6, 2.447],
    [7, 2.365],
    [8, 2.306],
    [9, 2.262],
    [10, 2.228],
    [15, 2.131],
    [20, 2.086],
    [29, 2.045],
    [30, 2.042],
    [60, 2.0],
    [100, 1.984],
  ];
  it.each(table975)('t(0.975, df %i) = %f as in the printed table', (df, value) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(value, 3);
  });

  it('other tails of the same table, and symmetry', () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.314, 3);
    expect(studentTQuantile(0.95, 9)).toBeCloseTo(1.833, 3);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697, 3);
    expect(studentTQuantile(0.995, 1)).toBeCloseTo(63.657, 3);
    expect(studentTQuantile(0.995, 9)).toBeCloseTo(3.25, 3);
    expect(studentTQuantile(0.999, 10)).toBeCloseTo(4.144, 3);
    expect(studentTQuantile(0.025, 9)).toBe(-studentTQuantile(0.975, 9));
    expect(studentTQuantile(0.5, 4)).toBe(0);
    // A very large df approaches the normal's 1.959964.
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
  });

  it('the CDF has the closed forms of df 1 (Cauchy) and df 2', () => {
    for (const t of [-3, -0.5, 0, 0.7, 2, 10]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 14);
  });

  it("reproduces R's paired t-test on Student's sleep data", () => {
    // R: t.test(extra ~ group, data = sleep, paired = TRUE) prints t = -4.0621, df = 9, p-value = 0.002833,
    // 95 percent confidence interval -2.4598858 -0.7001142, mean difference -1.58.
    const group1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const group2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const ci = tInterval(pairedDifferences(group1, group2));
    expect(ci.estimate).toBeCloseTo(-1.58, 12);
    expect(ci.low).toBeCloseTo(-2.4598858, 6);
    expect(ci.high).toBeCloseTo(-0.7001142, 6);
    expect(ci.n).toBe(10);
    const { mean: m, sd } = meanSd(pairedDifferences(group1, group2));
    const t = m / (sd / Math.sqrt(10));
    expect(t).toBeCloseTo(-4.0621, 4);
    expect(2 * studentTCdf(t, 9)).toBeCloseTo(0.002833, 6);
  });

  it('rejects what it cannot compute, naming the fix', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be in \(0, 1\), got 1/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/degrees of freedom must be a finite number > 0, got 0/);
    expect(() => pairedDifferences([1, 2], [1])).toThrow(/one per seed/);
    expect(tInterval([3]).low).toBe(-Infinity);
  });
});

describe('descriptive statistics', () => {
  it('mean, sample sd, and type-7 quantiles (numpy.percentile values)', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
    expect(meanSd([7])).toEqual({ mean: 7, sd: 0 });
    // numpy.percentile([1, 2, 3, 4, 10], [10, 50, 90]) -> [1.4, 3.0, 7.6]
    expect(quantile([4, 1, 10, 3, 2], 0.1)).toBeCloseTo(1.4, 12);
    expect(median([4, 1, 10, 3, 2])).toBe(3);
    expect(quantile([4, 1, 10, 3, 2], 0.9)).toBeCloseTo(7.6, 12);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});

describe('the seeded bootstrap', () => {
  // The treatment group of Efron & Tibshirani's mouse data (An Introduction to the Bootstrap, table 2.1: mean 86.86,
  // standard error 25.24). The ideal bootstrap's standard error of the mean is sqrt(Σ(x − x̄)²)/n = 23.36.
  const mice = [94, 197, 16, 38, 99, 141, 23];

  it("matches the ideal bootstrap's standard error of the mean on the mouse data", () => {
    const ci = bootstrapInterval(mice, mean, { resamples: 20_000, seed: 7 });
    expect(ci.estimate).toBeCloseTo(86.857, 3);
    expect(meanSd(mice).sd / Math.sqrt(mice.length)).toBeCloseTo(25.24, 2);
    // Monte Carlo error of a standard error from 20,000 resamples is about 0.5%.
    expect(Math.abs(ci.standardError - 23.36) / 23.36).toBeLessThan(0.02);
  });

  it('agrees with the exact bootstrap distribution, enumerated over all 5⁵ resamples', () => {
    const sample = [1, 3, 4, 9, 15];
    const n = sample.length;
    const exact: number[] = [];
    for (let code = 0; code < n ** n; code++) {
      let sum = 0;
      for (let k = 0, c = code; k < n; k++, c = Math.floor(c / n)) sum += sample[c % n]!;
      exact.push(sum / n);
    }
    const ci = bootstrapInterval(sample, mean, { resamples: 40_000, seed: 3 });
    // The means are multiples of 0.2; 40,000 draws put each percentile within an atom or two of the exact one.
    expect(Math.abs(ci.low - quantile(exact, 0.025))).toBeLessThanOrEqual(0.41);
    expect(Math.abs(ci.high - quantile(exact, 0.975))).toBeLessThanOrEqual(0.41);
    expect(Math.abs(ci.standardError - meanSd(exact).sd * Math.sqrt((exact.length - 1) / exact.length))).toBeLessThan(
      0.05,
    );
  });

  it('the same seed gives the same interval; another seed another', () => {
    const a = bootstrapInterval(mice, median, { resamples: 500, seed: 11 });
    const b = bootstrapInterval(mice, median, { resamples: 500, seed: 11 });
    const c = bootstrapInterval(mice, mean, { resamples: 500, seed: 12 });
    const d = bootstrapInterval(mice, mean, { resamples: 500, seed: 11 });
    expect(a).toEqual(b);
    expect(c.low).not.toBe(d.low);
    expect(a.method).toBe('bootstrap');
  });
});
