import { fileURLToPath } from 'node:url';
import { type DatasetName, generateDataset, splitDataset } from '../data/datasets';
import { computeFeatures } from '../data/features';
import { createRng } from '../data/rng';
import type { CompareEntry } from '../state/url-state';
import type { HiddenLayerSpec, OutputSpec, TrainOptions } from '../train/network-spec';
import { DIGIT_CLASSES, type LabelledData, loadDigits, stratifiedSplit } from './digits';

export type ArenaEntry = CompareEntry;

/** The guide's activations, then the modern ones, then the linear baseline. */
export const arenaEntries: readonly ArenaEntry[] = [
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'softplus',
  'swish',
  'maxout',
  'rbf',
  'gelu',
  'elu',
  'mish',
  'identity',
];

export type SetupName = 'xor' | 'circle' | 'spiral' | 'moons' | 'sin' | 'digits';

export interface Threshold {
  readonly metric: 'accuracy' | 'loss';
  readonly value: number;
}

export interface ArenaSetup {
  readonly name: SetupName;
  readonly description: string;
  readonly output: OutputSpec;
  readonly hiddenUnits: readonly number[];
  readonly maxoutPool: number;
  readonly rbfGamma: number;
  readonly options: TrainOptions;
  readonly epochs: number;
  readonly quickEpochs: number;
  readonly threshold: Threshold;
  load(seed: number): { train: LabelledData; test: LabelledData };
}

export const digitsPath = fileURLToPath(new URL('../../data/digits.csv.gz', import.meta.url));

function toy(name: DatasetName, n: number, noise: number) {
  return (seed: number) => {
    const data = generateDataset(name, { n, noise }, createRng(seed));
    const split = splitDataset(data, 0.5, createRng(seed + 1));
    const part = (d: typeof split.train): LabelledData => ({
      n: d.n,
      inputs: 2,
      x: computeFeatures(d.points, d.n, ['x1', 'x2']),
      y: d.labels,
    });
    return { train: part(split.train), test: part(split.test) };
  };
}

let digitsCache: LabelledData | null = null;

const toyOptions: TrainOptions = { optimizer: 'adam', learningRate: 0.01, batchSize: 16, l1: 0, l2: 0 };

export const setups: readonly ArenaSetup[] = [
  {
    name: 'xor',
    description: 'XOR, 400 points (half test), noise 10%, 2-8-8-1, Adam lr 0.01, batch 16',
    output: { task: 'classification' },
    hiddenUnits: [8, 8],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: 150,
    quickEpochs: 50,
    threshold: { metric: 'accuracy', value: 0.95 },
    load: toy('xor', 400, 0.1),
  },
  {
    name: 'circle',
    description: 'Circle, 400 points (half test), noise 10%, 2-8-8-1, Adam lr 0.01, batch 16',
    output: { task: 'classification' },
    hiddenUnits: [8, 8],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: 150,
    quickEpochs: 50,
    threshold: { metric: 'accuracy', value: 0.95 },
    load: toy('circle', 400, 0.1),
  },
  {
    name: 'spiral',
    description: 'Spiral, 400 points (half test), noise 0, 2-16-16-1, Adam lr 0.01, batch 16',
    output: { task: 'classification' },
    hiddenUnits: [16, 16],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: 300,
    quickEpochs: 80,
    threshold: { metric: 'accuracy', value: 0.9 },
    load: toy('spiral', 400, 0),
  },
  {
    name: 'moons',
    description: 'Moons, 400 points (half test), noise 10%, 2-8-8-1, Adam lr 0.01, batch 16',
    output: { task: 'classification' },
    hiddenUnits: [8, 8],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: 150,
    quickEpochs: 50,
    threshold: { metric: 'accuracy', value: 0.95 },
    load: toy('moons', 400, 0.1),
  },
  {
    name: 'sin',
    description: 'Regression y = sin x₁, 400 points (half test), noise 0, 2-16-16-1, MSE, Adam lr 0.01, batch 16',
    output: { task: 'regression' },
    hiddenUnits: [16, 16],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: 150,
    quickEpochs: 50,
    threshold: { metric: 'loss', value: 0.01 },
    load: toy('sin', 400, 0),
  },
  {
    name: 'digits',
    description: 'UCI digits (1,797 8×8 images), features/16, stratified 75/25, 64-64-10, Adam lr 1e-3, batch 64',
    output: { task: 'multiclass', classes: DIGIT_CLASSES },
    hiddenUnits: [64],
    maxoutPool: 2,
    rbfGamma: 0.1,
    options: { optimizer: 'adam', learningRate: 1e-3, batchSize: 64, l1: 0, l2: 0 },
    epochs: 100,
    quickEpochs: 10,
    threshold: { metric: 'accuracy', value: 0.95 },
    load(seed) {
      digitsCache ??= loadDigits(digitsPath);
      return stratifiedSplit(digitsCache, 0.75, createRng(seed));
    },
  },
];

export function hiddenLayersFor(setup: ArenaSetup, entry: ArenaEntry): HiddenLayerSpec[] {
  return setup.hiddenUnits.map((units): HiddenLayerSpec => {
    if (entry === 'maxout') return { kind: 'maxout', units, poolSize: setup.maxoutPool };
    if (entry === 'rbf') return { kind: 'rbf', units, gamma: setup.rbfGamma };
    return { kind: 'activation', units, activation: entry };
  });
}
