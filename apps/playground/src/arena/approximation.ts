import { noGrad, tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { ActivationModule, Linear, Maxout, RBF, Sequential } from '@actlab/layers';
import type { UnitKind } from './models';

/**
 * Universal approximation: how well one hidden layer of `width` units can represent a fixed function on a grid,
 * measured on the midpoints between the grid's points (the function the network computes, not only its values at
 * the training points).
 */

export type TargetName = 'sin' | 'abs' | 'step' | 'bump';
export const targetNames: readonly TargetName[] = ['sin', 'abs', 'step', 'bump'];

export interface Target {
  readonly name: TargetName;
  readonly formula: string;
  readonly inputs: 1 | 2;
  f(x: number, y: number): number;
}

export const targets: Readonly<Record<TargetName, Target>> = {
  sin: { name: 'sin', formula: 'sin(2πx) on [−1, 1] (two periods)', inputs: 1, f: (x) => Math.sin(2 * Math.PI * x) },
  abs: { name: 'abs', formula: '|x| on [−1, 1] (a kink)', inputs: 1, f: (x) => Math.abs(x) },
  step: {
    name: 'step',
    formula: '1 for x > 0, else 0, on [−1, 1] (a jump)',
    inputs: 1,
    f: (x) => (x > 0 ? 1 : 0),
  },
  bump: {
    name: 'bump',
    formula: 'exp(−4(x² + y²)) on [−1, 1]² (a 2-D bump)',
    inputs: 2,
    f: (x, y) => Math.exp(-4 * (x * x + y * y)),
  },
};

/** Widths 1, 2, 4, … up to `max`. */
export function powersOfTwo(max: number): number[] {
  const widths: number[] = [];
  for (let w = 1; w <= max; w *= 2) widths.push(w);
  return widths;
}

export interface ApproximationConfig {
  /** The widest layer; widths are 1, 2, 4, … up to it. */
  readonly maxWidth: number;
  /** Training grid points per axis (the evaluation grid is the midpoints: one fewer per axis). */
  readonly points1d: number;
  readonly points2d: number;
  /** Hidden units' slopes are drawn log-uniformly from [1, maxSlope]. */
  readonly maxSlope: number;
  /** RBF γ for inputs in [−1, 1]. */
  readonly rbfGamma: number;
}

export interface ApproximationResult {
  readonly target: TargetName;
  readonly entry: UnitKind;
  readonly width: number;
  readonly seed: number;
  /** Mean squared error on the midpoint grid, divided by the target's variance there (1 = no better than a constant). */
  readonly error: number;
  /** The same on the training grid. */
  readonly trainError: number;
}

/** The points of a grid over [−1, 1]^inputs with `perAxis` points per axis (`midpoints`: the cell centres instead). */
function grid(inputs: 1 | 2, perAxis: number, midpoints: boolean): Float32Array {
  const axis = Array.from({ length: midpoints ? perAxis - 1 : perAxis }, (_, i) =>
    midpoints ? -1 + (2 * (i + 0.5)) / (perAxis - 1) : -1 + (2 * i) / (perAxis - 1),
  );
  if (inputs === 1) return Float32Array.from(axis);
  const out = new Float32Array(axis.length * axis.length * 2);
  let k = 0;
  for (const y of axis) {
    for (const x of axis) {
      out[k++] = x;
      out[k++] = y;
    }
  }
  return out;
}

function valuesOf(target: Target, x: Float32Array): Float32Array {
  const n = x.length / target.inputs;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = target.inputs === 1 ? target.f(x[i]!, 0) : target.f(x[2 * i]!, x[2 * i + 1]!);
  }
  return y;
}

/**
 * A random hidden layer of `width` units over [−1, 1]^inputs, built from @actlab/layers modules in float64: unit j
 * computes f(s_j (u_j·x − t_j)) with a random direction u_j, an offset t_j ~ U(−1, 1) (its transition lies inside
 * the domain) and a slope s_j log-uniform in [1, maxSlope]; a Maxout unit takes the max of 2 such pieces; an RBF
 * unit has its centre uniform in the domain. Units are drawn in order, so the first w units of a wide layer are the
 * layer of width w.
 */
