import type { AutogradApi, BenchTensor, KernelsApi, Loaded } from '../actlab-api.js';
import { type Contender, measureInterleaved } from '../measure.js';
import { type Row, rowFromMeasurements } from '../report.js';
import { uniformArray } from '../rng.js';
import { tf } from '../tfjs-backends.js';
import { actlabContenders, measureOptions, type SectionContext, tfjsContenders } from './common.js';

const shape = [2, 8] as const;
const links = 8;
/** Each link is mul, add, tanh; the chain ends in a sum. */
const opsPerChain = links * 3 + 1;

function actlabChain(x: BenchTensor, w: BenchTensor, b: BenchTensor): BenchTensor {
  let h = x;
  for (let i = 0; i < links; i++) h = h.mul(w).add(b).tanh();
  return h.sum();
}

function tfjsChain(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Scalar {
  let h = x;
  for (let i = 0; i < links; i++) h = tf.tanh(tf.add(tf.mul(h, w), b));
  return tf.sum(h);
}

export async function runDispatch(
  context: SectionContext,
  kernels: Loaded<KernelsApi>,
  autograd: Loaded<AutogradApi>,
): Promise<Row[]> {
  const rows: Row[] = [];
  const options = measureOptions(
    context.quick,
    { sampleMs: 60, samples: 7, warmupMs: 600 },
    { sampleMs: 30, samples: 3, warmupMs: 300 },
  );
  const size = shape[0] * shape[1];
  const x = uniformArray(size, -1, 1, 5);
  const w = uniformArray(size, -1, 1, 6);
  const b = uniformArray(size, -1, 1, 7);
  for (const mode of ['fwd', 'fwd+bwd'] as const) {
    const rowName = `dispatch ${mode} 2x8 (${opsPerChain} ops)`;
    context.progress(rowName);
    const notes: string[] = [];
    const contenders: Contender[] = [];
    if (autograd.ok) {
      const { tensor } = autograd.api;
      contenders.push(
        ...(await actlabContenders(
          kernels,
          ['js', 'wasm'],
          () => {
            const wT = tensor(w, shape, false);
            const bT = tensor(b, shape, false);
            if (mode === 'fwd') {
              // No input requires grad, so no tape is recorded: the pure dispatch cost of an op.
              const xT = tensor(x, shape, false);
              return () => void actlabChain(xT, wT, bT).item();
            }
            const xT = tensor(x, shape, true);
            return () => {
              xT.grad = null;
              actlabChain(xT, wT, bT).backward();
              if (xT.grad === null) throw new Error('backward() left x.grad null');
            };
          },
          notes,
        )),
      );
    } else {
      notes.push(`actlab skipped: ${autograd.reason}`);
    }
    const tfjs = await tfjsContenders(() => {
      const xT = tf.tensor2d(x, [...shape]);
      const wT = tf.tensor2d(w, [...shape]);
      const bT = tf.tensor2d(b, [...shape]);
      const grad = tf.grad((input: tf.Tensor) => tfjsChain(input, wT, bT));
      const compute = mode === 'fwd' ? () => tf.tidy(() => tfjsChain(xT, wT, bT)) : () => tf.tidy(() => grad(xT));
      return {
        run: () => {
          const result = compute();
          result.dataSync();
          result.dispose();
        },
        dispose: () => tf.dispose([xT, wT, bT]),
      };
    }, notes);
    contenders.push(...tfjs.contenders);
    const results = await measureInterleaved(contenders, options);
    tfjs.dispose();
    rows.push(rowFromMeasurements('dispatch', rowName, 'ns/op', opsPerChain, results, notes));
  }
  return rows;
}
