import type { KernelsApi, Loaded } from '../actlab-api.js';
import { type Contender, measureInterleaved } from '../measure.js';
import { matMulGraph, onnxModel } from '../onnx-graphs.js';
import { ortContender } from '../ort-backend.js';
import { type Row, rowFromMeasurements } from '../report.js';
import { uniformArray } from '../rng.js';
import { rowNames } from '../targets.js';
import { tf } from '../tfjs-backends.js';
import { actlabContenders, measureOptions, type SectionContext, tfjsContenders } from './common.js';

/** The textbook floor: an i-k-j triple loop over row-major arrays, no blocking, no tiling. */
function plainMatmul(n: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const rowA = i * n;
    for (let p = 0; p < n; p++) {
      const aip = a[rowA + p]!;
      const rowB = p * n;
      for (let j = 0; j < n; j++) c[rowA + j]! += aip * b[rowB + j]!;
    }
  }
}

/** The plain loop is only run up to this size: at 1024 one call takes seconds. */
const plainLoopMaxSize = 512;

export async function runGemm(context: SectionContext, kernels: Loaded<KernelsApi>): Promise<Row[]> {
  const rows: Row[] = [];
  const options = measureOptions(
    context.quick,
    { sampleMs: 300, samples: 5, warmupMs: 200 },
    { sampleMs: 100, samples: 3, warmupMs: 50 },
  );
  for (const n of [128, 256, 512, 1024]) {
    const rowName = rowNames.gemm(n);
    context.progress(rowName);
    const notes: string[] = [];
    const a = uniformArray(n * n, -1, 1, 3);
    const b = uniformArray(n * n, -1, 1, 4);
    const c = new Float32Array(n * n);
    const gemm = kernels.ok ? kernels.api.gemm : null;
    if (kernels.ok && !gemm) notes.push(`actlab skipped: ${kernels.api.gemmMissing}`);
    const contenders: Contender[] = await actlabContenders(
      kernels,
      ['js', 'wasm', 'wasm-2t'],
      () => (gemm ? () => gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) : null),
      notes,
    );
    if (n <= plainLoopMaxSize) contenders.push({ name: 'js-loop', run: () => plainMatmul(n, a, b, c) });
    const tfjs = await tfjsContenders(() => {
      const aT = tf.tensor2d(a, [n, n]);
      const bT = tf.tensor2d(b, [n, n]);
      return {
        run: () => {
          const product = tf.matMul(aT, bT);
          product.dataSync();
          product.dispose();
        },
        dispose: () => tf.dispose([aT, bT]),
      };
    }, notes);
    contenders.push(...tfjs.contenders);
    const ort = await ortContender(
      onnxModel(matMulGraph(n)),
      { a: { data: a, shape: [n, n] }, b: { data: b, shape: [n, n] } },
      notes,
    );
    if (ort !== null) contenders.push(ort.contender);
    const results = await measureInterleaved(contenders, options);
    tfjs.dispose();
    await ort?.session.release();
    rows.push(rowFromMeasurements('gemm', rowName, 'GFLOP/s', 2 * n * n * n, results, notes));
  }
  return rows;
}
