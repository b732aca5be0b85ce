import * as k from '@actlab/kernels';
import { tf, useBackend } from './src/tfjs-backends.js';

k.setNumThreads(1);
await useBackend('wasm');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const n of [256, 512, 1024]) {
  const a = new Float32Array(n * n).map(() => Math.random() - 0.5),
    b = new Float32Array(n * n).map(() => Math.random() - 0.5),
    c = new Float32Array(n * n);
  const aT = tf.tensor2d(a, [n, n]),
    bT = tf.tensor2d(b, [n, n]);
  const runA = () => k.gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
  const runT = () => {
    const p = tf.matMul(aT, bT);
    p.dataSync();
    p.dispose();
  };
  const reps = Math.max(2, Math.round(3e8 / n ** 3));
  const res: Record<string, number[]> = { a: [], t: [] };
  for (let r = 0; r < 6; r++)
    for (const [name, f] of [
      ['a', runA],
      ['t', runT],
    ] as const) {
      f();
      const t0 = cpu();
      for (let i = 0; i < reps; i++) f();
      res[name].push((2 * n ** 3 * reps) / ((cpu() - t0) * 1e6));
    }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1];
  console.log(
    n,
    'actlab',
    med(res.a).toFixed(1),
    'tfjs-wasm',
    med(res.t).toFixed(1),
    'ratio',
    (med(res.a) / med(res.t)).toFixed(2),
  );
  tf.dispose([aT, bT]);
}
