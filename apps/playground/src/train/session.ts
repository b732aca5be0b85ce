import { type Dataset, DOMAIN, generateDataset, splitDataset, type Task } from '../data/datasets';
import { computeFeatures, gridPoints } from '../data/features';
import { createRng } from '../data/rng';
import type { CompareEntry, PlaygroundState } from '../state/url-state';
import type { TrainableModel } from './model';
import { type HiddenLayerSpec, layerOfKind, type NetworkSpec, outputFor, type TrainOptions } from './network-spec';
import { type LayerStats, networkStats } from './stats';

export type ModelFactory = (network: NetworkSpec, options: TrainOptions, seed: number) => TrainableModel;

/** RBF γ and Maxout pool size used when compare mode turns every hidden layer into that kind. */
export const COMPARE_RBF_GAMMA = 0.5;
export const COMPARE_MAXOUT_POOL = 2;
export const compareLayerSettings = { poolSize: COMPARE_MAXOUT_POOL, gamma: COMPARE_RBF_GAMMA } as const;

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
}

/** What the page draws for one run; plain data so it crosses postMessage. */
export interface RunSnapshot {
  readonly label: string;
  readonly epoch: number;
  /** Loss history, thinned to at most MAX_CURVE_POINTS (the last epoch always kept); `lossEpochs` says which epochs. */
  readonly trainLoss: number[];
  readonly testLoss: number[];
  readonly lossEpochs: number[];
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly layers: HiddenLayerSpec[];
  /** res×res predictions over the square, row 0 at the top. */
  readonly output: Float32Array;
  /** Per hidden layer, per unit, a unitRes×unitRes grid of the unit's output (single mode only). */
  readonly units: Float32Array[][] | null;
  readonly stats: LayerSummary[];
}

function summarize(layers: readonly HiddenLayerSpec[], stats: readonly LayerStats[]): LayerSummary[] {
  return stats.map((s, i) => {
    const layer = layers[i];
    const label = layer.kind === 'activation' ? layer.activation : layer.kind;
    return { label, units: s.units, dead: s.dead, saturated: s.saturated, meanActivation: s.meanActivation };
  });
}

/** One model trained on prepared data, with its loss history. */
export class TrainingRun {
  readonly model: TrainableModel;
  readonly network: NetworkSpec;
  epoch = 0;
  readonly trainLoss: number[] = [];
  readonly testLoss: number[] = [];
  trainAccuracy = Number.NaN;
  testAccuracy = Number.NaN;

  constructor(
    readonly label: string,
    readonly data: PreparedData,
    layers: HiddenLayerSpec[],
    options: TrainOptions,
    seed: number,
    createModel: ModelFactory,
  ) {
    this.network = { inputs: data.features, hidden: layers, output: outputFor(data.task) };
    this.model = createModel(this.network, options, seed);
    this.evaluate();
  }

  private evaluate(): void {
    const { data } = this;
    const train = this.model.evaluate(data.trainX, data.train.labels, data.train.n);
    const test = this.model.evaluate(data.testX, data.test.labels, data.test.n);
    this.trainLoss.push(train.loss);
    this.testLoss.push(test.loss);
    this.trainAccuracy = train.accuracy;
    this.testAccuracy = test.accuracy;
  }

  step(): void {
    this.model.trainEpoch(this.data.trainX, this.data.train.labels, this.data.train.n);
    this.epoch++;
    this.evaluate();
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

/** Long runs would otherwise send ever longer curves 16 times a second; a chart cannot show more anyway. */
export const MAX_CURVE_POINTS = 600;

/** Evenly spaced epoch indices 0…n−1, at most `max` of them, always including the last. */
export function curveEpochs(n: number, max = MAX_CURVE_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max - 1; k++) out.push(Math.floor((k * (n - 1)) / (max - 1)));
  out.push(n - 1);
  return out;
}

export function snapshotOf(run: TrainingRun, grids: ViewGrids, withUnits: boolean): RunSnapshot {
  const { model, data } = run;
  const output = model.predict(grids.x, grids.res * grids.res);
  let units: Float32Array[][] | null = null;
  if (withUnits) {
    const n = grids.unitRes * grids.unitRes;
    units = model.trace(grids.unitX, n).map((t) => {
      const perUnit: Float32Array[] = [];
      for (let u = 0; u < t.units; u++) {
        const grid = new Float32Array(n);
        for (let i = 0; i < n; i++) grid[i] = t.h[i * t.units + u];
        perUnit.push(grid);
      }
      return perUnit;
    });
  }
  const stats = networkStats(model.trace(data.trainX, data.train.n), data.train.n);
  const lossEpochs = curveEpochs(run.testLoss.length);
  return {
    label: run.label,
    epoch: run.epoch,
    trainLoss: lossEpochs.map((e) => run.trainLoss[e]),
    testLoss: lossEpochs.map((e) => run.testLoss[e]),
    lossEpochs,
    trainAccuracy: run.trainAccuracy,
    testAccuracy: run.testAccuracy,
    layers: [...run.network.hidden],
    output,
    units,
    stats: summarize(run.network.hidden, stats.layers),
  };
}

/** The runs the page shows: one in single mode, one per compared activation in compare mode, same data and seed. */
export function createRuns(state: PlaygroundState, data: PreparedData, createModel: ModelFactory): TrainingRun[] {
  const options = trainOptionsOf(state);
  const modelSeed = state.seed + 2;
  if (state.mode === 'single') {
    return [new TrainingRun('network', data, layersFor(state.layers, null), options, modelSeed, createModel)];
  }
  return state.compare.map(
    (entry) => new TrainingRun(entry, data, layersFor(state.layers, entry), options, modelSeed, createModel),
  );
}
