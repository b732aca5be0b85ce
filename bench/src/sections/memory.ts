import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { KernelsApi, Loaded } from '../actlab-api.js';
import { type ActlabContender, actlabBackends } from '../measure.js';
import type { SectionContext } from './common.js';

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

interface Probe {
  rssAtStart: number;
  peakRss: number;
  heap: [number, number];
  arrayBuffers: [number, number];
  wasm: [number, number];
  notes: string[];
}

/**
 * Memory of the 784-256-256-10 training loop on each backend, each in a fresh process (src/memory-probe.ts): the JS
 * heap and the ArrayBuffer bytes after a full GC at the start and the end, the WebAssembly memory the wasm backend
 * holds, and the peak resident set. Bytes, not time: flat means the end equals the start.
 */
export async function runMemory(context: SectionContext, kernels: Loaded<KernelsApi>): Promise<string[]> {
  if (!kernels.ok || kernels.api.use === null) return ['skipped: the packages are not built, or have no setBackend'];
  const steps = context.quick ? 300 : 3000;
  const script = fileURLToPath(new URL('../memory-probe.ts', import.meta.url));
  const lines: string[] = [];
  for (const name of ['js', 'wasm', 'wasm-2t'] satisfies ActlabContender[]) {
    context.progress(`memory ${name}`);
    const { backend, threads } = actlabBackends[name];
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', script, backend, String(threads), String(steps)],
        { maxBuffer: 1 << 20, env: { ...process.env, ACTLAB_BACKEND: backend } },
      );
      const probe: Probe = JSON.parse(stdout.trim().split('\n').pop()!);
      lines.push(
        `${name.padEnd(7)} ${steps} steps after 50: JS heap ${mb(probe.heap[0])} -> ${mb(probe.heap[1])}, ` +
          `ArrayBuffers ${mb(probe.arrayBuffers[0])} -> ${mb(probe.arrayBuffers[1])}, ` +
          `WebAssembly memory ${mb(probe.wasm[0])} -> ${mb(probe.wasm[1])}, ` +
          `peak RSS ${mb(probe.peakRss)} (${mb(probe.rssAtStart)} before loading actlab)` +
          (probe.notes.length > 0 ? ` (${probe.notes.join('; ')})` : ''),
      );
    } catch (error) {
      lines.push(`${name}: failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }
  return lines;
}
