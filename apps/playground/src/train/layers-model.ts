import { noGrad, type Tensor, tensor } from '@actlab/autograd';
import { getActivation, Random } from '@actlab/kernels';
import {
  ActivationModule,
  Adam,
  bceWithLogitsLoss,
  calculateGain,
  crossEntropyLoss,
  exportOnnx,
  kaimingUniform,
  Linear,
  Maxout,
  type Module,
  mseLoss,
  type Nonlinearity,
  type Optimizer,
  RBF,
  Sequential,
  SGD,
  saveSafetensors,
  uniform,
  xavierUniform,
  zeros,
} from '@actlab/layers';
import type { Evaluation, ExportFormat, LayerTrace, LayerWeights, TrainableModel } from './model';
import {
  type HiddenLayerSpec,
  type InitName,
  type NetworkSpec,
  SMALL_INIT_BOUND,
  type TrainOptions,
} from './network-spec';

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

/** calculateGain's nonlinearity (and parameter) for the Linear in front of a layer; Maxout and the output: linear. */
function nonlinearityOf(next: HiddenLayerSpec | null): { nonlinearity: Nonlinearity; param?: number } {
  if (next === null || next.kind !== 'activation') return { nonlinearity: 'linear' };
  const entry = getActivation(next.activation);
  return entry.gain === 'leaky_relu' ? { nonlinearity: 'leaky_relu', param: 0.01 } : { nonlinearity: entry.gain };
}

/**
 * Re-initialises a Linear for `init` ('pytorch' keeps the constructor's U(±1/√fanIn), drawn from the same
 * generator, so the default stays bit-identical to a plain `new Linear`).
 */
function initialise(linear: Linear, init: InitName, next: HiddenLayerSpec | null, generator: Random): void {
  if (init === 'pytorch') return;
  const { weight, bias } = linear;
  const { nonlinearity, param } = nonlinearityOf(next);
  if (init === 'xavier') xavierUniform(weight, { gain: calculateGain(nonlinearity, param), generator });
  else if (init === 'kaiming') kaimingUniform(weight, { nonlinearity, a: param ?? 0, generator });
  else uniform(weight, { low: -SMALL_INIT_BOUND, high: SMALL_INIT_BOUND, generator });
  if (bias !== null) zeros(bias);
}

function createOptimizer(params: Tensor[], options: TrainOptions): Optimizer {
  switch (options.optimizer) {
    case 'sgd':
      return new SGD(params, { lr: options.learningRate });
    case 'momentum':
      return new SGD(params, { lr: options.learningRate, momentum: 0.9 });
    case 'adam':
      return new Adam(params, { lr: options.learningRate });
  }
}

/** The first module of a hidden layer and the tensor whose gradient says how much that layer learns. */
function learnedTensor(first: Module): Tensor {
  if (first instanceof Linear) return first.weight;
  if (first instanceof Maxout) return first.lin.weight;
  if (first instanceof RBF) return first.centers;
  throw new Error(`LayersModel: a hidden layer starts with ${first.typeName}, expected Linear, Maxout or RBF`);
}

/**
 * The playground's model on @actlab/layers: a `Sequential` of the hidden layers (Linear + activation module,
 * Maxout, or RBF) and an output Linear; BCE-with-logits, cross-entropy or MSE by task; SGD, momentum or Adam;
 * L1/L2 penalties on the weight matrices (not biases, not RBF centres) added to the gradients before each step.
 * Its training options can change between epochs (`setOptions`) without touching the weights.
 */
export class LayersModel implements TrainableModel {
  readonly network: Sequential;
  private optimizer: Optimizer;
  private readonly shuffle: Random;
  /** For each hidden layer, the index of its last module in `network` (where its output appears). */
  private readonly hiddenEnds: number[] = [];
  /** For each hidden layer, the tensor its gradient norm is measured on (weight, Maxout weight, RBF centres). */
  private readonly learned: Tensor[] = [];
  private readonly firstModules: Module[] = [];
  private readonly penalised: Tensor[] = [];
  private readonly head: Linear;
  private readonly outputs: number;
  private readonly gradientSums: Float64Array;
  private gradientBatches = 0;
  private currentOptions: TrainOptions;

