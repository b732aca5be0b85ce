/**
 * Kernel threads: `setNumThreads(n)` and the helper wasm kernel wrappers split large work with.
 *
 * Threads are instances of the same WebAssembly module in workers (Node worker_threads; Web Workers in browsers)
 * over the same SHARED memory, each waiting on its own slot of a control block in that memory. A parallel call
 * writes a kernel index and its arguments into each slot, runs chunk 0 itself and waits for the rest. Work is split
 * by output rows (or elements) only, never along a reduction, so results are bit-identical for any thread count.
 * Workers start on the first call that could use them; until a worker has started, this thread does its chunk too
 * (the split is the same, so the results are too). Without SharedArrayBuffer (a page that is not cross-origin
 * isolated) or without workers, everything runs on the calling thread. Workers never keep a Node process alive.
 */
import { checkInteger } from './checks';
import { threadWorkerSource } from './wasm/generated/kernels-wasm';
import { controlAddress, kernels, wasmInstance } from './wasm/heap';
import type { KernelName } from './wasm/loader';

/** Control slot layout (Int32 indices; the arguments are 16 float64 from byte 64). Mirrored in thread-worker.js. */
const SEQ = 0;
const DONE = 1;
const KERNEL = 2;
const STATE = 3;
const FAILED_SEQ = 4;
const SLOT_BYTES = 256;
const ARGS_BYTE_OFFSET = 64;
/** Upper bound of setNumThreads (the control block has this many slots). */
export const MAX_THREADS = 64;
/** The default never exceeds this: beyond it, memory bandwidth, not arithmetic, limits these kernels. */
const DEFAULT_CAP = 4;
/** Polls of its slot a worker makes before it sleeps: about 50 µs, so the products of a training step run back to back. */
const WORKER_SPIN = 20000;

interface ThreadSlot {
  readonly ctl: Int32Array;
  readonly args: Float64Array;
  seq: number;
}

interface NodeWorkerThreads {
  Worker: new (
    source: string,
    options: { eval: true },
  ) => { postMessage(message: unknown): void; unref(): void; on(event: string, listener: () => void): void };
}

let requested: number | null = null;
const slots: ThreadSlot[] = [];
let startFailed = false;
const mainArgs = new Float64Array(16);

function availableCores(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (typeof nav?.hardwareConcurrency === 'number') return nav.hardwareConcurrency;
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
  if (os !== null) return os.availableParallelism?.() ?? os.cpus().length;
  return 1;
}

function nodeBuiltin<T>(name: string): T | null {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = process?.getBuiltinModule?.(name);
  return mod === undefined ? null : (mod as T);
}

/**
 * Split large kernels of the wasm backend over `n` threads (this one included); 1 turns threading off. The default
 * is the number of cores, at most 4. Results do not depend on `n` (bit for bit). Threads need SharedArrayBuffer:
 * in a browser, a cross-origin-isolated page (COOP/COEP headers); elsewhere kernels run on one thread.
 */
export function setNumThreads(n: number): void {
  checkInteger('setNumThreads', 'n', n, 1, MAX_THREADS);
  requested = n;
}

/** The threads the wasm backend would split a large kernel over here (the setting, or 1 where threads cannot run). */
export function getNumThreads(): number {
  const wanted = requested ?? Math.max(1, Math.min(DEFAULT_CAP, availableCores()));
  return threadsAvailable() ? wanted : 1;
}

function threadsAvailable(): boolean {
  if (startFailed) return false;
  let shared: boolean;
  try {
    shared = wasmInstance().shared;
  } catch {
    return false;
  }
  return shared && (typeof Worker === 'function' || nodeBuiltin('node:worker_threads') !== null);
}

/**
 * How many threads a job should use: 1 when `work` is below `minWorkPerThread` per thread, else at most
 * getNumThreads(), and only as many as have started (a call that wants more starts them for later calls).
 */
export function threadsFor(work: number, minWorkPerThread: number): number {
  const byWork = Math.floor(work / minWorkPerThread);
  if (byWork < 2) return 1;
  const wanted = Math.min(byWork, getNumThreads());
  if (wanted < 2) return 1;
  while (slots.length < wanted - 1 && !startFailed) startWorker();
  let ready = 1;
  for (let i = 0; i < wanted - 1 && i < slots.length; i++) {
    if (Atomics.load(slots[i]!.ctl, STATE) === 1) ready++;
    else break;
  }
  return ready;
}

