import { type AutogradApi, type BenchTensor, type KernelsApi, type Loaded, tensorActivation } from '../actlab-api.js';
import { type Contender, measureInterleaved } from '../measure.js';
import { activationForwardBackwardGraph, activationForwardGraph, onnxModel } from '../onnx-graphs.js';
import { type OrtFeed, ortContender } from '../ort-backend.js';
import { type Row, rowFromMeasurements } from '../report.js';
import { uniformArray } from '../rng.js';
import {
  rowNames,
  type SeedActivation,
  seedActivations,
  type TensorActivation,
  tensorActivations,
} from '../targets.js';
import { tf, useBackend } from '../tfjs-backends.js';
import { actlabContenders, measureOptions, type SectionContext, type TfjsCase, tfjsContenders } from './common.js';

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

/** tfjs's registered vector-Jacobian product of `kernel` for one input, given the tensors it saved in the forward. */
function registeredVjp(
  kernel: string,
  dy: tf.Tensor,
  saved: tf.Tensor[],
  input: string,
  attrs: tf.NamedAttrMap = {},
): tf.Tensor {
  const config = tf.getGradient(kernel);
  if (!config) throw new Error(`tfjs has no gradient registered for ${kernel}`);
  const grad = config.gradFunc(dy, saved, attrs)[input];
  if (!grad) throw new Error(`tfjs gradient of ${kernel} has no ${input} entry`);
  return grad();
}

/**
 * The backward alone, as tf.grad would run it after the forward. Swish has no tfjs kernel: its backward is the
 * Multiply and Sigmoid vjps of x·σ(x) composed and summed, exactly the ops tf.grad records for it.
 */
function tfjsBackward(name: SeedActivation, x: tf.Tensor, y: tf.Tensor, s: tf.Tensor): (dy: tf.Tensor) => tf.Tensor {
  if (name === 'swish') {
    return (dy) =>
      tf.add(
        registeredVjp('Multiply', dy, [x, s], 'a'),
        registeredVjp('Sigmoid', registeredVjp('Multiply', dy, [x, s], 'b'), [s], 'x'),
      );
  }
  const { kernel, attrs } = tfjsKernel[name];
  const config = tf.getGradient(kernel);
  const saved = config?.outputsToSave?.some(Boolean) ? [y] : [x];
  return (dy) => registeredVjp(kernel, dy, saved, 'x', attrs);
}

function tfjsCase(name: SeedActivation, direction: 'fwd' | 'bwd', x: Float32Array, dy: Float32Array): TfjsCase {
  const xT = tf.tensor1d(x);
  const dyT = tf.tensor1d(dy);
  const yT = tfjsForward(name, xT);
  // Swish's backward reads σ(x), which tf.grad would have kept from the forward.
  const sT = tf.sigmoid(xT);
  const backward = tfjsBackward(name, xT, yT, sT);
  const compute = direction === 'fwd' ? () => tfjsForward(name, xT) : () => tf.tidy(() => backward(dyT));
  return {
    run: () => {
      const result = compute();
      // Forces the result, as a caller reading it would (on wasm this copies it out of the heap).
      result.dataSync();
      result.dispose();
    },
    dispose: () => tf.dispose([xT, dyT, yT, sT]),
    values: () => {
      const result = compute();
      const values = Float32Array.from(result.dataSync());
      result.dispose();
      return values;
    },
  };
}

/** Worst |a − b| / (1 + |b|) and where: the two libraries must agree to float32 rounding, or the timing is moot. */
function worstDifference(a: Float32Array, b: Float32Array): { error: number; index: number } {
  let error = 0;
  let index = -1;
  for (let i = 0; i < a.length; i++) {
    const e = Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!));
    if (!(e <= error)) {
      error = e;
      index = i;
    }
  }
  return { error, index };
}

