import { noGrad, type Tensor, tensor } from '@actlab/autograd';
import { getActivation, Random } from '@actlab/kernels';
import {
  ActivationModule,
  Adam,
  bceWithLogitsLoss,
  crossEntropyLoss,
  Linear,
  Maxout,
  type Module,
  mseLoss,
  type Optimizer,
  RBF,
  Sequential,
  SGD,
} from '@actlab/layers';
import type { Evaluation, LayerTrace, TrainableModel } from './model';
import type { HiddenLayerSpec, NetworkSpec, TrainOptions } from './network-spec';

/** The modules of one hidden layer, in order; its output is the last one's. */
function hiddenModules(spec: HiddenLayerSpec, inFeatures: number, generator: Random): Module[] {
  switch (spec.kind) {
    case 'activation':
      return [new Linear(inFeatures, spec.units, { generator }), new ActivationModule(spec.activation)];
    case 'maxout':
      return [new Maxout(inFeatures, spec.units, spec.poolSize, { generator })];
    case 'rbf':
      return [new RBF(inFeatures, spec.units, { gamma: spec.gamma, generator })];
  }
}

function createOptimizer(model: Module, options: TrainOptions): Optimizer {
  const params = model.parameters();
  switch (options.optimizer) {
    case 'sgd':
      return new SGD(params, { lr: options.learningRate });
    case 'momentum':
      return new SGD(params, { lr: options.learningRate, momentum: 0.9 });
    case 'adam':
      return new Adam(params, { lr: options.learningRate });
  }
}

/**
 * The playground's model on @actlab/layers: a `Sequential` of the hidden layers (Linear + activation module,
 * Maxout, or RBF) and an output Linear; BCE-with-logits, cross-entropy or MSE by task; SGD, momentum or Adam;
 * L1/L2 penalties on the weight matrices (not biases, not RBF centres) added to the gradients before each step.
 */
export class LayersModel implements TrainableModel {
  readonly network: Sequential;
  private readonly optimizer: Optimizer;
  private readonly shuffle: Random;
  /** For each hidden layer, the index of its last module in `network` (where its output appears). */
  private readonly hiddenEnds: number[] = [];
  private readonly penalised: Tensor[] = [];
  private readonly outputs: number;

  constructor(
    readonly spec: NetworkSpec,
    readonly options: TrainOptions,
    seed: number,
  ) {
    const generator = new Random(seed);
    this.shuffle = new Random(seed ^ 0x5bd1e995);
    const modules: Module[] = [];
    let width = spec.inputs;
    for (const layer of spec.hidden) {
      const made = hiddenModules(layer, width, generator);
      modules.push(...made);
      this.hiddenEnds.push(modules.length - 1);
      width = layer.units;
      const first = made[0];
      if (first instanceof Linear) this.penalised.push(first.weight);
      else if (first instanceof Maxout) this.penalised.push(first.lin.weight);
    }
    this.outputs = spec.output.task === 'multiclass' ? spec.output.classes : 1;
    const head = new Linear(width, this.outputs, { generator });
    this.penalised.push(head.weight);
    modules.push(head);
    this.network = new Sequential(...modules);
    this.optimizer = createOptimizer(this.network, options);
  }

