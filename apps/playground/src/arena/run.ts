import type { ModelFactory } from '../train/session';
import { networkStats } from '../train/stats';
import { type ArenaEntry, type ArenaSetup, hiddenLayersFor, type SetupName } from './setups';

export interface ArenaConfig {
  readonly setups: readonly ArenaSetup[];
  readonly entries: readonly ArenaEntry[];
  readonly seeds: readonly number[];
  readonly quick: boolean;
}

/** One training run: final numbers after the last epoch. */
export interface RunResult {
  readonly setup: SetupName;
  readonly entry: ArenaEntry;
  readonly seed: number;
  readonly epochs: number;
  readonly trainLoss: number;
  readonly testLoss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  /** First epoch (1-based) at which the test metric met the setup's threshold; null if it never did. */
  readonly epochsToThreshold: number | null;
  readonly deadFraction: number;
  readonly saturatedFraction: number;
  /** The same two at initialisation, before any training. */
  readonly initialDeadFraction: number;
  readonly initialSaturatedFraction: number;
  /** Test loss after each epoch, index 0 before training. */
  readonly testLossCurve: number[];
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly setup: SetupName;
  readonly entry: ArenaEntry;
  readonly seed: number;
}

export function epochsOf(setup: ArenaSetup, quick: boolean): number {
  return quick ? setup.quickEpochs : setup.epochs;
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
  // The model's seed differs from the data's, so changing one never silently changes the other.
  const model = createModel(network, setup.options, seed * 7919 + 17);
  const initial = networkStats(model.trace(train.x, train.n), train.n);
  let epochsToThreshold: number | null = null;
  const testLossCurve = [model.evaluate(test.x, test.y, test.n).loss];
  let testEval = { loss: testLossCurve[0], accuracy: Number.NaN };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    model.trainEpoch(train.x, train.y, train.n);
    testEval = model.evaluate(test.x, test.y, test.n);
    testLossCurve.push(testEval.loss);
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
    deadFraction: stats.deadFraction,
    saturatedFraction: stats.saturatedFraction,
    initialDeadFraction: initial.deadFraction,
    initialSaturatedFraction: initial.saturatedFraction,
    testLossCurve,
  };
}

/** Trains every setup × entry × seed in a fixed order; the same config gives the same numbers. */
export function runArena(
  config: ArenaConfig,
  createModel: ModelFactory,
  onProgress?: (p: Progress) => void,
): RunResult[] {
  const total = config.setups.length * config.entries.length * config.seeds.length;
  const results: RunResult[] = [];
  for (const setup of config.setups) {
    const epochs = epochsOf(setup, config.quick);
    for (const entry of config.entries) {
      for (const seed of config.seeds) {
        onProgress?.({ done: results.length, total, setup: setup.name, entry, seed });
        results.push(trainOne(setup, entry, seed, epochs, createModel));
      }
    }
  }
  onProgress?.({
    done: total,
    total,
    setup: config.setups.at(-1)?.name ?? 'xor',
    entry: config.entries.at(-1) ?? 'relu',
    seed: 0,
  });
  return results;
}

export interface MeanSd {
  readonly mean: number;
  readonly sd: number;
}

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, sd: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, sd: Math.sqrt(variance) };
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
      setup: runs[0].setup,
      entry: runs[0].entry,
      seeds: runs.length,
      trainLoss: pick((r) => r.trainLoss),
      testLoss: pick((r) => r.testLoss),
      trainAccuracy: pick((r) => r.trainAccuracy),
      testAccuracy: pick((r) => r.testAccuracy),
      epochsToThreshold: meanSd(reachedEpochs),
      reached: reachedEpochs.length,
      deadFraction: pick((r) => r.deadFraction),
      saturatedFraction: pick((r) => r.saturatedFraction),
      initialSaturatedFraction: pick((r) => r.initialSaturatedFraction),
    };
  });
}
