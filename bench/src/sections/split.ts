/**
 * Where the time of `x.relu()` at n = 1e6 goes on the wasm backend: the parts a call through the Tensor API pays,
 * timed alone with the kernels' own arena helpers (imported from packages/kernels' source: a private instance of
 * the module, so nothing here touches the backend the other sections time). Issue 9 asks for this split where
 * copying between JS and WebAssembly memory decides a target.
 */
import { timeCalls } from '../measure.js';
import { uniformArray } from '../rng.js';
import type { TensorActivation } from '../targets.js';
import type { SectionContext } from './common.js';

type WasmFunction = (...args: number[]) => number;

interface Internals {
  arenaReset(): void;
  arenaReserve(bytes: number): boolean;
  copyIn(src: Float32Array): number;
  copyOut(at: number, dst: Float32Array): void;
  kernels(): Record<string, WasmFunction>;
}

async function loadInternals(): Promise<Internals | string> {
  try {
    const heap: unknown = await import('../../../packages/kernels/src/wasm/heap.js');
    const h = heap as Record<string, unknown>;
    for (const name of ['arenaReset', 'arenaReserve', 'copyIn', 'copyOut', 'kernels']) {
      if (typeof h[name] !== 'function') return `packages/kernels/src/wasm/heap.ts has no ${name}`;
    }
    return heap as Internals;
  } catch (error) {
    return `packages/kernels/src/wasm/heap.ts is not importable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const forwardExport: Record<TensorActivation, string> = {
  sigmoid: 'sigmoid_f32',
  tanh: 'tanh_f32',
  relu: 'relu_f32',
  swish: 'swish_f32',
};

export async function runSplit(context: SectionContext): Promise<string[]> {
  const internals = await loadInternals();
  if (typeof internals === 'string') return [`skipped: ${internals}`];
  const { arenaReset, arenaReserve, copyIn, copyOut, kernels } = internals;
  const n = 1e6;
  const x = uniformArray(n, -5, 5, 1);
  const y = new Float32Array(n);
  arenaReset();
  arenaReserve(n * 4 * 2);
  const at = copyIn(x);
  const options = context.quick
    ? { sampleMs: 30, samples: 3, warmupMs: 50 }
    : { sampleMs: 80, samples: 7, warmupMs: 150 };
  const perElement = (run: () => void) => (timeCalls(run, options) * 1e6) / n;
  const alloc = perElement(() => void new Float32Array(n));
  const copyInNs = perElement(() => {
    arenaReset();
    copyIn(x);
  });
  const copyOutNs = perElement(() => copyOut(at, y));
  const lines = [
    `per element at n = 1e6: a new Float32Array ${alloc.toFixed(3)} ns, copy in ${copyInNs.toFixed(3)} ns, copy out ${copyOutNs.toFixed(3)} ns`,
  ];
  for (const [name, exportName] of Object.entries(forwardExport)) {
    context.progress(`split ${name}`);
    const kernel = kernels()[exportName];
    if (kernel === undefined) {
      lines.push(`${name}: no export ${exportName}`);
      continue;
    }
    arenaReset();
    arenaReserve(n * 4 * 2);
    const p = copyIn(x);
    const compute = perElement(() => void kernel(p, p, n, 1));
    const total = alloc + copyInNs + compute + copyOutNs;
    lines.push(
      `x.${name}() fwd: compute ${compute.toFixed(3)} ns/elem of ${total.toFixed(3)} (allocation + copies ` +
        `${(((alloc + copyInNs + copyOutNs) / total) * 100).toFixed(0)}%)`,
    );
  }
  return lines;
}