export async function runActivations(
  context: SectionContext,
  kernels: Loaded<KernelsApi>,
  autograd: Loaded<AutogradApi>,
): Promise<Row[]> {
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
        if (name === 'swish')
          notes.push('tfjs has no swish kernel: x*sigmoid(x), backward by its Multiply+Sigmoid vjps');
        // The kernels into preallocated buffers (no Tensor): the kernel itself on each backend.
        const contenders: Contender[] = await actlabContenders(
          kernels,
          ['js', 'wasm'],
          () => {
            const actlab = kernels.ok ? kernels.api.activation(name) : kernels;
            if (!actlab.ok) {
              notes.push(`actlab skipped: ${actlab.reason}`);
              return null;
            }
            const kernel = actlab.api;
            kernel.forward(x, y);
            return direction === 'fwd' ? () => kernel.forward(x, out) : () => kernel.backward(x, y, dy, out);
          },
          notes,
        );
        const tfjs = await tfjsContenders(() => tfjsCase(name, direction, x, dy), notes);
        contenders.push(...tfjs.contenders);
        const results = await measureInterleaved(contenders, options);
        if (contenders.some((c) => c.name === 'js')) {
          // `out` holds actlab's last result: f(x) forward, dx backward.
          for (const [backend, tfCase] of tfjs.cases) {
            await useBackend(backend);
            const values = tfCase.values?.();
            const { error, index } = values ? worstDifference(out, values) : { error: 0, index: -1 };
            if (error > 1e-5) {
              notes.push(
                `actlab and tfjs-${backend} disagree: x=${x[index]} gives ${out[index]} vs ${values?.[index]} (error ${error.toExponential(1)})`,
              );
            }
          }
        }
        tfjs.dispose();
        rows.push(rowFromMeasurements('activations', rowName, 'ns/elem', n, results, notes));
      }
    }
  }
  rows.push(...(await runTensorActivations(context, kernels, autograd)));
  return rows;
}

/** tfjs through its public API, as a user calls it: tf.relu(x); and tf.grad for forward + backward. */
function tfjsTensorCase(name: TensorActivation, mode: 'fwd' | 'fwd+bwd', x: Float32Array, dy: Float32Array): TfjsCase {
  const xT = tf.tensor1d(x);
  const dyT = tf.tensor1d(dy);
  const f = (input: tf.Tensor) => tfjsForward(name, input);
  const grad = tf.grad(f);
  return {
    run: () => {
      const result = mode === 'fwd' ? f(xT) : grad(xT, dyT);
      result.dataSync();
      result.dispose();
    },
    dispose: () => tf.dispose([xT, dyT]),
  };
}

/**
 * Issue 9's activation rows: n = 1e6 through the public Tensor API (`x.relu()`, then `y.backward(dy)` reading
 * `x.grad`), every allocation and copy included, against tfjs's public API and an onnxruntime-node session.
 */
async function runTensorActivations(
  context: SectionContext,
  kernels: Loaded<KernelsApi>,
  autograd: Loaded<AutogradApi>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const options = measureOptions(
    context.quick,
    { sampleMs: 80, samples: 7, warmupMs: 200 },
    { sampleMs: 30, samples: 3, warmupMs: 80 },
  );
  const n = 1e6;
  const x = uniformArray(n, -5, 5, 1);
  const dy = uniformArray(n, -1, 1, 2);
  for (const name of tensorActivations) {
    for (const mode of ['fwd', 'fwd+bwd'] as const) {
      const rowName = rowNames.tensorActivation(name, mode);
      context.progress(rowName);
      const notes: string[] = [];
      const contenders: Contender[] = [];
      if (autograd.ok) {
        contenders.push(
          ...(await actlabContenders(
            kernels,
            ['js', 'wasm', 'wasm-2t'],
            () => {
              const { tensor } = autograd.api;
              const xT: BenchTensor = tensor(x, [n], mode === 'fwd+bwd');
              const dyT: BenchTensor = tensor(dy, [n], false);
              const apply = tensorActivation(xT, name);
              if (apply === null) {
                notes.push(`actlab skipped: Tensor has no ${name}() method`);
                return null;
              }
              if (mode === 'fwd') return () => void apply().data;
              return () => {
                xT.grad = null;
                apply().backward(dyT);
                if (xT.grad === null) throw new Error('backward() left x.grad null');
              };
            },
            notes,
          )),
        );
      } else notes.push(`actlab skipped: ${autograd.reason}`);
      const tfjs = await tfjsContenders(() => tfjsTensorCase(name, mode, x, dy), notes);
      contenders.push(...tfjs.contenders);
      const model = onnxModel(
        mode === 'fwd' ? activationForwardGraph(name, n) : activationForwardBackwardGraph(name, n),
      );
      const feeds: Record<string, OrtFeed> = { x: { data: x, shape: [n] } };
      if (mode === 'fwd+bwd') feeds.dy = { data: dy, shape: [n] };
      const ort = await ortContender(model, feeds, notes);
      if (ort !== null) contenders.push(ort.contender);
      const results = await measureInterleaved(contenders, options);
      tfjs.dispose();
      await ort?.session.release();
      rows.push(rowFromMeasurements('activations', rowName, 'ns/elem', n, results, notes));
    }
  }
  return rows;
}
