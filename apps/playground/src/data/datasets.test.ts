import { describe, expect, it } from 'vitest';
import {
  classificationDatasets,
  DOMAIN,
  datasetNames,
  generateDataset,
  regressionDatasets,
  regressionTargets,
  splitDataset,
  taskOf,
} from './datasets';
import { computeFeatures, featureNames, gridPoints } from './features';
import { createRng } from './rng';

describe('datasets', () => {
  it.each(datasetNames)('%s: n points inside the domain, finite labels of the right kind', (name) => {
    const data = generateDataset(name, { n: 301, noise: 0 }, createRng(7));
    expect(data.n).toBe(301);
    expect(data.points.length).toBe(602);
    expect(data.task).toBe(taskOf(name));
    for (const v of data.points) expect(Math.abs(v)).toBeLessThanOrEqual(DOMAIN);
    for (const label of data.labels) {
      expect(Number.isFinite(label)).toBe(true);
      if (data.task === 'classification') expect([0, 1]).toContain(label);
      else expect(Math.abs(label)).toBeLessThanOrEqual(1);
    }
  });

  it.each(classificationDatasets)('%s: both classes present in roughly equal numbers', (name) => {
    const data = generateDataset(name, { n: 400, noise: 0 }, createRng(3));
    const ones = data.labels.reduce((a, b) => a + b, 0);
    expect(ones).toBeGreaterThan(120);
    expect(ones).toBeLessThan(280);
  });

  it('same seed gives identical data; another seed gives other data', () => {
    for (const name of datasetNames) {
      const a = generateDataset(name, { n: 50, noise: 0.2 }, createRng(11));
      const b = generateDataset(name, { n: 50, noise: 0.2 }, createRng(11));
      const c = generateDataset(name, { n: 50, noise: 0.2 }, createRng(12));
      expect(Array.from(a.points)).toEqual(Array.from(b.points));
      expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
      expect(Array.from(a.points)).not.toEqual(Array.from(c.points));
    }
  });

  it('clean labels follow their rule: xor by quadrant, circle by radius 2.5', () => {
    const x = generateDataset('xor', { n: 200, noise: 0 }, createRng(1));
    for (let i = 0; i < x.n; i++) expect(x.labels[i]).toBe(x.points[2 * i] * x.points[2 * i + 1] >= 0 ? 1 : 0);
    const c = generateDataset('circle', { n: 200, noise: 0 }, createRng(1));
    for (let i = 0; i < c.n; i++) {
      const r = Math.hypot(c.points[2 * i], c.points[2 * i + 1]);
      expect(c.labels[i]).toBe(r < 2.5 ? 1 : 0);
    }
  });

  it('regression targets without noise are the target function at the point', () => {
    for (const name of regressionDatasets) {
      const d = generateDataset(name, { n: 100, noise: 0 }, createRng(5));
      for (let i = 0; i < d.n; i++) {
        expect(d.labels[i]).toBeCloseTo(regressionTargets[name](d.points[2 * i], d.points[2 * i + 1]), 6);
      }
    }
    // Hand-checked values: sin(π/2) = 1; the plane at (5, 5) is 1; the bump peaks at (-2, 2).
    expect(regressionTargets.sin(Math.PI / 2, 0)).toBeCloseTo(1, 12);
    expect(regressionTargets.plane(5, 5)).toBe(1);
    expect(regressionTargets.gaussian(-2, 2)).toBeCloseTo(1, 3);
  });

  it('noise moves points: a noisy xor has points the clean rule mislabels', () => {
    const d = generateDataset('xor', { n: 400, noise: 0.5 }, createRng(2));
    let wrong = 0;
    for (let i = 0; i < d.n; i++) if ((d.points[2 * i] * d.points[2 * i + 1] >= 0 ? 1 : 0) !== d.labels[i]) wrong++;
    expect(wrong).toBeGreaterThan(20);
  });

  it('rejects bad options with messages that name the value and the fix', () => {
    expect(() => generateDataset('xor', { n: 1, noise: 0 }, createRng(1))).toThrow(/n must be an integer ≥ 2, got 1/);
    expect(() => generateDataset('xor', { n: 10, noise: 2 }, createRng(1))).toThrow(/noise must be in \[0, 1\], got 2/);
  });
});

describe('train/test split', () => {
  it('partitions the points: sizes add up and every point lands in exactly one part', () => {
    const data = generateDataset('moons', { n: 101, noise: 0.1 }, createRng(9));
    const { train, test } = splitDataset(data, 0.7, createRng(4));
    expect(train.n).toBe(71);
    expect(test.n).toBe(30);
    const key = (p: Float32Array, i: number) => `${p[2 * i]},${p[2 * i + 1]}`;
    const all = new Set(Array.from({ length: data.n }, (_, i) => key(data.points, i)));
    const seen = new Set<string>();
    for (const part of [train, test]) for (let i = 0; i < part.n; i++) seen.add(key(part.points, i));
    expect(seen).toEqual(all);
  });

  it('is seeded and keeps at least one point on each side', () => {
    const data = generateDataset('circle', { n: 10, noise: 0 }, createRng(1));
    const a = splitDataset(data, 0.5, createRng(3));
    const b = splitDataset(data, 0.5, createRng(3));
    expect(Array.from(a.train.points)).toEqual(Array.from(b.train.points));
    const tiny = splitDataset(generateDataset('circle', { n: 2, noise: 0 }, createRng(1)), 0.9, createRng(1));
    expect([tiny.train.n, tiny.test.n]).toEqual([1, 1]);
    expect(() => splitDataset(data, 1, createRng(1))).toThrow(/trainFraction must be in \(0, 1\), got 1/);
  });
});

describe('features', () => {
  it('computes each feature at a hand-checked point', () => {
    const points = new Float32Array([3, -6]);
    const out = computeFeatures(points, 1, featureNames);
    const expected = [1, -2, 0.5, 2, -1, Math.sin(3), Math.sin(-6)];
    for (const [i, v] of expected.entries()) expect(out[i]).toBeCloseTo(v, 6);
  });

  it('lays out n×d row-major in the chosen order', () => {
    const out = computeFeatures(new Float32Array([3, 0, 0, 3]), 2, ['x2', 'x1']);
    expect(Array.from(out)).toEqual([0, 1, 1, 0]);
    expect(() => computeFeatures(new Float32Array(2), 1, [])).toThrow(/no features chosen/);
  });

  it('grid covers the square with row 0 at the top', () => {
    const g = gridPoints(2, 6);
    expect(Array.from(g)).toEqual([-3, 3, 3, 3, -3, -3, 3, -3]);
  });
});
