import { readFileSync } from 'node:fs';

/**
 * The PyTorch 1.13 reference values for schedulers and clipping (fixtures/training.json, written by
 * fixtures/generate_training.py). Non-finite numbers are stored as "nan", "inf", "-inf".
 */

export type Num = number | 'nan' | 'inf' | '-inf';

export interface Encoded {
  shape: number[];
  data: Num[];
}

export interface OptimizerSpec {
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  groupLrs: number[];
  options?: Record<string, unknown>;
}

export interface TrainingFixture {
  torch: string;
  epochSchedulers: {
    scheduler: 'LinearLR' | 'ExponentialLR' | 'LambdaLR';
    options: Record<string, unknown>;
    optimizer: OptimizerSpec;
    lrs: number[][];
  }[];
  chained: {
    schedulers: { scheduler: string; options: Record<string, unknown> }[];
    optimizer: OptimizerSpec;
    /** Each scheduler's base_lrs (the groups' initial_lr). */
    baseLrs: number[][];
    lrs: number[][];
  }[];
  oneCycle: { options: Record<string, unknown>; optimizer: OptimizerSpec; lrs: number[][]; momenta: number[][] }[];
  oneCycleTraining: {
    p0: Encoded;
    a: Encoded;
    t: Encoded;
    runs: {
      optimizer: 'SGD' | 'Adam';
      options: Record<string, unknown>;
      maxLr: number;
      totalSteps: number;
      trajectory: Encoded[];
    }[];
  };
  plateau: {
    options: Record<string, unknown>;
    optimizer: OptimizerSpec;
    metrics: Num[];
    steps: { lrs: number[]; best: Num; numBadEpochs: number; cooldownCounter: number }[];
  }[];
  clipping: {
    label: string;
    kind: 'norm' | 'value';
    dtype: 'float32' | 'float64';
    maxNorm?: number;
    normType?: Num;
    clipValue?: number;
    shapes?: number[][];
    grads: (Encoded | null)[];
    totalNorm?: Num;
    clipped: (Encoded | null)[];
  }[];
}

export function decodeNumber(v: Num): number {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v;
}

export const trainingFixture: TrainingFixture = (() => {
  const url = new URL('../fixtures/training.json', import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (e) {
    throw new Error(
      `cannot read ${url.pathname} (${e instanceof Error ? e.message : String(e)}); regenerate it with ` +
        '/usr/bin/python3 packages/layers/fixtures/generate_training.py (Debian python3-torch 1.13)',
    );
  }
})();
