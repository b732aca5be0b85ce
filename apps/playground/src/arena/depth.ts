import { buildMlp, gradientNorms, type InitName, type UnitKind } from './models';
import {
  type ClassificationData,
  computeGradients,
  createOptimizer,
  curveEpochs,
  evaluate,
  type OptimizerChoice,
  outputsFor,
  scratchFor,
  shuffleFor,
  trainEpoch,
} from './train-loop';

/**
 * Depth: `depth` hidden layers of equal width, each activation with PyTorch's default initialisation and with the
 * initialisation recommended for it; per-layer gradient norms before and after training, and the final accuracy.
 */

export type DepthDataset = 'digits' | 'spiral';
export const depthEntries: readonly UnitKind[] = ['sigmoid', 'tanh', 'relu', 'selu', 'gelu'];
export const depthInits: readonly InitName[] = ['default', 'scheme'];

export interface DepthConfig {
  readonly width: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerChoice;
  /** Training points the gradient norms are measured on. */
  readonly gradientRows: number;
}

export interface DepthResult {
  readonly dataset: DepthDataset;
  readonly entry: UnitKind;
  readonly init: InitName;
  readonly depth: number;
  readonly seed: number;
  readonly testAccuracy: number;
  readonly trainLoss: number;
  /** ‖∂L/∂W‖ for every weight matrix, input layer first, output layer last: at initialisation and after training. */
  readonly initialGradientNorms: number[];
  readonly finalGradientNorms: number[];
  /** Test accuracy at `curveEpochs(epochs)` (epoch 0: before training). */
  readonly accuracyCurve: number[];
}

export function trainDepth(
  dataset: DepthDataset,
  data: ClassificationData,
  entry: UnitKind,
  init: InitName,
  depth: number,
  seed: number,
  config: DepthConfig,
): DepthResult {
  const { train, test, classes } = data;
  const { network, weights } = buildMlp(
    { inputs: train.inputs, outputs: outputsFor(classes), hidden: Array(depth).fill(config.width), kind: entry, init },
    seed * 7919 + 17,
  );
  const optimizer = createOptimizer(network, config.optimizer);
  computeGradients(network, train, classes, config.gradientRows);
  const initialGradientNorms = gradientNorms(weights);
  const shuffle = shuffleFor(seed);
  const scratch = scratchFor(train, config.batchSize);
  const kept = new Set(curveEpochs(config.epochs));
  const accuracyCurve = [evaluate(network, test, classes).accuracy];
  let testAccuracy = accuracyCurve[0]!;
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    trainEpoch(network, optimizer, train, classes, config.batchSize, shuffle, scratch);
    if (kept.has(epoch)) {
      testAccuracy = evaluate(network, test, classes).accuracy;
      accuracyCurve.push(testAccuracy);
    }
  }
  const trainLoss = evaluate(network, train, classes).loss;
  computeGradients(network, train, classes, config.gradientRows);
  return {
    dataset,
    entry,
    init,
    depth,
    seed,
    testAccuracy,
    trainLoss,
    initialGradientNorms,
    finalGradientNorms: gradientNorms(weights),
    accuracyCurve,
  };
}
