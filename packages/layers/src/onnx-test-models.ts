import { type ActivationName, activationNames, Random } from '@actlab/kernels';
import { ActivationModule, Identity, ReLU, Tanh } from './activation-modules';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import { LearnableSwish, PReLU } from './learnable-activations';
import { Linear } from './linear';
import { Maxout } from './maxout';
import { type Module, Sequential } from './module';
import type { OnnxExportOptions } from './onnx';
import { RBF } from './rbf';

/**
 * The models the ONNX export is checked on, shared by onnx.test.ts (which runs them in ONNX Runtime and compares
 * with actlab's forward) and scripts/write-onnx-fixtures.ts (which writes their opset-17 files for
 * fixtures/check_onnx.py, onnx's own checker). Every model is built from a seeded generator, so its bytes are the
 * same on every run and the test can require the committed, checker-validated files to be reproduced exactly.
 */
export interface OnnxTestModel {
  readonly name: string;
  build(): Module;
  readonly inputShape: OnnxExportOptions['inputShape'];
  /** Inputs drawn from U(−range, range), or these fixed values (features per row). */
  readonly inputs: { readonly range: number } | { readonly values: readonly number[] };
}

/** Non-default parameters, so a lowering that ignored a parameter would fail. */
const variants: { readonly [N in ActivationName]?: Partial<Record<string, number | string>> } = {
  leakyRelu: { negativeSlope: 0.2 },
  softplus: { beta: 2, threshold: 5 },
  swish: { beta: 1.5 },
  elu: { alpha: 0.5 },
  gelu: { approximate: 'tanh' },
};

// Kinks and boundaries of the table (0, ±3, 6, softplus's β·x = threshold at 20 and 2.5) and the far tails.
const GRID = [
  -40, -20.5, -9, -6, -3.5, -3, -2.5, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2.4, 2.5, 2.6, 3, 3.5, 6, 6.5, 19.9, 20.1, 40,
];

function mlp(seed: number, activation: () => Module): () => Module {
  return () => {
    const generator = new Random(seed);
    return new Sequential(new Linear(3, 8, { generator }), activation(), new Linear(8, 2, { generator }));
  };
}

function activationCases(): OnnxTestModel[] {
  const cases: OnnxTestModel[] = [];
  activationNames.forEach((name, i) => {
    const variant = variants[name];
    const settings: [string, Partial<Record<string, number | string>> | undefined][] = [['', undefined]];
    if (variant !== undefined) settings.push(['-params', variant]);
    for (const [suffix, params] of settings) {
      const act = () => new ActivationModule(name, params);
      cases.push({
        name: `mlp-${name}${suffix}`,
        build: mlp(100 + i, act),
        inputShape: ['N', 3],
        inputs: { range: 3 },
      });
      cases.push({
        name: `grid-${name}${suffix}`,
        build: () => new Sequential(act()),
        inputShape: ['N', GRID.length],
        inputs: { values: GRID },
      });
    }
  });
  return cases;
}

export const onnxTestModels: readonly OnnxTestModel[] = [
  ...activationCases(),
  {
    name: 'maxout',
    build: () => {
      const generator = new Random(7);
      return new Sequential(
        new Linear(3, 6, { generator }),
        new Maxout(6, 4, 3, { generator }),
        new Linear(4, 2, { generator }),
      );
    },
    inputShape: ['N', 3],
    inputs: { range: 3 },
  },
  {
    name: 'rbf',
    build: () => {
      const generator = new Random(8);
      return new Sequential(new RBF(3, 5, { gamma: 0.7, generator }), new Linear(5, 2, { generator }));
    },
    inputShape: ['N', 3],
    inputs: { range: 2 },
  },
  {
    name: 'learnable',
    build: () => {
      const generator = new Random(9);
      return new Sequential(
        new Linear(3, 4, { generator }),
        new PReLU({ numParameters: 4, init: 0.1 }),
        new LearnableSwish({ beta: 1.3 }),
        new Linear(4, 2, { generator }),
      );
    },
    inputShape: ['N', 3],
    inputs: { range: 3 },
  },
  {
    name: 'flatten-dropout-identity',
    build: () => {
      const generator = new Random(10);
      const model = new Sequential(
        new Flatten(),
        new Dropout(0.3),
        new Linear(3, 4, { generator, bias: false }),
        new Identity(),
        new ReLU(),
        new Linear(4, 1, { generator }),
        new Tanh(),
      );
      return model.eval();
    },
    inputShape: [5, 3],
    inputs: { range: 3 },
  },
];