  constructor(
    readonly spec: NetworkSpec,
    options: TrainOptions,
    seed: number,
  ) {
    this.currentOptions = options;
    const generator = new Random(seed);
    this.shuffle = new Random(seed ^ 0x5bd1e995);
    const init = spec.init ?? 'pytorch';
    const modules: Module[] = [];
    let width = spec.inputs;
    spec.hidden.forEach((layer) => {
      const made = hiddenModules(layer, width, generator);
      const first = made[0];
      if (first instanceof Linear) initialise(first, init, layer, generator);
      else if (first instanceof Maxout) initialise(first.lin, init, null, generator);
      modules.push(...made);
      this.hiddenEnds.push(modules.length - 1);
      this.firstModules.push(first);
      this.learned.push(learnedTensor(first));
      width = layer.units;
      if (first instanceof Linear) this.penalised.push(first.weight);
      else if (first instanceof Maxout) this.penalised.push(first.lin.weight);
    });
    this.outputs = spec.output.task === 'multiclass' ? spec.output.classes : 1;
    this.head = new Linear(width, this.outputs, { generator });
    initialise(this.head, init, null, generator);
    this.penalised.push(this.head.weight);
    modules.push(this.head);
    this.network = new Sequential(...modules);
    this.optimizer = createOptimizer(this.network.parameters(), options);
    this.gradientSums = new Float64Array(spec.hidden.length + 1);
  }

  get options(): TrainOptions {
    return this.currentOptions;
  }

  /**
   * New learning rate, batch size, L1/L2 or optimiser for the following epochs; the weights stay. A new optimiser
   * kind starts with fresh state (no momentum, no Adam moments); the same kind keeps its state.
   */
  setOptions(options: TrainOptions): void {
    const kindChanged = options.optimizer !== this.currentOptions.optimizer;
    this.currentOptions = options;
    if (kindChanged) this.optimizer = createOptimizer(this.network.parameters(), options);
    else this.optimizer.lr = options.learningRate;
  }

  /** Forgets momentum and Adam moments (after a divergence their state is not finite). */
  resetOptimizer(): void {
    this.optimizer = createOptimizer(this.network.parameters(), this.currentOptions);
  }

  /** A copy of every parameter, for `restoreParameters`; into `into`'s arrays when it has the right shapes. */
  saveParameters(into?: Float32Array[]): Float32Array[] {
    const params = this.network.parameters();
    if (
      into !== undefined &&
      into.length === params.length &&
      params.every((p, i) => into[i].length === p.data.length)
    ) {
      params.forEach((p, i) => {
        into[i].set(p.data);
      });
      return into;
    }
    return params.map((p) => Float32Array.from(p.data));
  }

  restoreParameters(saved: readonly Float32Array[]): void {
    const params = this.network.parameters();
    if (saved.length !== params.length) {
      throw new Error(`restoreParameters: ${saved.length} arrays saved, the model has ${params.length} parameters`);
    }
    params.forEach((p, i) => {
      p.data.set(saved[i]);
    });
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
    const { l1, l2 } = this.currentOptions;
    if (l1 === 0 && l2 === 0) return;
    for (const w of this.penalised) {
      const g = w.grad?.data;
      if (g === undefined) continue;
      const p = w.data;
      for (let i = 0; i < p.length; i++) g[i] += l2 * p[i] + l1 * Math.sign(p[i]);
    }
  }

  /** Adds each layer's ‖∂L/∂W‖ of this batch to the epoch's sums (the data loss's gradient, before penalties). */
  private accumulateGradientNorms(): void {
    const tensors = this.learned;
    for (let l = 0; l <= tensors.length; l++) {
      const g = (l < tensors.length ? tensors[l] : this.head.weight).grad?.data;
      if (g === undefined) continue;
      let sum = 0;
      for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
      this.gradientSums[l] += Math.sqrt(sum);
    }
    this.gradientBatches++;
  }

  trainEpoch(x: Float32Array, y: Float32Array, n: number): number {
    const d = this.spec.inputs;
    const size = Math.max(1, Math.min(this.currentOptions.batchSize, n));
    const order = this.shuffle.permutation(n);
    const xBuffer = new Float32Array(size * d);
    const yBuffer = new Float32Array(size);
    this.gradientSums.fill(0);
    this.gradientBatches = 0;
    let total = 0;
    let batches = 0;
    for (let start = 0; start < n; start += size) {
      const rows = order.subarray(start, Math.min(n, start + size));
      for (let i = 0; i < rows.length; i++) yBuffer[i] = y[rows[i]];
      const input = this.batchTensor(x, rows, d, xBuffer);
      this.optimizer.zeroGrad();
      const loss = this.loss(this.network.forward(input), yBuffer.subarray(0, rows.length));
      loss.backward();
      this.accumulateGradientNorms();
      this.applyPenalties();
      this.optimizer.step();
      total += loss.item();
      batches++;
    }
    return total / batches;
  }

