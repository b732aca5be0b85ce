import type { Rng } from './rng';

/** Points live in the square [-DOMAIN, DOMAIN]², like TensorFlow Playground's. */
export const DOMAIN = 6;

export type ClassificationDatasetName = 'circle' | 'xor' | 'gaussians' | 'spiral' | 'moons';
export type RegressionDatasetName = 'plane' | 'gaussian' | 'sin';
export type DatasetName = ClassificationDatasetName | RegressionDatasetName;
export type Task = 'classification' | 'regression';

export const classificationDatasets: readonly ClassificationDatasetName[] = [
  'circle',
  'xor',
  'gaussians',
  'spiral',
  'moons',
];
export const regressionDatasets: readonly RegressionDatasetName[] = ['plane', 'gaussian', 'sin'];
export const datasetNames: readonly DatasetName[] = [...classificationDatasets, ...regressionDatasets];

export const datasetLabels: { readonly [N in DatasetName]: string } = {
  circle: 'Circle',
  xor: 'XOR',
  gaussians: 'Two Gaussians',
  spiral: 'Spiral',
  moons: 'Moons',
  plane: 'Plane (regression)',
  gaussian: 'Gaussian bump (regression)',
  sin: 'Sine (regression)',
};

export function taskOf(name: DatasetName): Task {
  return (regressionDatasets as readonly string[]).includes(name) ? 'regression' : 'classification';
}

/** n points: coordinates row-major n×2 in `points`; `labels` are 0/1 (classification) or in [-1, 1] (regression). */
export interface Dataset {
  readonly name: DatasetName;
  readonly task: Task;
  readonly n: number;
  readonly points: Float32Array;
  readonly labels: Float32Array;
}

export interface DatasetOptions {
  /** Number of points (≥ 2). */
  n: number;
  /** Noise level in [0, 1]: 0 is clean, 0.5 is very noisy. */
  noise: number;
}

type Generator = (n: number, noise: number, rng: Rng, points: Float32Array, labels: Float32Array) => void;

const circle: Generator = (n, noise, rng, points, labels) => {
  const radius = 5;
  const half = n >> 1;
  for (let i = 0; i < n; i++) {
    const inside = i < half;
    const r = inside ? rng.uniform(0, radius * 0.5) : rng.uniform(radius * 0.7, radius);
    const angle = rng.uniform(0, 2 * Math.PI);
    const x = r * Math.cos(angle) + rng.uniform(-radius, radius) * noise;
    const y = r * Math.sin(angle) + rng.uniform(-radius, radius) * noise;
    points[2 * i] = x;
    points[2 * i + 1] = y;
    // The label is decided on the noisy point, so noise blurs the data, not the labels.
    labels[i] = Math.hypot(x, y) < radius * 0.5 ? 1 : 0;
  }
};

const xor: Generator = (n, noise, rng, points, labels) => {
  const padding = 0.3;
  for (let i = 0; i < n; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const label = x * y >= 0 ? 1 : 0;
    points[2 * i] = x + rng.uniform(-5, 5) * noise;
    points[2 * i + 1] = y + rng.uniform(-5, 5) * noise;
    labels[i] = label;
  }
};

const gaussians: Generator = (n, noise, rng, points, labels) => {
  const std = 0.5 + 3.5 * noise;
  for (let i = 0; i < n; i++) {
    const positive = i % 2 === 0;
    const c = positive ? 2 : -2;
    points[2 * i] = rng.normal(c, std);
    points[2 * i + 1] = rng.normal(c, std);
    labels[i] = positive ? 1 : 0;
  }
};

const spiral: Generator = (n, noise, rng, points, labels) => {
  const half = n >> 1;
  for (let i = 0; i < n; i++) {
    const positive = i < half;
    const k = positive ? i : i - half;
    const count = positive ? half : n - half;
    const r = (k / Math.max(1, count)) * 5;
    const t = ((1.75 * k) / Math.max(1, count)) * 2 * Math.PI + (positive ? 0 : Math.PI);
    points[2 * i] = r * Math.sin(t) + rng.uniform(-1, 1) * noise * 2;
    points[2 * i + 1] = r * Math.cos(t) + rng.uniform(-1, 1) * noise * 2;
    labels[i] = positive ? 1 : 0;
  }
};

