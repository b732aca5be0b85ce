import { type Dataset, DOMAIN, generateDataset, splitDataset, type Task } from '../data/datasets';
import { computeFeatures, gridPoints } from '../data/features';
import { createRng } from '../data/rng';
import type { CompareEntry, PlaygroundState } from '../state/url-state';
import { History, type SeriesSnapshot } from './history';
import type { LayerWeights, TrainableModel } from './model';
import { type HiddenLayerSpec, layerOfKind, type NetworkSpec, outputFor, type TrainOptions } from './network-spec';
import { type LayerStats, networkStats } from './stats';

export type ModelFactory = (network: NetworkSpec, options: TrainOptions, seed: number) => TrainableModel;

/** RBF γ and Maxout pool size used when compare mode turns every hidden layer into that kind. */
export const COMPARE_RBF_GAMMA = 0.5;
export const COMPARE_MAXOUT_POOL = 2;
export const compareLayerSettings = { poolSize: COMPARE_MAXOUT_POOL, gamma: COMPARE_RBF_GAMMA } as const;

/**
 * A loss this many times its value before training (or before 0.1, if that was smaller) counts as exploding:
 * no useful step makes the loss a hundred times worse than an untrained network's.
 */
export const EXPLODING_FACTOR = 100;

/** Points per curve sent to the page: a chart is a few hundred pixels wide. */
export const CURVE_POINTS = 400;

export interface PreparedData {
  readonly task: Task;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly features: number;
  readonly trainX: Float32Array;
  readonly testX: Float32Array;
}

/** Data seeds and model seeds are derived from the one seed in the URL, so one seed fixes the whole run. */
export function prepareData(state: PlaygroundState): PreparedData {
  const data = generateDataset(state.dataset, { n: state.points, noise: state.noise / 100 }, createRng(state.seed));
  const { train, test } = splitDataset(data, state.trainPercent / 100, createRng(state.seed + 1));
  return {
    task: data.task,
    train,
    test,
    features: state.features.length,
    trainX: computeFeatures(train.points, train.n, state.features),
    testX: computeFeatures(test.points, test.n, state.features),
  };
}

export function layersFor(layers: readonly HiddenLayerSpec[], entry: CompareEntry | null): HiddenLayerSpec[] {
  if (entry === null) return [...layers];
  return layers.map((layer) => layerOfKind(entry, layer.units, compareLayerSettings));
}

export function trainOptionsOf(state: PlaygroundState): TrainOptions {
  return {
    optimizer: state.optimizer,
    learningRate: state.learningRate,
    batchSize: state.batchSize,
    l1: state.l1,
    l2: state.l2,
  };
}

export interface LayerSummary {
  readonly label: string;
  readonly units: number;
  readonly dead: number;
  readonly saturated: number;
  readonly meanActivation: number;
  /** Per unit: 2 dead, 1 saturated, 0 neither. */
  readonly unitStatus: Uint8Array;
}

/** What the page draws for one run; plain data so it crosses postMessage. */
export interface RunSnapshot {
  readonly label: string;
  readonly epoch: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** Series 0 training loss, 1 test loss, then ‖∂loss/∂W‖ of each hidden layer and of the output layer. */
  readonly curves: SeriesSnapshot;
  /** Per hidden layer, the dead share (series 2l) and saturated share (2l + 1) of its units, at each snapshot. */
  readonly unitShares: SeriesSnapshot;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly layers: HiddenLayerSpec[];
  /** res×res predictions over the square, row 0 at the top. */
  readonly output: Float32Array;
  /** Per hidden layer, per unit, a unitRes×unitRes grid of the unit's output (single mode only). */
  readonly units: Float32Array[][] | null;
  /** Per hidden layer then the output layer, its links (single mode only). */
  readonly weights: LayerWeights[] | null;
  readonly stats: LayerSummary[];
}

/** One unit looked at closely: its output over the plane, and where the training points put it on its curve. */
export interface UnitInspection {
  readonly layer: number;
  readonly unit: number;
  readonly spec: HiddenLayerSpec;
  /** res×res grid of the unit's output. */
  readonly grid: Float32Array;
  /** Per training point, what the unit's curve is a function of (see LayerTrace.z). */
  readonly z: Float32Array;
  /** Per training point, the unit's gain (|f′(z)|, RBF: φ, Maxout: 1). */
  readonly gain: Float32Array;
}

