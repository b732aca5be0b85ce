import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AutogradApi, KernelsApi, LayersApi, Loaded } from '../actlab-api.js';
import { initialParameters } from '../hand-written-mlp.js';
import { type ActlabContender, actlabBackends } from '../measure.js';
import { actlabTrainer, makeBatch, mnistNet } from '../training-cases.js';
import type { SectionContext } from './common.js';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * Memory of the 784-256-256-10 training loop on each backend: JS heap after a full GC at the start and the end,
 * peak RSS, and the WebAssembly memory the wasm backend holds. Bytes, not time: flat means the end equals the start.
 */
export async function runMemory(
  context: SectionContext,
  kernels: Loaded<KernelsApi>,
  layers: Loaded<LayersApi>,
  autograd: Loaded<AutogradApi>,
): Promise<string[]> {
  if (!kernels.ok || !layers.ok || !autograd.ok || kernels.api.use === null) {
    return ['skipped: the packages are not built, or this build has no setBackend'];
  }
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const steps = context.quick ? 300 : 3000;
  const lines: string[] = [];
  for (const name of ['js', 'wasm', 'wasm-2t'] satisfies ActlabContender[]) {
    context.progress(`memory ${name}`);
    const { backend, threads } = actlabBackends[name];
    await kernels.api.use(backend, threads);
    const notes: string[] = [];
    const step = actlabTrainer(
      layers.api,
      autograd.api,
      mnistNet,
      initialParameters(mnistNet.sizes, 11),
      makeBatch(mnistNet, 12),
      notes,
    );
    for (let i = 0; i < 50; i++) step();
    gc();
    const start = process.memoryUsage();
    const wasmStart = kernels.api.wasmMemoryBytes?.() ?? 0;
    let peakRss = start.rss;
    for (let i = 0; i < steps; i++) {
      step();
      if (i % 25 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    gc();
    const end = process.memoryUsage();
    const wasmEnd = kernels.api.wasmMemoryBytes?.() ?? 0;
    lines.push(
      `${name.padEnd(7)} ${steps} steps after 50: JS heap ${mb(start.heapUsed)} -> ${mb(end.heapUsed)}, ` +
        `external+arrayBuffers ${mb(start.external)} -> ${mb(end.external)}, ` +
        `WebAssembly memory ${mb(wasmStart)} -> ${mb(wasmEnd)}, peak RSS ${mb(peakRss)}` +
        (notes.length > 0 ? ` (${notes.join('; ')})` : ''),
    );
  }
  return lines;
}
