import type { ModelFactory } from '../train/session';
import { networkStats } from '../train/stats';
import { type ArenaEntry, type ArenaSetup, hiddenLayersFor, type SetupName } from './setups';
import { type MeanSd, meanSd } from './stats';
import { curveEpochs } from './train-loop';

/** One training run of a guide setup: final numbers after the last epoch, and its learning curves. */
export interface RunResult {
  readonly setup: SetupName;
  readonly entry: ArenaEntry;
  readonly seed: number;
  readonly epochs: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  /** NaN for regression. */
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** First epoch (1-based) at which the test metric met the setup's threshold; null if it never did. */
  readonly epochsToThreshold: number | null;
  /**
   * The mean of the test metric over epochs 1 … E (accuracy for classification, MSE for regression): the area under
   * the learning curve divided by its length, high (low for MSE) when a network gets good early and stays good.
   */
  readonly meanTestMetric: number;
  readonly deadFraction: number;
  readonly saturatedFraction: number;
  /** The same two at initialisation, before any training. */
  readonly initialDeadFraction: number;
  readonly initialSaturatedFraction: number;
  /** Epochs at which the curves below were read (`curveEpochs`; 0 is before training). */
  readonly curveEpochs: number[];
  readonly testLossCurve: number[];
  /** Empty for regression. */
  readonly testAccuracyCurve: number[];
}

export function trainOne(
  setup: ArenaSetup,
  entry: ArenaEntry,
  seed: number,
  epochs: number,
  createModel: ModelFactory,
): RunResult {
  const { train, test } = setup.load(seed);
  const network = { inputs: train.inputs, hidden: hiddenLayersFor(setup, entry), output: setup.output };
  const classification = setup.output.task !== 'regression';
  // The model's seed differs from the data's, so changing one never silently changes the other.
  const model = createModel(network, setup.options, seed * 7919 + 17);
  const initial = networkStats(model.trace(train.x, train.n), train.n);
  const kept = curveEpochs(epochs);
  let next = 1;
  let testEval = model.evaluate(test.x, test.y, test.n);
  const testLossCurve = [testEval.loss];
  const testAccuracyCurve = classification ? [testEval.accuracy] : [];
  let epochsToThreshold: number | null = null;
  let metricSum = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.trainEpoch(train.x, train.y, train.n);
    testEval = model.evaluate(test.x, test.y, test.n);
    metricSum += classification ? testEval.accuracy : testEval.loss;
    if (epoch === kept[next]) {
      testLossCurve.push(testEval.loss);
      if (classification) testAccuracyCurve.push(testEval.accuracy);
      next++;
    }
    const met =
      setup.threshold.metric === 'accuracy'
        ? testEval.accuracy >= setup.threshold.value
        : testEval.loss <= setup.threshold.value;
    if (met && epochsToThreshold === null) epochsToThreshold = epoch;
  }
  const trainEval = model.evaluate(train.x, train.y, train.n);
  const stats = networkStats(model.trace(train.x, train.n), train.n);
  return {
    setup: setup.name,
    entry,
    seed,
    epochs,
    trainLoss: trainEval.loss,
    testLoss: testEval.loss,
    trainAccuracy: trainEval.accuracy,
    testAccuracy: testEval.accuracy,
    epochsToThreshold,
    meanTestMetric: metricSum / epochs,
    deadFraction: stats.deadFraction,
    saturatedFraction: stats.saturatedFraction,
    initialDeadFraction: initial.deadFraction,
    initialSaturatedFraction: initial.saturatedFraction,
    curveEpochs: kept,
    testLossCurve,
    testAccuracyCurve,
  };
}

export interface Summary {
  readonly setup: SetupName;
  readonly entry: ArenaEntry;
  readonly seeds: number;
  readonly trainLoss: MeanSd;
  readonly testLoss: MeanSd;
  readonly trainAccuracy: MeanSd;
  readonly testAccuracy: MeanSd;
  /** Mean over the seeds that reached the threshold, and how many did. */
  readonly epochsToThreshold: MeanSd;
  readonly reached: number;
  readonly meanTestMetric: MeanSd;
  readonly deadFraction: MeanSd;
  readonly saturatedFraction: MeanSd;
  readonly initialSaturatedFraction: MeanSd;
}

export function summarize(results: readonly RunResult[]): Summary[] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.setup}\u0000${r.entry}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  return [...groups.values()].map((runs) => {
    const pick = (f: (r: RunResult) => number) => meanSd(runs.map(f));
    const reachedEpochs = runs.flatMap((r) => (r.epochsToThreshold === null ? [] : [r.epochsToThreshold]));
    return {
      setup: runs[0]!.setup,
      entry: runs[0]!.entry,
      seeds: runs.length,
      trainLoss: pick((r) => r.trainLoss),
      testLoss: pick((r) => r.testLoss),
      trainAccuracy: pick((r) => r.trainAccuracy),
      testAccuracy: pick((r) => r.testAccuracy),
      epochsToThreshold: meanSd(reachedEpochs),
      reached: reachedEpochs.length,
      meanTestMetric: pick((r) => r.meanTestMetric),
      deadFraction: pick((r) => r.deadFraction),
      saturatedFraction: pick((r) => r.saturatedFraction),
      initialSaturatedFraction: pick((r) => r.initialSaturatedFraction),
    };
  });
}
