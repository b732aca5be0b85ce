import { type ApproximationConfig, type TargetName, targetNames } from './approximation';
import { type DepthConfig, type DepthDataset, depthEntries, depthInits } from './depth';
import { type GeluConfig, geluDropouts, geluEntries } from './gelu';
import type { InitName, UnitKind } from './models';
import { type ArenaEntry, arenaEntries, type SetupName, setupNames, setups } from './setups';

/**
 * What one arena run trains: every size of every experiment, in one place. The plan is written into the JSON, so a
 * run describes itself, and `--from` re-renders exactly what was run.
 */

export type ExperimentName = 'setups' | 'approximation' | 'depth' | 'gelu';
export const experimentNames: readonly ExperimentName[] = ['setups', 'approximation', 'depth', 'gelu'];

/** Seeds per verdict below which a verdict is only "indicative" (as is every verdict of --quick). */
export const MIN_SEEDS_FOR_VERDICT = 10;
export const DEFAULT_SEEDS = 10;
export const QUICK_SEEDS = 3;

export interface ArenaPlan {
  readonly quick: boolean;
  readonly seeds: readonly number[];
  readonly experiments: readonly ExperimentName[];
  readonly setups: {
    readonly names: readonly SetupName[];
    readonly entries: readonly ArenaEntry[];
    readonly epochs: Readonly<Partial<Record<SetupName, number>>>;
  };
  readonly approximation: ApproximationConfig & {
    readonly targets: readonly TargetName[];
    readonly entries: readonly UnitKind[];
  };
  readonly depth: {
    readonly datasets: readonly DepthDataset[];
    readonly depths: readonly number[];
    readonly entries: readonly UnitKind[];
    readonly inits: readonly InitName[];
    readonly digits: DepthConfig;
    readonly spiral: DepthConfig;
  };
  readonly gelu: GeluConfig & { readonly entries: readonly UnitKind[]; readonly dropouts: readonly number[] };
}

export interface PlanChoices {
  readonly quick?: boolean;
  readonly seeds?: number;
  readonly experiments?: readonly ExperimentName[];
  readonly setups?: readonly SetupName[];
  readonly entries?: readonly ArenaEntry[];
}

export function makePlan(choices: PlanChoices = {}): ArenaPlan {
  const quick = choices.quick ?? false;
  const seedCount = choices.seeds ?? (quick ? QUICK_SEEDS : DEFAULT_SEEDS);
  const names = choices.setups ?? setupNames;
  return {
    quick,
    seeds: Array.from({ length: seedCount }, (_, i) => i + 1),
    experiments: choices.experiments ?? experimentNames,
    setups: {
      names,
      entries: choices.entries ?? arenaEntries,
      epochs: Object.fromEntries(
        setups.filter((s) => names.includes(s.name)).map((s) => [s.name, quick ? s.quickEpochs : s.epochs]),
      ),
    },
    approximation: {
      targets: targetNames,
      entries: arenaEntries,
      maxWidth: quick ? 64 : 256,
      points1d: 513,
      points2d: 24,
      maxSlope: 20,
      rbfGamma: 16,
    },
    depth: {
      datasets: ['digits', 'spiral'],
      depths: [2, 4, 6, 8, 10],
      entries: depthEntries,
      inits: depthInits,
      digits: {
        width: 32,
        epochs: quick ? 4 : 10,
        batchSize: 128,
        optimizer: { name: 'adam', learningRate: 2e-3 },
        gradientRows: 256,
      },
      spiral: {
        width: 16,
        epochs: quick ? 20 : 60,
        batchSize: 50,
        optimizer: { name: 'adam', learningRate: 0.01 },
        gradientRows: 200,
      },
    },
    gelu: {
      entries: geluEntries,
      dropouts: geluDropouts,
      depth: 8,
      width: 128,
      epochs: quick ? 2 : 6,
      batchSize: 32,
      optimizer: { name: 'adam', learningRate: 1e-3 },
      init: 'unit-rows',
    },
  };
}

/** Whether verdicts of this plan may be called supported/refuted: a full run over enough seeds. */
export function isConclusive(plan: ArenaPlan): boolean {
  return !plan.quick && plan.seeds.length >= MIN_SEEDS_FOR_VERDICT;
}
