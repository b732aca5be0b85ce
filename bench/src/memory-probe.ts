/**
 * One backend's memory over the 784-256-256-10 training loop, in a process of its own (so nothing else the bench
 * loads — tfjs, onnxruntime — is in the figures). Run by sections/memory.ts:
 *   node --expose-gc --import tsx src/memory-probe.ts <js|wasm> <threads> <steps>
 * Prints one JSON line.
 */
import { loadAutograd, loadKernels, loadLayers } from './actlab-api.js';
import { initialParameters } from './hand-written-mlp.js';
import { actlabTrainer, makeBatch, mnistNet } from './training-cases.js';

const [backend, threadsText, stepsText] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if ((backend !== 'js' && backend !== 'wasm') || gc === undefined) {
  throw new Error('usage: node --expose-gc --import tsx src/memory-probe.ts <js|wasm> <threads> <steps>');
}
const threads = Number(threadsText);
const steps = Number(stepsText);
const rssAtStart = process.memoryUsage.rss();
const [kernels, autograd, layers] = await Promise.all([loadKernels(), loadAutograd(), loadLayers()]);
if (!kernels.ok || !autograd.ok || !layers.ok || kernels.api.use === null) throw new Error('packages not built');
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
let peakRss = Math.max(start.rss, process.memoryUsage.rss());
for (let i = 0; i < steps; i++) {
  step();
  if (i % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
}
gc();
const end = process.memoryUsage();
console.log(
  JSON.stringify({
    rssAtStart,
    peakRss,
    heap: [start.heapUsed, end.heapUsed],
    arrayBuffers: [start.arrayBuffers, end.arrayBuffers],
    wasm: [wasmStart, kernels.api.wasmMemoryBytes?.() ?? 0],
    notes,
  }),
);