function summarize(layers: readonly HiddenLayerSpec[], stats: readonly LayerStats[]): LayerSummary[] {
  return stats.map((s, i) => {
    const layer = layers[i];
    const label = layer.kind === 'activation' ? layer.activation : layer.kind;
    const unitStatus = new Uint8Array(s.units);
    for (let u = 0; u < s.units; u++) unitStatus[u] = s.activeFraction[u] === 0 ? 2 : s.saturatedShare[u] > 0.5 ? 1 : 0;
    return {
      label,
      units: s.units,
      dead: s.dead,
      saturated: s.saturated,
      meanActivation: s.meanActivation,
      unitStatus,
    };
  });
}

/** One epoch tried but not yet kept: a divergence throws it away and brings the weights back. */
interface Trial {
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly gradientNorms: Float64Array;
}

/** Why an epoch's result is not kept, in words for the page; null when it is fine. */
export interface Divergence {
  readonly run: string;
  /** The epoch that diverged (the page shows the one before). */
  readonly epoch: number;
  readonly loss: number;
  readonly reason: string;
}

/** One model trained on prepared data, with its histories. */
export class TrainingRun {
  readonly model: TrainableModel;
  readonly network: NetworkSpec;
  epoch = 0;
  trainLoss = Number.NaN;
  testLoss = Number.NaN;
  trainAccuracy = Number.NaN;
  testAccuracy = Number.NaN;
  readonly initialLoss: number;
  readonly curves: History;
  readonly unitShares: History;
  private saved: Float32Array[];

  constructor(
    readonly label: string,
    readonly data: PreparedData,
    layers: HiddenLayerSpec[],
    options: TrainOptions,
    seed: number,
    createModel: ModelFactory,
    init: NetworkSpec['init'] = 'pytorch',
  ) {
    this.network = { inputs: data.features, hidden: layers, output: outputFor(data.task), init };
    this.model = createModel(this.network, options, seed);
    this.curves = new History(2 + layers.length + 1);
    this.unitShares = new History(2 * layers.length);
    this.saved = this.model.saveParameters();
    const first = this.evaluate();
    this.initialLoss = first.trainLoss;
    this.commit(first);
  }

  private evaluate(): Trial {
    const { data } = this;
    const train = this.model.evaluate(data.trainX, data.train.labels, data.train.n);
    const test = this.model.evaluate(data.testX, data.test.labels, data.test.n);
    return {
      trainLoss: train.loss,
      testLoss: test.loss,
      trainAccuracy: train.accuracy,
      testAccuracy: test.accuracy,
      gradientNorms: this.model.gradientNorms(),
    };
  }

  private commit(trial: Trial): void {
    this.trainLoss = trial.trainLoss;
    this.testLoss = trial.testLoss;
    this.trainAccuracy = trial.trainAccuracy;
    this.testAccuracy = trial.testAccuracy;
    this.curves.push(this.epoch, [trial.trainLoss, trial.testLoss, ...trial.gradientNorms]);
  }

  /** Trains one epoch without keeping it yet; the weights before it are saved for `rollback`. */
  tryEpoch(): Trial {
    this.saved = this.model.saveParameters(this.saved);
    this.model.trainEpoch(this.data.trainX, this.data.train.labels, this.data.train.n);
    return this.evaluate();
  }

  /** Why `trial` must not be kept, or null. */
  divergenceOf(trial: Trial): Divergence | null {
    const epoch = this.epoch + 1;
    const bound = EXPLODING_FACTOR * Math.max(this.initialLoss, 0.1);
    const bad = [trial.trainLoss, trial.testLoss].find((l) => !Number.isFinite(l));
    if (bad !== undefined) {
      return { run: this.label, epoch, loss: bad, reason: `the loss became ${Number.isNaN(bad) ? 'NaN' : '∞'}` };
    }
    if (trial.trainLoss > bound) {
      const times = trial.trainLoss / Math.max(this.initialLoss, 1e-12);
      return {
        run: this.label,
        epoch,
        loss: trial.trainLoss,
        reason:
          `the training loss jumped to ${trial.trainLoss.toPrecision(3)}, ${Math.round(times)} times its ` +
          `value before training (${this.initialLoss.toPrecision(3)})`,
      };
    }
    return null;
  }

