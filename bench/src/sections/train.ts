import type { AutogradApi, KernelsApi, LayersApi, Loaded } from '../actlab-api.js';
import {
  HandWrittenMlp,
  type InitialParameters,
  initialParameters,
  type LoopTanh,
  type NetSpec,
  type TrainingBatch,
} from '../hand-written-mlp.js';
import {
  type ActlabContender,
  type Contender,
  type ContenderName,
  errorText,
  type MeasureOptions,
  measureInterleaved,
} from '../measure.js';
import { type Row, rowFromMeasurements } from '../report.js';
import { rowNames } from '../targets.js';
import { tf } from '../tfjs-backends.js';
import { actlabTrainer, makeBatch, mnistNet, tinyNet } from '../training-cases.js';
import { actlabContenders, measureOptions, type SectionContext, type TfjsCase, tfjsContenders } from './common.js';

interface NetCase {
  readonly rowName: string;
  readonly spec: NetSpec;
  readonly options: MeasureOptions;
  readonly loopTanh: LoopTanh;
  /** The second tiny-net row only re-measures actlab against the stronger floor; tfjs is in the first. */
  readonly withTfjs: boolean;
  /** The actlab backends timed: two threads only where products are big enough to split. */
  readonly actlab: readonly ActlabContender[];
}

/** Steps run before timing; their losses are compared to check every contender trains the same network. */
const checkSteps = 3;

function transposed(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  return out;
}

/** tfjs's fastest training path for a small model: raw ops, optimizer.minimize (tf.variableGrads inside). */
function tfjsTrainer(spec: NetSpec, init: InitialParameters, data: TrainingBatch, losses: number[]): TfjsCase {
  const { sizes, batch } = spec;
  const layers = sizes.length - 1;
  const classes = sizes[layers]!;
  // tidy disposes the initial tensors; the variables keep their (shared, refcounted) data.
  const weights = init.weights.map((w, l) =>
    tf.tidy(() => tf.variable(tf.tensor2d(transposed(w, sizes[l + 1]!, sizes[l]!), [sizes[l]!, sizes[l + 1]!]))),
  );
  const biases = init.biases.map((b) => tf.tidy(() => tf.variable(tf.tensor1d(b))));
  const inputs = tf.tensor2d(data.inputs, [batch, sizes[0]!]);
  const targets =
    spec.loss === 'mse'
      ? tf.tensor2d(data.targets, [batch, classes])
      : tf.tidy(() => tf.oneHot(tf.tensor1d(data.targets, 'int32'), classes).toFloat());
  const optimizer = tf.train.sgd(spec.lr);
  const loss = (): tf.Scalar => {
    let h: tf.Tensor = inputs;
    for (let l = 0; l < layers; l++) {
      h = tf.add(tf.matMul(h, weights[l]!), biases[l]!);
      if (l + 1 < layers) h = spec.hidden === 'tanh' ? tf.tanh(h) : tf.relu(h);
    }
    return spec.loss === 'mse' ? tf.losses.meanSquaredError(targets, h) : tf.losses.softmaxCrossEntropy(targets, h);
  };
  const step = (): number => {
    const cost = optimizer.minimize(loss, true);
    if (!cost) throw new Error('tfjs minimize returned no cost');
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  };
  for (let s = 0; s < checkSteps; s++) losses.push(step());
  return {
    run: () => void step(),
    dispose: () => {
      tf.dispose([...weights, ...biases, inputs, targets]);
      optimizer.dispose();
    },
  };
}

function lossCheck(losses: Map<ContenderName, number[]>, notes: string[]): void {
  const reference = losses.get('js-loop');
  if (!reference) return;
  const last = reference[reference.length - 1]!;
  for (const [name, values] of losses) {
    const value = values[values.length - 1];
    if (name === 'js-loop' || value === undefined) continue;
    if (!(Math.abs(value - last) <= 1e-3 * Math.max(1, Math.abs(last)))) {
      notes.push(`loss after ${checkSteps} steps: ${name} ${value.toPrecision(6)} vs js-loop ${last.toPrecision(6)}`);
    }
  }
}

export async function runTrain(
  context: SectionContext,
  kernels: Loaded<KernelsApi>,
  layersApi: Loaded<LayersApi>,
  autograd: Loaded<AutogradApi>,
): Promise<Row[]> {
  const tinyOptions = measureOptions(
    context.quick,
    { sampleMs: 250, samples: 7, warmupMs: 800 },
    { sampleMs: 100, samples: 3, warmupMs: 400 },
  );
  const cases: NetCase[] = [
    {
      rowName: rowNames.tinyNet,
      spec: tinyNet,
      options: tinyOptions,
      loopTanh: 'math',
      withTfjs: true,
      actlab: ['js', 'wasm'],
    },
    {
      rowName: rowNames.tinyNetInlineTanh,
      spec: tinyNet,
      options: tinyOptions,
      loopTanh: 'inline',
      withTfjs: false,
      actlab: ['js', 'wasm'],
    },
    {
      rowName: rowNames.mnistNet,
      spec: mnistNet,
      options: measureOptions(
        context.quick,
        { sampleMs: 600, samples: 5, warmupMs: 200 },
        { sampleMs: 250, samples: 3, warmupMs: 0 },
      ),
      loopTanh: 'math',
      withTfjs: true,
      actlab: ['js', 'wasm', 'wasm-2t'],
    },
  ];
  const rows: Row[] = [];
  for (const { rowName, spec, options, loopTanh, withTfjs, actlab } of cases) {
    context.progress(rowName);
    const notes: string[] = [];
    const init = initialParameters(spec.sizes, 11);
    const data = makeBatch(spec, 12);
    const losses = new Map<ContenderName, number[]>();
    const contenders: Contender[] = [];

    const loop = new HandWrittenMlp(spec, init, loopTanh);
    losses.set(
      'js-loop',
      Array.from({ length: checkSteps }, () => loop.step(data)),
    );
    contenders.push({ name: 'js-loop', run: () => void loop.step(data) });

    if (layersApi.ok && autograd.ok) {
      contenders.push(
        ...(await actlabContenders(
          kernels,
          actlab,
          (name) => {
            try {
              const step = actlabTrainer(layersApi.api, autograd.api, spec, init, data, notes);
              losses.set(name, Array.from({ length: checkSteps }, step));
              return () => void step();
            } catch (error) {
              notes.push(`${name} failed: ${errorText(error)}`);
              return null;
            }
          },
          notes,
        )),
      );
    } else {
      const reasons = [layersApi, autograd].flatMap((loaded) => (loaded.ok ? [] : [loaded.reason]));
      notes.push(`actlab skipped: ${reasons.join('; ')}`);
    }

    const tfjs = await tfjsContenders(
      (backend) => {
        const tfLosses: number[] = [];
        const trainer = tfjsTrainer(spec, init, data, tfLosses);
        losses.set(`tfjs-${backend}`, tfLosses);
        return trainer;
      },
      notes,
      withTfjs ? undefined : [],
    );
    contenders.push(...tfjs.contenders);
    lossCheck(losses, notes);
    const results = await measureInterleaved(contenders, options);
    tfjs.dispose();
    const row = rowFromMeasurements('train', rowName, 'steps/s', 1, results, notes);
    row.lossCheck = Object.fromEntries(losses);
    rows.push(row);
  }
  return rows;
}
