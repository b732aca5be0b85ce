import { noGrad, type Tensor, tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { Adam, bceWithLogitsLoss, crossEntropyLoss, type Module, type Optimizer, SGD } from '@actlab/layers';
import type { LabelledData } from './digits';

/** A classification task for the arena's own training loop: `classes` 2 is one logit + BCE, more is cross-entropy. */
export interface ClassificationData {
  readonly train: LabelledData;
  readonly test: LabelledData;
  readonly classes: number;
}

export type OptimizerChoice =
  | { readonly name: 'adam'; readonly learningRate: number }
  | { readonly name: 'momentum'; readonly learningRate: number };

export function describeOptimizer(o: OptimizerChoice): string {
  return o.name === 'adam' ? `Adam lr ${o.learningRate}` : `SGD lr ${o.learningRate}, momentum 0.9`;
}

export function createOptimizer(network: Module, o: OptimizerChoice): Optimizer {
  return o.name === 'adam'
    ? new Adam(network.parameters(), { lr: o.learningRate })
    : new SGD(network.parameters(), { lr: o.learningRate, momentum: 0.9 });
}

export function outputsFor(classes: number): number {
  return classes === 2 ? 1 : classes;
}

function lossOf(logits: Tensor, y: Float32Array, classes: number): Tensor {
  const n = logits.shape[0]!;
  return classes === 2
    ? bceWithLogitsLoss(logits, tensor(y, { shape: [n, 1] }))
    : crossEntropyLoss(logits, Int32Array.from(y));
}

/** Rows `start … start + count` of `data` as tensors (a view: no copy of the features). */
function rowsOf(data: LabelledData, start: number, count: number): { x: Tensor; y: Float32Array } {
  const { inputs } = data;
  return {
    x: tensor(data.x.subarray(start * inputs, (start + count) * inputs), { shape: [count, inputs] }),
    y: data.y.subarray(start, start + count),
  };
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

/** Loss and accuracy over all of `data` in eval mode (dropout off), in chunks of 512 rows. */
export function evaluate(network: Module, data: LabelledData, classes: number): Evaluation {
  network.eval();
  let loss = 0;
  let right = 0;
  noGrad(() => {
    for (let start = 0; start < data.n; start += 512) {
      const count = Math.min(512, data.n - start);
      const { x, y } = rowsOf(data, start, count);
      const logits = network.forward(x);
      loss += lossOf(logits, y, classes).item() * count;
      const z = logits.data;
      for (let i = 0; i < count; i++) {
        let predicted = 0;
        if (classes === 2) predicted = z[i]! > 0 ? 1 : 0;
        else for (let c = 1; c < classes; c++) if (z[i * classes + c]! > z[i * classes + predicted]!) predicted = c;
        if (predicted === y[i]) right++;
      }
    }
  });
  network.train();
  return { loss: loss / data.n, accuracy: right / data.n };
}

/**
 * The gradient of the mean loss over the first `rows` training points (no optimiser step), for reading per-layer
 * gradient norms; dropout is off, so the norms describe the network, not one mask.
 */
export function computeGradients(network: Module, data: LabelledData, classes: number, rows: number): void {
  network.eval();
  for (const p of network.parameters()) p.grad = null;
  const { x, y } = rowsOf(data, 0, Math.min(rows, data.n));
  lossOf(network.forward(x), y, classes).backward();
  network.train();
}

/**
 * Trains one epoch in mini-batches over a seeded permutation of the training rows; returns the mean mini-batch
 * loss (what a training-loss curve plots: with dropout on, the noisy loss the optimiser sees).
 */
export function trainEpoch(
  network: Module,
  optimizer: Optimizer,
  data: LabelledData,
  classes: number,
  batchSize: number,
  shuffle: Random,
  scratch: { x: Float32Array; y: Float32Array },
): number {
  const { inputs, n } = data;
  const order = shuffle.permutation(n);
  let total = 0;
  let batches = 0;
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    for (let i = 0; i < count; i++) {
      const row = order[start + i]!;
      scratch.x.set(data.x.subarray(row * inputs, (row + 1) * inputs), i * inputs);
      scratch.y[i] = data.y[row]!;
    }
    const x = tensor(scratch.x.subarray(0, count * inputs), { shape: [count, inputs] });
    optimizer.zeroGrad();
    const loss = lossOf(network.forward(x), scratch.y.subarray(0, count), classes);
    loss.backward();
    optimizer.step();
    total += loss.item();
    batches++;
  }
  return total / batches;
}

export function scratchFor(data: LabelledData, batchSize: number): { x: Float32Array; y: Float32Array } {
  return { x: new Float32Array(batchSize * data.inputs), y: new Float32Array(batchSize) };
}

/** The seeded generator of batch order for a run (independent of the weights' stream). */
export function shuffleFor(seed: number): Random {
  return new Random(seed ^ 0x5bd1e995);
}

/** Which epochs a curve keeps: all of them up to `points`, else every k-th and the last (epoch 0 is before training). */
export function curveEpochs(epochs: number, points = 50): number[] {
  const every = Math.max(1, Math.ceil(epochs / points));
  const kept: number[] = [];
  for (let e = 0; e <= epochs; e += every) kept.push(e);
  if (kept.at(-1) !== epochs) kept.push(epochs);
  return kept;
}
