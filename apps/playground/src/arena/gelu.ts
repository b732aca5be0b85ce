import { buildMlp, type InitName, type UnitKind } from './models';
import {
  type ClassificationData,
  createOptimizer,
  evaluate,
  type OptimizerChoice,
  outputsFor,
  scratchFor,
  shuffleFor,
  trainEpoch,
} from './train-loop';

/**
 * The GELU paper's fully connected experiment (Hendrycks & Gimpel 2016, section 3.1: MNIST, 8 hidden layers of 128
 * units, with and without dropout 0.5, GELU against ReLU and ELU, median training-loss curves over runs), at the
 * scale of the digits data.
 */

export const geluEntries: readonly UnitKind[] = ['gelu', 'relu', 'elu'];
export const geluDropouts: readonly number[] = [0, 0.5];

export interface GeluConfig {
  readonly depth: number;
  readonly width: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerChoice;
  readonly init: InitName;
}

export interface GeluResult {
  readonly entry: UnitKind;
  readonly dropout: number;
  readonly seed: number;
  /** Mean mini-batch training loss of each epoch (dropout on where it is used), epochs 1 … E. */
  readonly trainLossCurve: number[];
  /** After the last epoch, in eval mode (dropout off). */
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly testAccuracy: number;
}

export function trainGelu(
  data: ClassificationData,
  entry: UnitKind,
  dropout: number,
  seed: number,
  config: GeluConfig,
): GeluResult {
  const { train, test, classes } = data;
  const { network } = buildMlp(
    {
      inputs: train.inputs,
      outputs: outputsFor(classes),
      hidden: Array(config.depth).fill(config.width),
      kind: entry,
      dropout,
      init: config.init,
    },
    seed * 7919 + 17,
  );
  const optimizer = createOptimizer(network, config.optimizer);
  const shuffle = shuffleFor(seed);
  const scratch = scratchFor(train, config.batchSize);
  const trainLossCurve: number[] = [];
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    trainLossCurve.push(trainEpoch(network, optimizer, train, classes, config.batchSize, shuffle, scratch));
  }
  const onTrain = evaluate(network, train, classes);
  const onTest = evaluate(network, test, classes);
  return {
    entry,
    dropout,
    seed,
    trainLossCurve,
    trainLoss: onTrain.loss,
    testLoss: onTest.loss,
    testAccuracy: onTest.accuracy,
  };
}
