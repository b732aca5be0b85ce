import { BenchRandom } from './rng.js';

export type HiddenActivation = 'tanh' | 'relu';
export type LossKind = 'mse' | 'cross-entropy';

export interface NetSpec {
  /** Layer widths, input first: [2, 8, 8, 1]. */
  readonly sizes: readonly number[];
  readonly hidden: HiddenActivation;
  readonly loss: LossKind;
  readonly batch: number;
  readonly lr: number;
}

/**
 * How the hand-written loop computes tanh: 'math' is plain Math.tanh (the floor the issues were calibrated on),
 * 'inline' is `inlineTanh`, so the comparison isolates the cost of the tape and the modules from that of tanh.
 */
export type LoopTanh = 'math' | 'inline';

/** 2^(j/64), j = 0..63, and 2^(i − 60): the two factors of e^x = 2^(k/64)·e^r below. */
const EXP2_FRACTION = Float64Array.from({ length: 64 }, (_, j) => 2 ** (j / 64));
const EXP2_INTEGER = Float64Array.from({ length: 64 }, (_, i) => 2 ** (i - 60));

/**
 * tanh without Math.tanh, which V8 runs as an out-of-line call (10–20 ns): tanh|x| = (1 − e)/(1 + e) with
 * e = e^(−2|x|) from a 64-entry table and a degree-4 polynomial (float32-grade; |x| ≥ 19 gives ±1 exactly as in
 * float32). Small enough for TurboFan to inline into the training loop, like actlab's own tanh kernel.
 */
export function inlineTanh(x: number): number {
  const t = Math.max(-2 * Math.abs(x), -38);
  const kd = t * 92.33248261689366 + 6755399441055744 - 6755399441055744;
  const r = t - kd * 0.010830424696249145;
  const k = kd | 0;
  const r2 = r * r;
  const e = EXP2_FRACTION[k & 63]! * EXP2_INTEGER[(k >> 6) + 60]! * (1 + r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24)));
  return ((1 - e) / (1 + e)) * (1 - 2 * +(x < 0));
}

/** Weights in PyTorch's Linear layout ([out, in], row-major), so every contender starts from the same numbers. */
export interface InitialParameters {
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
}

export interface TrainingBatch {
  /** batch × sizes[0], row-major. */
  readonly inputs: Float32Array;
  /** mse: batch × sizes[last]; cross-entropy: one class index per row. */
  readonly targets: Float32Array;
}

/** PyTorch's default Linear init, U(±1/√in) for weight and bias, from the bench's seeded generator. */
export function initialParameters(sizes: readonly number[], seed: number): InitialParameters {
  const random = new BenchRandom(seed);
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!;
    const bound = 1 / Math.sqrt(fanIn);
    weights.push(random.fillUniform(new Float32Array(sizes[l + 1]! * fanIn), -bound, bound));
    biases.push(random.fillUniform(new Float32Array(sizes[l + 1]!), -bound, bound));
  }
  return { weights, biases };
}

/**
 * The floor for the training benchmark: an MLP trained with plain loops over preallocated typed arrays, with
 * its backward pass written by hand (no tape, no tensors, no allocation per step). Same arithmetic as the
 * libraries: affine layers, the hidden activation, MSE or softmax cross-entropy (mean), plain SGD.
 */
export class HandWrittenMlp {
  private readonly weights: Float32Array[];
  private readonly biases: Float32Array[];
  private readonly weightGrads: Float32Array[];
  private readonly biasGrads: Float32Array[];
  /** outputs[l] is layer l's output (after the activation for hidden layers, logits for the last). */
  private readonly outputs: Float32Array[];
  /** deltas[l] is the loss gradient with respect to layer l's pre-activation output. */
  private readonly deltas: Float32Array[];

  constructor(
    private readonly spec: NetSpec,
    init: InitialParameters,
    private readonly tanh: LoopTanh = 'math',
  ) {
    this.weights = init.weights.map((w) => w.slice());
    this.biases = init.biases.map((b) => b.slice());
    this.weightGrads = init.weights.map((w) => new Float32Array(w.length));
    this.biasGrads = init.biases.map((b) => new Float32Array(b.length));
    this.outputs = spec.sizes.slice(1).map((size) => new Float32Array(spec.batch * size));
    this.deltas = spec.sizes.slice(1).map((size) => new Float32Array(spec.batch * size));
  }

