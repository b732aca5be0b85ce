/**
 * The training cases and actlab's side of them, apart from the comparison harness so the profile script can
 * drive them without loading TensorFlow.js.
 */
import type { AutogradApi, BenchTensor, LayersApi } from './actlab-api.js';
import type { InitialParameters, NetSpec, TrainingBatch } from './hand-written-mlp.js';
import { BenchRandom } from './rng.js';

export const tinyNet: NetSpec = { sizes: [2, 8, 8, 1], hidden: 'tanh', loss: 'mse', batch: 32, lr: 0.1 };
export const mnistNet: NetSpec = {
  sizes: [784, 256, 256, 10],
  hidden: 'relu',
  loss: 'cross-entropy',
  batch: 128,
  lr: 0.01,
};

export function makeBatch(spec: NetSpec, seed: number): TrainingBatch {
  const random = new BenchRandom(seed);
  const width = spec.sizes[0]!;
  const classes = spec.sizes[spec.sizes.length - 1]!;
  const inputs = new Float32Array(spec.batch * width);
  if (spec.loss === 'mse') {
    // A smooth 2-D regression target, as in the playground.
    const targets = new Float32Array(spec.batch * classes);
    for (let i = 0; i < spec.batch; i++) {
      const u = random.uniform(-1, 1);
      const v = random.uniform(-1, 1);
      inputs[i * width] = u;
      inputs[i * width + 1] = v;
      targets[i] = Math.sin(3 * u) * v;
    }
    return { inputs, targets };
  }
  random.fillUniform(inputs, 0, 1);
  const targets = new Float32Array(spec.batch);
  for (let i = 0; i < spec.batch; i++) targets[i] = random.integer(0, classes);
  return { inputs, targets };
}

/** One actlab training step per call (zeroGrad, forward, loss, backward, SGD step), returning the loss. */
export function actlabTrainer(
  layersApi: LayersApi,
  autograd: AutogradApi,
  spec: NetSpec,
  init: InitialParameters,
  data: TrainingBatch,
  notes: string[],
): () => number {
  const { sizes, batch } = spec;
  const layers = sizes.length - 1;
  const model = layersApi.mlp(sizes, spec.hidden);
  const parameters = model.parameters();
  // Same starting point as the others when the parameters come in PyTorch's order and layout.
  const expected = init.weights.flatMap((w, l) => [w, init.biases[l]!]);
  const sameLayout =
    parameters.length === expected.length &&
    parameters.every((p, i) => p.data instanceof Float32Array && p.data.length === expected[i]!.length);
  if (sameLayout) {
    for (const [i, p] of parameters.entries()) p.data.set(expected[i]!);
  } else notes.push('actlab parameters not in [W0, b0, W1, ...] float32 order; actlab used its own init');
  const optimizer = layersApi.sgd(parameters, spec.lr);
  const inputs = autograd.tensor(data.inputs, [batch, sizes[0]!], false);
  const targets: BenchTensor =
    spec.loss === 'mse'
      ? autograd.tensor(data.targets, [batch, sizes[layers]!], false)
      : autograd.tensor(data.targets, [batch], false);
  const lossOf = spec.loss === 'mse' ? layersApi.mseLoss : layersApi.crossEntropyLoss;
  return () => {
    optimizer.zeroGrad();
    const loss = lossOf(model.forward(inputs), targets);
    loss.backward();
    optimizer.step();
    return loss.item();
  };
}