  keep(trial: Trial): void {
    this.epoch++;
    this.commit(trial);
  }

  /** Brings back the weights before the last `tryEpoch`, and a fresh optimiser (its state saw the bad step). */
  rollback(): void {
    this.model.restoreParameters(this.saved);
    this.model.resetOptimizer();
  }

  /** One epoch, kept whatever happened (tests and scripts; the controller checks for divergence). */
  step(): void {
    this.keep(this.tryEpoch());
  }

  /** Records the dead and saturated share of each layer's units now (at every snapshot). */
  recordUnitShares(stats: readonly LayerStats[]): void {
    if (this.unitShares.lastEpoch() === this.epoch) return;
    const shares: number[] = [];
    for (const s of stats) shares.push(s.dead / s.units, s.saturated / s.units);
    this.unitShares.push(this.epoch, shares);
  }
}

export interface ViewGrids {
  readonly res: number;
  readonly x: Float32Array;
  readonly unitRes: number;
  readonly unitX: Float32Array;
}

export function viewGrids(features: PlaygroundState['features'], res: number, unitRes: number): ViewGrids {
  return {
    res,
    x: computeFeatures(gridPoints(res, DOMAIN), res * res, features),
    unitRes,
    unitX: computeFeatures(gridPoints(unitRes, DOMAIN), unitRes * unitRes, features),
  };
}

/** Column `unit` of a row-major n×units matrix. */
function column(m: Float32Array, n: number, units: number, unit: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = m[i * units + unit];
  return out;
}

export function snapshotOf(run: TrainingRun, grids: ViewGrids, detail: boolean): RunSnapshot {
  const { model, data } = run;
  const output = model.predict(grids.x, grids.res * grids.res);
  let units: Float32Array[][] | null = null;
  if (detail) {
    const n = grids.unitRes * grids.unitRes;
    units = model
      .trace(grids.unitX, n)
      .map((t) => Array.from({ length: t.units }, (_, u) => column(t.h, n, t.units, u)));
  }
  const stats = networkStats(model.trace(data.trainX, data.train.n), data.train.n);
  run.recordUnitShares(stats.layers);
  return {
    label: run.label,
    epoch: run.epoch,
    trainLoss: run.trainLoss,
    testLoss: run.testLoss,
    curves: run.curves.select(CURVE_POINTS),
    unitShares: run.unitShares.select(CURVE_POINTS),
    trainAccuracy: run.trainAccuracy,
    testAccuracy: run.testAccuracy,
    layers: [...run.network.hidden],
    output,
    units,
    weights: detail ? model.weights() : null,
    stats: summarize(run.network.hidden, stats.layers),
  };
}

/** A closer look at hidden unit `unit` of layer `layer`, or null if the network has no such unit. */
export function inspectUnit(run: TrainingRun, grids: ViewGrids, layer: number, unit: number): UnitInspection | null {
  const spec = run.network.hidden[layer];
  if (spec === undefined || !Number.isInteger(unit) || unit < 0 || unit >= spec.units) return null;
  const n = grids.res * grids.res;
  const onGrid = run.model.trace(grids.x, n)[layer];
  const onData = run.model.trace(run.data.trainX, run.data.train.n)[layer];
  const points = run.data.train.n;
  return {
    layer,
    unit,
    spec,
    grid: column(onGrid.h, n, spec.units, unit),
    z: column(onData.z, points, spec.units, unit),
    gain: column(onData.gain, points, spec.units, unit),
  };
}

/** The runs the page shows: one in single mode, one per compared activation in compare mode, same data and seed. */
export function createRuns(state: PlaygroundState, data: PreparedData, createModel: ModelFactory): TrainingRun[] {
  const options = trainOptionsOf(state);
  const modelSeed = state.seed + 2;
  if (state.mode === 'single') {
    return [
      new TrainingRun('network', data, layersFor(state.layers, null), options, modelSeed, createModel, state.init),
    ];
  }
  return state.compare.map(
    (entry) =>
      new TrainingRun(entry, data, layersFor(state.layers, entry), options, modelSeed, createModel, state.init),
  );
}