  /** One forward, backward and SGD update on `data`; returns the loss before the update. */
  step(data: TrainingBatch): number {
    const { sizes, batch, hidden, lr } = this.spec;
    const layers = sizes.length - 1;
    const inline = this.tanh === 'inline';
    for (let l = 0; l < layers; l++) {
      const input = l === 0 ? data.inputs : this.outputs[l - 1]!;
      const output = this.outputs[l]!;
      const w = this.weights[l]!;
      const b = this.biases[l]!;
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const activate = l + 1 < layers;
      for (let i = 0; i < batch; i++) {
        const row = i * fanIn;
        for (let j = 0; j < fanOut; j++) {
          let sum = b[j]!;
          const wRow = j * fanIn;
          for (let k = 0; k < fanIn; k++) sum += input[row + k]! * w[wRow + k]!;
          output[i * fanOut + j] = !activate
            ? sum
            : hidden === 'relu'
              ? Math.max(sum, 0)
              : inline
                ? inlineTanh(sum)
                : Math.tanh(sum);
        }
      }
    }
    const loss = this.lossAndOutputGrad(data.targets);
    for (let l = layers - 1; l >= 0; l--) {
      const input = l === 0 ? data.inputs : this.outputs[l - 1]!;
      const delta = this.deltas[l]!;
      const w = this.weights[l]!;
      const dw = this.weightGrads[l]!;
      const db = this.biasGrads[l]!;
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      dw.fill(0);
      db.fill(0);
      for (let i = 0; i < batch; i++) {
        const row = i * fanIn;
        for (let j = 0; j < fanOut; j++) {
          const d = delta[i * fanOut + j]!;
          db[j]! += d;
          const wRow = j * fanIn;
          for (let k = 0; k < fanIn; k++) dw[wRow + k]! += d * input[row + k]!;
        }
      }
      if (l > 0) {
        const below = this.deltas[l - 1]!;
        below.fill(0);
        for (let i = 0; i < batch; i++) {
          const row = i * fanIn;
          for (let j = 0; j < fanOut; j++) {
            const d = delta[i * fanOut + j]!;
            const wRow = j * fanIn;
            for (let k = 0; k < fanIn; k++) below[row + k]! += d * w[wRow + k]!;
          }
        }
        // The hidden activation's derivative from its output: tanh' = 1 - y², relu' = [y > 0].
        for (let e = 0; e < below.length; e++) {
          const y = input[e]!;
          below[e] = hidden === 'tanh' ? below[e]! * (1 - y * y) : y > 0 ? below[e]! : 0;
        }
      }
    }
    for (let l = 0; l < layers; l++) {
      const w = this.weights[l]!;
      const dw = this.weightGrads[l]!;
      for (let e = 0; e < w.length; e++) w[e]! -= lr * dw[e]!;
      const b = this.biases[l]!;
      const db = this.biasGrads[l]!;
      for (let e = 0; e < b.length; e++) b[e]! -= lr * db[e]!;
    }
    return loss;
  }

  private lossAndOutputGrad(targets: Float32Array): number {
    const { sizes, batch, loss: kind } = this.spec;
    const layers = sizes.length - 1;
    const width = sizes[layers]!;
    const logits = this.outputs[layers - 1]!;
    const delta = this.deltas[layers - 1]!;
    let total = 0;
    if (kind === 'mse') {
      const count = batch * width;
      for (let e = 0; e < count; e++) {
        const diff = logits[e]! - targets[e]!;
        total += diff * diff;
        delta[e] = (2 * diff) / count;
      }
      return total / count;
    }
    for (let i = 0; i < batch; i++) {
      const row = i * width;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < width; j++) max = Math.max(max, logits[row + j]!);
      let sumExp = 0;
      for (let j = 0; j < width; j++) sumExp += Math.exp(logits[row + j]! - max);
      const logSumExp = max + Math.log(sumExp);
      const target = targets[i]!;
      total += logSumExp - logits[row + target]!;
      for (let j = 0; j < width; j++) {
        delta[row + j] = (Math.exp(logits[row + j]! - logSumExp) - (j === target ? 1 : 0)) / batch;
      }
    }
    return total / batch;
  }
}