const moons: Generator = (n, noise, rng, points, labels) => {
  // scikit-learn's make_moons, scaled by 3 and centred on the origin.
  const scale = 3;
  for (let i = 0; i < n; i++) {
    const upper = i % 2 === 0;
    const t = rng.uniform(0, Math.PI);
    const x = upper ? Math.cos(t) : 1 - Math.cos(t);
    const y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    points[2 * i] = (x - 0.5) * scale + rng.normal(0, noise * scale);
    points[2 * i + 1] = (y - 0.25) * scale + rng.normal(0, noise * scale);
    labels[i] = upper ? 1 : 0;
  }
};

/** Regression targets are clean functions of the point; noise perturbs the target. */
function regression(f: (x: number, y: number) => number): Generator {
  return (n, noise, rng, points, labels) => {
    for (let i = 0; i < n; i++) {
      const x = rng.uniform(-DOMAIN + 1, DOMAIN - 1);
      const y = rng.uniform(-DOMAIN + 1, DOMAIN - 1);
      points[2 * i] = x;
      points[2 * i + 1] = y;
      labels[i] = f(x, y) + rng.uniform(-1, 1) * noise;
    }
  };
}

export const regressionTargets: { readonly [N in RegressionDatasetName]: (x: number, y: number) => number } = {
  plane: (x, y) => (x + y) / 10,
  gaussian: (x, y) => {
    const bump = (cx: number, cy: number, sign: number) => sign * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 4);
    return bump(-2, 2, 1) + bump(2, -2, -1);
  },
  sin: (x) => Math.sin(x),
};

const generators: { readonly [N in DatasetName]: Generator } = {
  circle,
  xor,
  gaussians,
  spiral,
  moons,
  plane: regression(regressionTargets.plane),
  gaussian: regression(regressionTargets.gaussian),
  sin: regression(regressionTargets.sin),
};

export function generateDataset(name: DatasetName, options: DatasetOptions, rng: Rng): Dataset {
  const { n, noise } = options;
  if (!Number.isInteger(n) || n < 2) {
    throw new Error(`generateDataset('${name}'): n must be an integer ≥ 2, got ${n}; pass e.g. { n: 200 }`);
  }
  if (!(noise >= 0 && noise <= 1)) {
    throw new Error(`generateDataset('${name}'): noise must be in [0, 1], got ${noise}; pass e.g. { noise: 0.1 }`);
  }
  const generator = generators[name];
  if (generator === undefined) {
    throw new Error(`generateDataset: unknown dataset '${name}'; valid names are ${datasetNames.join(', ')}`);
  }
  const points = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  generator(n, noise, rng, points, labels);
  // Noise can push a point off the square the views draw; keep it on the edge instead.
  for (let i = 0; i < points.length; i++) points[i] = Math.min(DOMAIN, Math.max(-DOMAIN, points[i]));
  return { name, task: taskOf(name), n, points, labels };
}

export interface Split {
  readonly train: Dataset;
  readonly test: Dataset;
}

function subset(data: Dataset, indices: Int32Array): Dataset {
  const n = indices.length;
  const points = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i];
    points[2 * i] = data.points[2 * j];
    points[2 * i + 1] = data.points[2 * j + 1];
    labels[i] = data.labels[j];
  }
  return { name: data.name, task: data.task, n, points, labels };
}

/** A seeded shuffle, then the first round(trainFraction·n) points train and the rest test (each keeps ≥ 1). */
export function splitDataset(data: Dataset, trainFraction: number, rng: Rng): Split {
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new Error(`splitDataset: trainFraction must be in (0, 1), got ${trainFraction}; pass e.g. 0.5`);
  }
  const order = rng.permutation(data.n);
  const nTrain = Math.min(data.n - 1, Math.max(1, Math.round(trainFraction * data.n)));
  return { train: subset(data, order.subarray(0, nTrain)), test: subset(data, order.subarray(nTrain)) };
}
