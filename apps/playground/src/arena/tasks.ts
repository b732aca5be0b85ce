import { createLayersModel } from '../train/layers-model';
import { type ApproximationResult, fitTarget, type TargetName } from './approximation';
import { type DepthDataset, type DepthResult, trainDepth } from './depth';
import { type GeluResult, trainGelu } from './gelu';
import type { InitName, UnitKind } from './models';
import type { ArenaPlan } from './plan';
import { type RunResult, trainOne } from './run';
import { type ArenaEntry, type SetupName, setupNamed } from './setups';
import type { ClassificationData } from './train-loop';

/**
 * One unit of work: a single training run (or, for approximation, one random layer fitted at every width). A task is
 * plain data, and its result depends on nothing but the task and the plan, so tasks can run in any order, in any
 * process, and give the same numbers.
 */
export type Task =
  | { readonly kind: 'setup'; readonly setup: SetupName; readonly entry: ArenaEntry; readonly seed: number }
  | { readonly kind: 'approximation'; readonly target: TargetName; readonly entry: UnitKind; readonly seed: number }
  | {
      readonly kind: 'depth';
      readonly dataset: DepthDataset;
      readonly entry: UnitKind;
      readonly init: InitName;
      readonly depth: number;
      readonly seed: number;
    }
  | { readonly kind: 'gelu'; readonly entry: UnitKind; readonly dropout: number; readonly seed: number };

export type TaskResult =
  | { readonly kind: 'setup'; readonly result: RunResult }
  | { readonly kind: 'approximation'; readonly results: ApproximationResult[] }
  | { readonly kind: 'depth'; readonly result: DepthResult }
  | { readonly kind: 'gelu'; readonly result: GeluResult };

/** Every task of the plan, in a fixed order (the order of the results in the JSON). */
export function tasksOf(plan: ArenaPlan): Task[] {
  const tasks: Task[] = [];
  const has = (name: ArenaPlan['experiments'][number]) => plan.experiments.includes(name);
  if (has('setups')) {
    for (const setup of plan.setups.names)
      for (const entry of plan.setups.entries)
        for (const seed of plan.seeds) tasks.push({ kind: 'setup', setup, entry, seed });
  }
  if (has('approximation')) {
    for (const target of plan.approximation.targets)
      for (const entry of plan.approximation.entries)
        for (const seed of plan.seeds) tasks.push({ kind: 'approximation', target, entry, seed });
  }
  if (has('depth')) {
    for (const dataset of plan.depth.datasets)
      for (const entry of plan.depth.entries)
        for (const init of plan.depth.inits)
          for (const depth of plan.depth.depths)
            for (const seed of plan.seeds) tasks.push({ kind: 'depth', dataset, entry, init, depth, seed });
  }
  if (has('gelu')) {
    for (const dropout of plan.gelu.dropouts)
      for (const entry of plan.gelu.entries)
        for (const seed of plan.seeds) tasks.push({ kind: 'gelu', entry, dropout, seed });
  }
  return tasks;
}

/**
 * A rough cost of a task in milliseconds of one core on the js backend (measured on the 2-core development machine),
 * for the ETA and for starting the long tasks first; it never changes a result.
 */
export function taskCost(plan: ArenaPlan, task: Task): number {
  switch (task.kind) {
    case 'setup': {
      const epochs = plan.setups.epochs[task.setup] ?? 0;
      const perEpoch = task.setup === 'digits' ? 30 : 2;
      const unit = task.entry === 'rbf' ? (task.setup === 'digits' ? 9 : 3) : task.entry === 'maxout' ? 1.7 : 1;
      return epochs * perEpoch * unit;
    }
    case 'approximation':
      return 100 * (plan.approximation.maxWidth / 256) ** 2 + 20;
    case 'depth': {
      const config = plan.depth[task.dataset];
      const perLayerEpoch = task.dataset === 'digits' ? 12 : 1.1;
      return config.epochs * (task.depth + 1) * perLayerEpoch * (task.entry === 'gelu' ? 1.6 : 1);
    }
    case 'gelu':
      return plan.gelu.epochs * 750 * (task.entry === 'gelu' ? 1.25 : 1);
  }
}

function classificationData(dataset: SetupName, seed: number): ClassificationData {
  const { train, test } = setupNamed(dataset).load(seed);
  return { train, test, classes: dataset === 'digits' ? 10 : 2 };
}

export function runTask(plan: ArenaPlan, task: Task): TaskResult {
  switch (task.kind) {
    case 'setup': {
      const epochs = plan.setups.epochs[task.setup];
      if (epochs === undefined) throw new Error(`runTask: the plan has no epochs for setup '${task.setup}'`);
      return {
        kind: 'setup',
        result: trainOne(setupNamed(task.setup), task.entry, task.seed, epochs, createLayersModel),
      };
    }
    case 'approximation':
      return { kind: 'approximation', results: fitTarget(task.target, task.entry, task.seed, plan.approximation) };
    case 'depth': {
      const data = classificationData(task.dataset, task.seed);
      const config = plan.depth[task.dataset];
      return {
        kind: 'depth',
        result: trainDepth(task.dataset, data, task.entry, task.init, task.depth, task.seed, config),
      };
    }
    case 'gelu':
      return {
        kind: 'gelu',
        result: trainGelu(classificationData('digits', task.seed), task.entry, task.dropout, task.seed, plan.gelu),
      };
  }
}

export function describeTask(task: Task): string {
  switch (task.kind) {
    case 'setup':
      return `${task.setup} × ${task.entry}, seed ${task.seed}`;
    case 'approximation':
      return `approximation ${task.target} × ${task.entry}, seed ${task.seed}`;
    case 'depth':
      return `depth ${task.dataset} ${task.depth} × ${task.entry} (${task.init}), seed ${task.seed}`;
    case 'gelu':
      return `gelu-setup ${task.entry}${task.dropout > 0 ? ' + dropout' : ''}, seed ${task.seed}`;
  }
}
