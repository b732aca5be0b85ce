/**
 * Runs one actlab case in a loop, for profiling outside the comparison harness:
 *
 *   pnpm --filter @actlab/bench profile <case> [seconds]
 *
 * which runs under `node --cpu-prof` and writes a .cpuprofile to bench/bench-results/profiles/ (git-ignored);
 * `pnpm --filter @actlab/bench profile:summary` then prints the hottest functions of the newest profile.
 * Cases: tiny-train, mnist-train, dispatch, gemm-<n>, <activation>-fwd, <activation>-bwd.
 */
import { loadAutograd, loadKernels, loadLayers } from './actlab-api.js';
import { initialParameters } from './hand-written-mlp.js';
import { uniformArray } from './rng.js';
import { actlabTrainer, makeBatch, mnistNet, tinyNet } from './training-cases.js';

async function caseRunner(name: string): Promise<() => void> {
  if (name === 'tiny-train' || name === 'mnist-train') {
    const [layers, autograd] = await Promise.all([loadLayers(), loadAutograd()]);
    if (!layers.ok) throw new Error(layers.reason);
    if (!autograd.ok) throw new Error(autograd.reason);
    const spec = name === 'tiny-train' ? tinyNet : mnistNet;
    const notes: string[] = [];
    const step = actlabTrainer(
      layers.api,
      autograd.api,
      spec,
      initialParameters(spec.sizes, 11),
      makeBatch(spec, 12),
      notes,
    );
    for (const note of notes) console.error(note);
    return () => void step();
  }
  if (name === 'dispatch') {
    const autograd = await loadAutograd();
    if (!autograd.ok) throw new Error(autograd.reason);
    const { tensor } = autograd.api;
    const x = tensor(uniformArray(16, -1, 1, 5), [2, 8], true);
    const w = tensor(uniformArray(16, -1, 1, 6), [2, 8], false);
    const b = tensor(uniformArray(16, -1, 1, 7), [2, 8], false);
    return () => {
      x.grad = null;
      let h = x;
      for (let i = 0; i < 8; i++) h = h.mul(w).add(b).tanh();
      h.sum().backward();
    };
  }
  const kernels = await loadKernels();
  if (!kernels.ok) throw new Error(kernels.reason);
  const gemmSize = /^gemm-(\d+)$/.exec(name);
  if (gemmSize) {
    const n = Number(gemmSize[1]);
    const gemm = kernels.api.gemm;
    if (!gemm) throw new Error(kernels.api.gemmMissing);
    const a = uniformArray(n * n, -1, 1, 3);
    const b = uniformArray(n * n, -1, 1, 4);
    const c = new Float32Array(n * n);
    return () => gemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
  }
  const activation = /^(\w+)-(fwd|bwd)$/.exec(name);
  if (activation) {
    const loaded = kernels.api.activation(activation[1]!);
    if (!loaded.ok) throw new Error(loaded.reason);
    const n = 1e6;
    const x = uniformArray(n, -5, 5, 1);
    const dy = uniformArray(n, -1, 1, 2);
    const y = new Float32Array(n);
    const out = new Float32Array(n);
    loaded.api.forward(x, y);
    return activation[2] === 'fwd' ? () => loaded.api.forward(x, out) : () => loaded.api.backward(x, y, dy, out);
  }
  throw new Error(
    `unknown case ${JSON.stringify(name)}; use tiny-train, mnist-train, dispatch, gemm-<n>, <activation>-fwd|bwd`,
  );
}

const [name = 'tiny-train', secondsText = '5'] = process.argv.slice(2).filter((arg) => arg !== '--');
const run = await caseRunner(name);
const seconds = Number(secondsText);
const start = performance.now();
let calls = 0;
while (performance.now() - start < seconds * 1000) {
  run();
  calls++;
}
const elapsed = performance.now() - start;
console.log(
  `${name}: ${calls} calls in ${(elapsed / 1000).toFixed(1)} s, ${((elapsed / calls) * 1e3).toFixed(1)} us/call`,
);