function randomHiddenLayer(entry: UnitKind, inputs: number, width: number, seed: number, config: ApproximationConfig) {
  const random = new Random(seed);
  if (entry === 'rbf') {
    const layer = new RBF(inputs, width, { gamma: config.rbfGamma, dtype: 'float64' });
    random.fillUniform(layer.centers.data, -1, 1);
    return layer;
  }
  const pieces = entry === 'maxout' ? 2 : 1;
  const linear = new Linear(inputs, width * pieces, { dtype: 'float64' });
  const w = linear.weight.data;
  const b = linear.bias!.data;
  for (let row = 0; row < width * pieces; row++) {
    const slope = Math.exp(random.uniform(0, Math.log(config.maxSlope)));
    const offset = random.uniform(-1, 1);
    if (inputs === 1) {
      w[row] = random.uniform() < 0.5 ? -slope : slope;
    } else {
      const angle = random.uniform(0, 2 * Math.PI);
      w[row * 2] = slope * Math.cos(angle);
      w[row * 2 + 1] = slope * Math.sin(angle);
    }
    b[row] = -slope * offset;
  }
  if (entry === 'maxout') {
    const layer = new Maxout(inputs, width, 2, { dtype: 'float64' });
    layer.lin.weight.data.set(w);
    layer.lin.bias!.data.set(b);
    return layer;
  }
  return new Sequential(linear, new ActivationModule(entry));
}

/** Solves the symmetric positive definite system A·x = b (n×n, row-major) in place by Cholesky; returns x. */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= a[j * n + k]! ** 2;
    if (!(d > 0)) throw new Error(`choleskySolve: the matrix is not positive definite (pivot ${j} is ${d})`);
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/** Normalised mean squared error of `features`·β (with a constant column first) against y. */
function normalisedError(
  features: Float64Array,
  columns: number,
  used: number,
  beta: Float64Array,
  y: Float32Array,
): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let squared = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    let p = beta[0]!;
    for (let j = 0; j < used; j++) p += beta[j + 1]! * features[i * columns + j]!;
    squared += (p - y[i]!) ** 2;
    variance += (y[i]! - mean) ** 2;
  }
  return squared / variance;
}

/**
 * Fits `target` with one hidden layer of each width 1, 2, 4, … maxWidth: the hidden layer random (see
 * `randomHiddenLayer`), the output layer (weights and bias) the least-squares solution on the training grid, the
 * best any training of that layer could reach. What is left is what `width` such units can represent; the error is
 * measured on the midpoints. A ridge of 1e-10 times the mean diagonal keeps the normal equations positive definite.
 */
export function fitTarget(
  targetName: TargetName,
  entry: UnitKind,
  seed: number,
  config: ApproximationConfig,
): ApproximationResult[] {
  const target = targets[targetName];
  const perAxis = target.inputs === 1 ? config.points1d : config.points2d;
  const xTrain = grid(target.inputs, perAxis, false);
  const xEval = grid(target.inputs, perAxis, true);
  const yTrain = valuesOf(target, xTrain);
  const yEval = valuesOf(target, xEval);
  const width = config.maxWidth;
  const layer = randomHiddenLayer(entry, target.inputs, width, seed * 104_729 + targetName.length, config);
  const features = (x: Float32Array) =>
    Float64Array.from(
      noGrad(() => layer.forward(tensor(Float64Array.from(x), { shape: [x.length / target.inputs, target.inputs] })))
        .data,
    );
  const hTrain = features(xTrain);
  const hEval = features(xEval);
  // Normal equations of [1 H], built once for the widest layer; a narrower layer is a leading block of them.
  const m = width + 1;
  const gram = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  const row = new Float64Array(m);
  for (let i = 0; i < yTrain.length; i++) {
    row[0] = 1;
    for (let j = 0; j < width; j++) row[j + 1] = hTrain[i * width + j]!;
    for (let p = 0; p < m; p++) {
      const rp = row[p]!;
      rhs[p] += rp * yTrain[i]!;
      for (let q = 0; q <= p; q++) gram[p * m + q] += rp * row[q]!;
    }
  }
  return powersOfTwo(width).map((w) => {
    const k = w + 1;
    const a = new Float64Array(k * k);
    let trace = 0;
    for (let p = 0; p < k; p++) trace += gram[p * m + p]!;
    const ridge = (1e-10 * trace) / k;
    for (let p = 0; p < k; p++) {
      for (let q = 0; q <= p; q++) {
        a[p * k + q] = gram[p * m + q]!;
        a[q * k + p] = gram[p * m + q]!;
      }
      a[p * k + p] += ridge;
    }
    const beta = choleskySolve(a, rhs.subarray(0, k), k);
    return {
      target: targetName,
      entry,
      width: w,
      seed,
      error: normalisedError(hEval, width, w, beta, yEval),
      trainError: normalisedError(hTrain, width, w, beta, yTrain),
    };
  });
}