/**
 * Start the workers getNumThreads() asks for and resolve once each runs (or failed to start, or `timeoutMs`
 * passed: kernels then use the ones that run). `ready()` calls this; without it, workers start on the first large
 * kernel and join the calls after they are up.
 */
export async function startThreads(timeoutMs = 10_000): Promise<void> {
  if (!threadsAvailable()) return;
  const wanted = getNumThreads();
  while (slots.length < wanted - 1 && !startFailed) startWorker();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && slots.slice(0, wanted - 1).some((slot) => Atomics.load(slot.ctl, STATE) === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** This thread plus the workers that have started (tests and benchmarks wait for them before timing). */
export function startedThreads(): number {
  let ready = 1;
  for (const slot of slots) if (Atomics.load(slot.ctl, STATE) === 1) ready++;
  return ready;
}

/** Start of chunk `t` of `chunks` over [0, total), aligned to `grain` (chunk `chunks` ends at total). */
export function chunkStart(total: number, chunks: number, grain: number, t: number): number {
  if (t >= chunks) return total;
  return Math.min(total, Math.round((total * t) / chunks / grain) * grain);
}

/**
 * Run the module's export `kernel` as `chunks` calls at once: chunk 0 on this thread, chunk t on worker t (chunks
 * from threadsFor). `fill(args, t)` writes chunk t's arguments (at most 16, in order). Returns when all are done.
 */
export function parallelRun(
  kernel: KernelName,
  chunks: number,
  fill: (args: Float64Array, chunk: number) => void,
): void {
  const exports = kernels();
  const index = kernelIndex(kernel);
  for (let t = 1; t < chunks; t++) {
    const slot = slots[t - 1]!;
    slot.args.fill(0);
    fill(slot.args, t);
    Atomics.store(slot.ctl, KERNEL, index);
    slot.seq++;
    Atomics.store(slot.ctl, SEQ, slot.seq);
    Atomics.notify(slot.ctl, SEQ);
  }
  mainArgs.fill(0);
  fill(mainArgs, 0);
  const a = mainArgs;
  exports[kernel](
    a[0]!,
    a[1]!,
    a[2]!,
    a[3]!,
    a[4]!,
    a[5]!,
    a[6]!,
    a[7]!,
    a[8]!,
    a[9]!,
    a[10]!,
    a[11]!,
    a[12]!,
    a[13]!,
    a[14]!,
    a[15]!,
  );
  let failed = false;
  for (let t = 1; t < chunks; t++) {
    const slot = slots[t - 1]!;
    while (Atomics.load(slot.ctl, DONE) !== slot.seq) {
      // The chunks are equal, so the wait is short: spin (a browser's main thread may not block).
    }
    if (Atomics.load(slot.ctl, FAILED_SEQ) === slot.seq) failed = true;
  }
  if (failed) throw new Error(`wasm backend: kernel ${kernel} failed on a worker thread`);
}

let indexByName: Map<string, number> | null = null;

function kernelIndex(name: KernelName): number {
  if (indexByName === null) {
    // Workers number kernels by the module's export order; so does this map.
    indexByName = new Map(Object.keys(wasmInstance().exports).map((n, i) => [n, i]));
  }
  return indexByName.get(name)!;
}

function startWorker(): void {
  const { module, memory } = wasmInstance();
  const index = slots.length + 1;
  const at = controlAddress() + index * SLOT_BYTES;
  const slot: ThreadSlot = {
    ctl: new Int32Array(memory.buffer, at, ARGS_BYTE_OFFSET / 4),
    args: new Float64Array(memory.buffer, at + ARGS_BYTE_OFFSET, 16),
    seq: 0,
  };
  Atomics.store(slot.ctl, STATE, 0);
  const message = { module, memory, slot: at, spinIterations: WORKER_SPIN };
  try {
    const threads = nodeBuiltin<NodeWorkerThreads>('node:worker_threads');
    if (threads !== null) {
      const worker = new threads.Worker(threadWorkerSource, { eval: true });
      worker.unref(); // a waiting kernel thread must not keep the process alive
      worker.on('error', () => Atomics.store(slot.ctl, STATE, 2));
      worker.postMessage(message);
    } else {
      const url = URL.createObjectURL(new Blob([threadWorkerSource], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onerror = () => Atomics.store(slot.ctl, STATE, 2);
      worker.postMessage(message);
    }
  } catch {
    // No workers here (or a CSP without worker-src blob:): run on this thread only.
    startFailed = true;
    return;
  }
  slots.push(slot);
}
