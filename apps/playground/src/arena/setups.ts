import { fileURLToPath } from 'node:url';
import { type DatasetName, generateDataset, splitDataset } from '../data/datasets';
import { computeFeatures } from '../data/features';
import { createRng } from '../data/rng';
import { type HiddenLayerSpec, layerOfKind, type OutputSpec, type TrainOptions } from '../train/network-spec';
import { DIGIT_CLASSES, type LabelledData, loadDigits, stratifiedSplit } from './digits';
import type { UnitKind } from './models';

export type ArenaEntry = UnitKind;

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

/**
 * A two-dimensional toy setup: 400 points, half of them held out, two hidden layers of `width`, Adam lr 0.01,
 * batch 16. Only what differs between the toy setups is passed; the description is derived from it.
 */
function toySetup(
  name: Exclude<SetupName, 'digits'>,
  label: string,
  o: { noise: number; width: number; epochs: number; quickEpochs: number; threshold: Threshold },
): ArenaSetup {
  const regression = name === 'sin';
  const noise = o.noise === 0 ? '0' : `${Math.round(o.noise * 100)}%`;
  return {
    name,
    description:
      `${label}, 400 points (half test), noise ${noise}, 2-${o.width}-${o.width}-1, ` +
      `${regression ? 'MSE, ' : ''}Adam lr 0.01, batch 16`,
    output: { task: regression ? 'regression' : 'classification' },
    hiddenUnits: [o.width, o.width],
    maxoutPool: 2,
    rbfGamma: 0.5,
    options: toyOptions,
    epochs: o.epochs,
    quickEpochs: o.quickEpochs,
    threshold: o.threshold,
    load: toy(name, 400, o.noise),
  };
}

const accuracyAbove = (value: number): Threshold => ({ metric: 'accuracy', value });

export const setups: readonly ArenaSetup[] = [
  toySetup('xor', 'XOR', { noise: 0.1, width: 8, epochs: 100, quickEpochs: 30, threshold: accuracyAbove(0.95) }),
  toySetup('circle', 'Circle', { noise: 0.1, width: 8, epochs: 100, quickEpochs: 30, threshold: accuracyAbove(0.95) }),
  toySetup('spiral', 'Spiral', { noise: 0, width: 16, epochs: 200, quickEpochs: 60, threshold: accuracyAbove(0.9) }),
  toySetup('moons', 'Moons', { noise: 0.1, width: 8, epochs: 100, quickEpochs: 30, threshold: accuracyAbove(0.95) }),
  toySetup('sin', 'Regression y = sin x₁', {
    noise: 0,
    width: 16,
    epochs: 100,
    quickEpochs: 30,
    threshold: { metric: 'loss', value: 0.01 },
  }),
  {
    name: 'digits',
    description: 'UCI digits (1,797 8×8 images), features/16, stratified 75/25, 64-64-10, Adam lr 3e-3, batch 64',
    output: { task: 'multiclass', classes: DIGIT_CLASSES },
    hiddenUnits: [64],
    maxoutPool: 2,
    rbfGamma: 0.1,
    options: { optimizer: 'adam', learningRate: 3e-3, batchSize: 64, l1: 0, l2: 0 },
    epochs: 30,
    quickEpochs: 8,
    threshold: { metric: 'accuracy', value: 0.95 },
    load(seed) {
      digitsCache ??= loadDigits(digitsPath);
      return stratifiedSplit(digitsCache, 0.75, createRng(seed));
    },
  },
];

export const setupNames: readonly SetupName[] = setups.map((s) => s.name);

export function setupNamed(name: SetupName): ArenaSetup {
  const setup = setups.find((s) => s.name === name);
  if (setup === undefined) throw new Error(`arena: no setup '${name}'; valid: ${setupNames.join(', ')}`);
  return setup;
}

export function hiddenLayersFor(setup: ArenaSetup, entry: ArenaEntry): HiddenLayerSpec[] {
  return setup.hiddenUnits.map((units) =>
    layerOfKind(entry, units, { poolSize: setup.maxoutPool, gamma: setup.rbfGamma }),
  );
}
