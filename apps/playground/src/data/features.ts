/** Input features computed from a point (x1, x2), each scaled to about unit size. */
export type FeatureName = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1TimesX2' | 'sinX1' | 'sinX2';

export const featureNames: readonly FeatureName[] = [
  'x1',
  'x2',
  'x1Squared',
  'x2Squared',
  'x1TimesX2',
  'sinX1',
  'sinX2',
];

export const featureLabels: { readonly [F in FeatureName]: string } = {
  x1: 'x₁',
  x2: 'x₂',
  x1Squared: 'x₁²',
  x2Squared: 'x₂²',
  x1TimesX2: 'x₁·x₂',
  sinX1: 'sin x₁',
  sinX2: 'sin x₂',
};

// Points span [-6, 6]; dividing keeps every feature within about [-2, 2], so one learning rate suits all.
const featureFunctions: { readonly [F in FeatureName]: (x: number, y: number) => number } = {
  x1: (x) => x / 3,
  x2: (_, y) => y / 3,
  x1Squared: (x) => (x * x) / 18,
  x2Squared: (_, y) => (y * y) / 18,
  x1TimesX2: (x, y) => (x * y) / 18,
  sinX1: (x) => Math.sin(x),
  sinX2: (_, y) => Math.sin(y),
};

export function featureValue(name: FeatureName, x: number, y: number): number {
  return featureFunctions[name](x, y);
}

/** Row-major n×features.length matrix of the chosen features for n points stored as n×2. */
export function computeFeatures(
  points: Float32Array,
  n: number,
  features: readonly FeatureName[],
  out = new Float32Array(n * features.length),
): Float32Array {
  const d = features.length;
  if (d === 0) throw new Error('computeFeatures: no features chosen; choose at least one, e.g. x1');
  if (out.length < n * d) {
    throw new Error(`computeFeatures: out has ${out.length} elements, needs n·features = ${n}·${d} = ${n * d}`);
  }
  const fns = features.map((f) => featureFunctions[f]);
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    for (let j = 0; j < d; j++) out[i * d + j] = fns[j](x, y);
  }
  return out;
}

/** The points of a res×res grid over [-extent, extent]², row 0 at the top (largest x2), as n×2. */
export function gridPoints(res: number, extent: number): Float32Array {
  const out = new Float32Array(res * res * 2);
  for (let row = 0; row < res; row++) {
    const y = extent - ((row + 0.5) / res) * 2 * extent;
    for (let col = 0; col < res; col++) {
      const x = -extent + ((col + 0.5) / res) * 2 * extent;
      const k = row * res + col;
      out[2 * k] = x;
      out[2 * k + 1] = y;
    }
  }
  return out;
}