  private batchTensor(x: Float32Array, rows: ArrayLike<number>, width: number, out: Float32Array): Tensor {
    for (let i = 0; i < rows.length; i++) out.set(x.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
    return tensor(out.subarray(0, rows.length * width), { shape: [rows.length, width] });
  }

  private loss(logits: Tensor, y: Float32Array): Tensor {
    const n = logits.shape[0];
    switch (this.spec.output.task) {
      case 'classification':
        return bceWithLogitsLoss(logits, tensor(y, { shape: [n, 1] }));
      case 'multiclass':
        return crossEntropyLoss(logits, Int32Array.from(y));
      case 'regression':
        return mseLoss(logits, tensor(y, { shape: [n, 1] }));
    }
  }

  private applyPenalties(): void {
    const { l1, l2 } = this.options;
    if (l1 === 0 && l2 === 0) return;
    for (const w of this.penalised) {
      const g = w.grad?.data;
      if (g === undefined) continue;
      const p = w.data;
      for (let i = 0; i < p.length; i++) g[i] += l2 * p[i] + l1 * Math.sign(p[i]);
    }
  }

  trainEpoch(x: Float32Array, y: Float32Array, n: number): number {
    const d = this.spec.inputs;
    const size = Math.max(1, Math.min(this.options.batchSize, n));
    const order = this.shuffle.permutation(n);
    const xBuffer = new Float32Array(size * d);
    const yBuffer = new Float32Array(size);
    let total = 0;
    let batches = 0;
    for (let start = 0; start < n; start += size) {
      const rows = order.subarray(start, Math.min(n, start + size));
      for (let i = 0; i < rows.length; i++) yBuffer[i] = y[rows[i]];
      const input = this.batchTensor(x, rows, d, xBuffer);
      this.optimizer.zeroGrad();
      const loss = this.loss(this.network.forward(input), yBuffer.subarray(0, rows.length));
      loss.backward();
      this.applyPenalties();
      this.optimizer.step();
      total += loss.item();
      batches++;
    }
    return total / batches;
  }

  private logits(x: Float32Array, n: number): Tensor {
    return noGrad(() =>
      this.network.forward(tensor(x.subarray(0, n * this.spec.inputs), { shape: [n, this.spec.inputs] })),
    );
  }

  evaluate(x: Float32Array, y: Float32Array, n: number): Evaluation {
    const logits = this.logits(x, n);
    const loss = noGrad(() => this.loss(logits, y.subarray(0, n)).item());
    const z = logits.data;
    let right = 0;
    switch (this.spec.output.task) {
      case 'regression':
        return { loss, accuracy: Number.NaN };
      case 'classification':
        for (let i = 0; i < n; i++) if ((z[i] > 0 ? 1 : 0) === y[i]) right++;
        break;
      case 'multiclass': {
        const k = this.outputs;
        for (let i = 0; i < n; i++) {
          let best = 0;
          for (let c = 1; c < k; c++) if (z[i * k + c] > z[i * k + best]) best = c;
          if (best === y[i]) right++;
        }
        break;
      }
    }
    return { loss, accuracy: right / n };
  }

  predict(x: Float32Array, n: number): Float32Array {
    const logits = this.logits(x, n);
    const out = Float32Array.from(logits.data);
    switch (this.spec.output.task) {
      case 'regression':
        return out;
      case 'classification':
        return Float32Array.from(noGrad(() => logits.sigmoid()).data);
      case 'multiclass':
        return Float32Array.from(noGrad(() => logits.softmax(-1)).data);
    }
  }

  trace(x: Float32Array, n: number): LayerTrace[] {
    return noGrad(() => {
      const children = this.network.children();
      // Forward hooks on each hidden layer's last module capture its input (the pre-activation, for an activation
      // module) and its output during one ordinary forward; they are removed right after.
      const captured: { input: Tensor; output: Tensor }[] = [];
      const handles = this.hiddenEnds.map((end, layer) =>
        children[end].registerForwardHook((_module, [input], output) => {
          captured[layer] = { input, output };
        }),
      );
      try {
        this.network.forward(tensor(x.subarray(0, n * this.spec.inputs), { shape: [n, this.spec.inputs] }));
      } finally {
        for (const handle of handles) handle.remove();
      }
      return this.hiddenEnds.map((end, layer) => {
        const child = children[end];
        const spec = this.spec.hidden[layer];
        const { input, output } = captured[layer];
        const out = Float32Array.from(output.data);
        const gain = new Float32Array(out.length);
        if (child instanceof ActivationModule) {
          // The table's own backward kernel with dy = 1 gives f′(z) at every point.
          const entry = getActivation(child.activation);
          entry.backward(input.data, output.data, new Float32Array(out.length).fill(1), gain, child.params);
          for (let i = 0; i < gain.length; i++) gain[i] = Math.abs(gain[i]);
        } else if (child instanceof Maxout) {
          // The winning piece passes the gradient through unchanged.
          gain.fill(1);
        } else {
          // RBF: every gradient through the unit is scaled by its output φ.
          gain.set(out);
        }
        return { spec, units: spec.units, h: out, gain };
      });
    });
  }
}

export function createLayersModel(network: NetworkSpec, options: TrainOptions, seed: number): TrainableModel {
  return new LayersModel(network, options, seed);
}