  gradientNorms(): Float64Array {
    const out = new Float64Array(this.gradientSums.length);
    if (this.gradientBatches === 0) return out.fill(Number.NaN);
    for (let i = 0; i < out.length; i++) out[i] = this.gradientSums[i] / this.gradientBatches;
    return out;
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
      // module) and its output during one ordinary forward; they are removed right after. A hook on its first
      // module captures the layer's own input (what an RBF layer measures its distances from).
      const captured: { input: Tensor; output: Tensor }[] = [];
      const layerInputs: Tensor[] = [];
      const handles = this.hiddenEnds.flatMap((end, layer) => [
        children[end].registerForwardHook((_module, [input], output) => {
          captured[layer] = { input, output };
        }),
        this.firstModules[layer].registerForwardHook((_module, [input]) => {
          layerInputs[layer] = input;
        }),
      ]);
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
        let z: Float32Array;
        if (child instanceof ActivationModule) {
          z = Float32Array.from(input.data);
          // The table's own backward kernel with dy = 1 gives f′(z) at every point.
          const entry = getActivation(child.activation);
          entry.backward(input.data, output.data, new Float32Array(out.length).fill(1), gain, child.params);
          for (let i = 0; i < gain.length; i++) gain[i] = Math.abs(gain[i]);
        } else if (child instanceof Maxout) {
          // The winning piece passes the gradient through unchanged; the unit's input to its curve is its output.
          gain.fill(1);
          z = out;
        } else if (child instanceof RBF) {
          // RBF: every gradient through the unit is scaled by its output φ; its curve is φ(r) of the distance r.
          gain.set(out);
          z = distances(layerInputs[layer].data, child.centers.data, n, child.inFeatures, child.outFeatures);
        } else {
          throw new Error(`LayersModel.trace: hidden layer ${layer + 1} ends in ${child.typeName}`);
        }
        return { spec, units: spec.units, h: out, gain, z };
      });
    });
  }

  weights(): LayerWeights[] {
    const out: LayerWeights[] = this.firstModules.map((first, l) => {
      const spec = this.spec.hidden[l];
      if (first instanceof Linear) {
        return {
          kind: 'linear',
          rows: first.outFeatures,
          cols: first.inFeatures,
          w: Float32Array.from(first.weight.data),
        };
      }
      if (first instanceof Maxout) {
        // A unit's link from an input: the largest-magnitude of its pieces' weights (the one that can win).
        const pool = first.poolSize;
        const w = first.lin.weight.data;
        const cols = first.dIn;
        const strongest = new Float32Array(first.dOut * cols);
        for (let u = 0; u < first.dOut; u++) {
          for (let i = 0; i < cols; i++) {
            let best = 0;
            for (let k = 0; k < pool; k++) {
              const v = w[(u * pool + k) * cols + i];
              if (Math.abs(v) > Math.abs(best)) best = v;
            }
            strongest[u * cols + i] = best;
          }
        }
        return { kind: 'maxout', rows: first.dOut, cols, w: strongest };
      }
      if (!(first instanceof RBF)) throw new Error(`LayersModel.weights: hidden layer ${l + 1} is ${first.typeName}`);
      const rbf = first;
      return { kind: 'rbf', rows: spec.units, cols: rbf.inFeatures, w: Float32Array.from(rbf.centers.data) };
    });
    out.push({
      kind: 'linear',
      rows: this.head.outFeatures,
      cols: this.head.inFeatures,
      w: Float32Array.from(this.head.weight.data),
    });
    return out;
  }

  /** The trained network as a file: safetensors (PyTorch's keys, with the network in the metadata) or ONNX. */
  exportModel(format: ExportFormat, metadata: Readonly<Record<string, string>>): Uint8Array {
    if (format === 'safetensors') return saveSafetensors(this.network, metadata);
    return exportOnnx(this.network, { inputShape: ['N', this.spec.inputs] });
  }
}

/** ‖x_i − c_u‖ for every point i and centre u, row-major n×units. */
function distances(x: ArrayLike<number>, c: ArrayLike<number>, n: number, d: number, units: number): Float32Array {
  const out = new Float32Array(n * units);
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let k = 0; k < d; k++) {
        const diff = x[i * d + k] - c[u * d + k];
        sum += diff * diff;
      }
      out[i * units + u] = Math.sqrt(sum);
    }
  }
  return out;
}

export function createLayersModel(network: NetworkSpec, options: TrainOptions, seed: number): LayersModel {
  return new LayersModel(network, options, seed);
}
