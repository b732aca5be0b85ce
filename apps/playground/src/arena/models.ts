import type { Tensor } from '@actlab/autograd';
import { type ActivationName, Random } from '@actlab/kernels';
import {
  ActivationModule,
  calculateGain,
  Dropout,
  kaimingUniform,
  Linear,
  Maxout,
  type Module,
  RBF,
  Sequential,
  xavierUniform,
  zeros,
} from '@actlab/layers';

/** What a hidden layer can be in the arena's own experiments: a table activation after a Linear, Maxout, or RBF. */
export type UnitKind = ActivationName | 'maxout' | 'rbf';

/**
 * How the Linear layers start. 'default' is PyTorch's nn.Linear: U(±1/√fanIn) for weights and biases (Glorot &
 * Bengio's "standard" initialisation). 'scheme' is the initialisation recommended for the activation (see
 * `schemeFor`), with zero biases. 'unit-rows' is the GELU paper's: each weight row (one unit's incoming weights) a
 * normal draw scaled to unit length, zero biases.
 */
export type InitName = 'default' | 'scheme' | 'unit-rows';

/**
 * The recommended initialisation for an activation: Xavier/Glorot uniform with `calculateGain` (sigmoid 1, tanh 5/3)
 * for the squashing units, Kaiming/He uniform for the rectifiers (ReLU's gain √2, also used for GELU and the other
 * ReLU-like units), LeCun uniform (Kaiming with the linear gain 1) for SELU, as PyTorch's docs advise for
 * self-normalising networks; Xavier with gain 1 for everything else.
 */
export function schemeFor(kind: UnitKind): { readonly name: string; init(weight: Tensor, generator: Random): void } {
  switch (kind) {
    case 'sigmoid':
    case 'tanh': {
      const gain = calculateGain(kind);
      return {
        name: `Xavier uniform, gain ${gain.toFixed(3)}`,
        init: (w, g) => xavierUniform(w, { gain, generator: g }),
      };
    }
    case 'relu':
    case 'gelu':
    case 'elu':
    case 'swish':
    case 'mish':
    case 'softplus':
      return {
        name: 'Kaiming uniform, gain √2',
        init: (w, g) => kaimingUniform(w, { nonlinearity: 'relu', generator: g }),
      };
    case 'leakyRelu':
      return {
        name: 'Kaiming uniform, leaky_relu gain',
        init: (w, g) => kaimingUniform(w, { nonlinearity: 'leaky_relu', a: 0.01, generator: g }),
      };
    case 'selu':
      return {
        name: 'LeCun uniform (Kaiming, gain 1)',
        init: (w, g) => kaimingUniform(w, { nonlinearity: 'linear', generator: g }),
      };
    default:
      return { name: 'Xavier uniform, gain 1', init: (w, g) => xavierUniform(w, { generator: g }) };
  }
}

/** Each row of the weight matrix a standard normal draw divided by its length. */
const unitRows = {
  name: 'unit-norm rows',
  init(weight: Tensor, generator: Random): void {
    const [rows, columns] = weight.shape as [number, number];
    const w = weight.data;
    generator.fillNormal(w);
    for (let r = 0; r < rows; r++) {
      let norm = 0;
      for (let c = 0; c < columns; c++) norm += w[r * columns + c]! ** 2;
      const scale = 1 / Math.sqrt(norm);
      for (let c = 0; c < columns; c++) w[r * columns + c] *= scale;
    }
  },
};

export interface MlpSpec {
  readonly inputs: number;
  readonly outputs: number;
  /** Width of each hidden layer; the length is the depth. */
  readonly hidden: readonly number[];
  readonly kind: UnitKind;
  readonly init?: InitName;
  /** Dropout probability after each hidden layer's activation (0: none). */
  readonly dropout?: number;
  readonly maxoutPool?: number;
  readonly rbfGamma?: number;
}

export interface Mlp {
  readonly network: Sequential;
  /** The weight matrix of every Linear, input side first (the output layer last). */
  readonly weights: readonly Tensor[];
}

/**
 * A multilayer perceptron built directly from @actlab/layers modules, every random draw from one seeded generator
 * (weights in layer order, then dropout masks), so the same seed builds and trains the same network in any process.
 */
export function buildMlp(spec: MlpSpec, seed: number): Mlp {
  const generator = new Random(seed);
  const dropoutGenerator = new Random(seed ^ 0x2545f491);
  const modules: Module[] = [];
  const weights: Tensor[] = [];
  const scheme = spec.init === 'scheme' ? schemeFor(spec.kind) : spec.init === 'unit-rows' ? unitRows : null;
  let width = spec.inputs;
  const linear = (inFeatures: number, outFeatures: number, initWith: typeof scheme) => {
    const layer = new Linear(inFeatures, outFeatures, { generator });
    if (initWith !== null) {
      initWith.init(layer.weight, generator);
      if (layer.bias !== null) zeros(layer.bias);
    }
    weights.push(layer.weight);
    return layer;
  };
  for (const units of spec.hidden) {
    if (spec.kind === 'maxout') {
      const layer = new Maxout(width, units, spec.maxoutPool ?? 2, { generator });
      weights.push(layer.lin.weight);
      modules.push(layer);
    } else if (spec.kind === 'rbf') {
      modules.push(new RBF(width, units, { gamma: spec.rbfGamma ?? 1, generator }));
    } else {
      modules.push(linear(width, units, scheme), new ActivationModule(spec.kind));
    }
    if ((spec.dropout ?? 0) > 0) modules.push(new Dropout(spec.dropout, { generator: dropoutGenerator }));
    width = units;
  }
  // The output layer: Xavier with gain 1 under the scheme (it is followed by no activation).
  modules.push(linear(width, spec.outputs, spec.init === 'scheme' ? schemeFor('identity') : scheme));
  return { network: new Sequential(...modules), weights };
}

/** Frobenius norm of each weight matrix's gradient (NaN where a weight has no gradient). */
export function gradientNorms(weights: readonly Tensor[]): number[] {
  return weights.map((w) => {
    const g = w.grad?.data;
    if (g === undefined) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
    return Math.sqrt(sum);
  });
}
