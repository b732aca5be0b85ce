import type { KernelsApi, Loaded } from '../actlab-api.js';
import { type Contender, measureInterleaved } from '../measure.js';
import { type Row, rowFromMeasurements } from '../report.js';
import { uniformArray } from '../rng.js';
import { rowNames, type SeedActivation, seedActivations } from '../targets.js';
import { tf } from '../tfjs-backends.js';
import { measureOptions, type SectionContext, type TfjsCase, tfjsContenders } from './common.js';

const leakyReluSlope = 0.01;

function tfjsForward(name: SeedActivation, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'leakyRelu':
      return tf.leakyRelu(x, leakyReluSlope);
    case 'softplus':
      return tf.softplus(x);
    case 'swish':
      // tfjs has no swish kernel; tf.layers' 'swish' activation is this same composite.
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
  }
}

/** tfjs's own registered vector-Jacobian product for the kernel, given the tensors it saved in the forward. */
const tfjsKernel: Record<Exclude<SeedActivation, 'swish'>, { kernel: string; attrs: tf.NamedAttrMap }> = {
  sigmoid: { kernel: 'Sigmoid', attrs: {} },
  tanh: { kernel: 'Tanh', attrs: {} },
  relu: { kernel: 'Relu', attrs: {} },
  leakyRelu: { kernel: 'LeakyRelu', attrs: { alpha: leakyReluSlope } },
  softplus: { kernel: 'Softplus', attrs: {} },
};

function tfjsBackward(name: SeedActivation, x: tf.Tensor, y: tf.Tensor): (dy: tf.Tensor) => tf.Tensor {
  if (name === 'swish') {
    const grad = tf.grad((input: tf.Tensor) => tf.mul(input, tf.sigmoid(input)));
    return (dy) => grad(x, dy);
  }
  const { kernel, attrs } = tfjsKernel[name];
  const config = tf.getGradient(kernel);
  if (!config) throw new Error(`tfjs has no gradient registered for ${kernel}`);
  const saved = config.outputsToSave?.some(Boolean) ? [y] : [x];
  return (dy) => {
    const grads = config.gradFunc(dy, saved, attrs);
    const dx = grads.x;
    if (!dx) throw new Error(`tfjs gradient of ${kernel} has no x entry`);
    return dx();
  };
}

function tfjsCase(name: SeedActivation, direction: 'fwd' | 'bwd', x: Float32Array, dy: Float32Array): TfjsCase {
  const xT = tf.tensor1d(x);
  const dyT = tf.tensor1d(dy);
  const yT = tfjsForward(name, xT);
  const backward = tfjsBackward(name, xT, yT);
  const compute = direction === 'fwd' ? () => tfjsForward(name, xT) : () => tf.tidy(() => backward(dyT));
  return {
    run: () => {
      const result = compute();
      // Forces the result, as a caller reading it would (on wasm this copies it out of the heap).
      result.dataSync();
      result.dispose();
    },
    dispose: () => tf.dispose([xT, dyT, yT]),
  };
}

export async function runActivations(context: SectionContext, kernels: Loaded<KernelsApi>): Promise<Row[]> {
  const rows: Row[] = [];
  const options = measureOptions(
    context.quick,
    { sampleMs: 60, samples: 7, warmupMs: 200 },
    { sampleMs: 20, samples: 3, warmupMs: 80 },
  );
  const sizes = [
    { label: '1e4', n: 1e4 },
    { label: '1e6', n: 1e6 },
  ];
  for (const { label, n } of sizes) {
    // Random-sign inputs in [-5, 5]: relu and friends cannot lean on branch prediction.
    const x = uniformArray(n, -5, 5, 1);
    const dy = uniformArray(n, -1, 1, 2);
    const y = new Float32Array(n);
    const out = new Float32Array(n);
    for (const name of seedActivations) {
      for (const direction of ['fwd', 'bwd'] as const) {
        const rowName = rowNames.activation(name, direction, label);
        context.progress(rowName);
        const notes: string[] = [];
        if (name === 'swish' && direction === 'bwd') notes.push('tfjs: tf.grad of x*sigmoid(x), forward included');
        const contenders: Contender[] = [];
        const actlab = kernels.ok ? kernels.api.activation(name) : kernels;
        if (actlab.ok) {
          const kernel = actlab.api;
          kernel.forward(x, y);
          contenders.push({
            name: 'actlab',
            run: direction === 'fwd' ? () => kernel.forward(x, out) : () => kernel.backward(x, y, dy, out),
          });
        } else {
          notes.push(`actlab skipped: ${actlab.reason}`);
        }
        const tfjs = await tfjsContenders(() => tfjsCase(name, direction, x, dy), notes);
        contenders.push(...tfjs.contenders);
        const results = await measureInterleaved(contenders, options);
        tfjs.dispose();
        rows.push(rowFromMeasurements('activations', rowName, 'ns/elem', n, results, notes));
      }
    }
  }
  return rows;
}
