/**
 * Choosing the backend. `getBackend()` is what every hot path calls; by default it is the WebAssembly SIMD backend
 * wherever WebAssembly SIMD runs and the js backend elsewhere. Node instantiates the module synchronously on the
 * first call; a browser's main thread may refuse a synchronous compile, so there the js backend serves until the
 * asynchronous compile is done — `await ready()` to start on wasm. No top-level await: the package stays
 * `require()`-able. The environment variable ACTLAB_BACKEND=js|wasm (Node) picks the default.
 */
import { jsBackend, type KernelBackend, kernelNames } from './backend-js';
import { describeValue } from './checks';
import { startThreads } from './threads';
import { wasmBackend } from './wasm/backend';
import { loadWasmAsync, loadWasmSync } from './wasm/heap';
import { unsupportedReason } from './wasm/loader';

export type { KernelBackend } from './backend-js';
export { jsBackend } from './backend-js';

/** The backends `setBackend` accepts by name. */
export type BackendName = 'js' | 'wasm';

let active: KernelBackend | null = null;
/** The default's asynchronous start, when one was needed. */
let pending: Promise<void> | null = null;
/** Set once the user chose a backend: a late asynchronous load then no longer switches. */
let chosen = false;

/** The active backend (first call: the default, see the module comment). */
export function getBackend(): KernelBackend {
  return active ?? startDefault();
}

function environmentChoice(): BackendName | null {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.ACTLAB_BACKEND;
  if (value === undefined || value === '') return null;
  if (value === 'js' || value === 'wasm') return value;
  throw new Error(`ACTLAB_BACKEND=${value} is not a backend; set it to 'js' or 'wasm', or unset it`);
}

function startDefault(): KernelBackend {
  const choice = environmentChoice();
  if (choice === 'js') {
    active = jsBackend;
    return active;
  }
  if (loadWasmSync() !== null) {
    active = wasmBackend;
    return active;
  }
  if (choice === 'wasm') {
    throw new Error(`ACTLAB_BACKEND=wasm, but the wasm backend cannot run here: ${whyNotWasm()}`);
  }
  active = jsBackend;
  if (unsupportedReason() === null) {
    pending = loadWasmAsync().then((instance) => {
      if (instance !== null && !chosen) active = wasmBackend;
    });
  }
  return active;
}

function whyNotWasm(): string {
  return unsupportedReason() ?? 'a synchronous compile was refused here; await ready() first';
}

/**
 * Resolves once the default backend has been chosen and loaded (in Node at once; on a browser's main thread after
 * the asynchronous compile) and, on the wasm backend, its kernel threads (`setNumThreads`) have started. Never
 * rejects: where WebAssembly SIMD cannot run the js backend stays, and where threads cannot start kernels run on
 * one. Not awaiting it is fine too: the js backend serves until wasm is ready, and threads join when they are up.
 */
export async function ready(): Promise<void> {
  getBackend();
  if (pending !== null) await pending;
  if (active === wasmBackend) await startThreads();
}

/**
 * Make a backend the active one for every later kernel call: 'js' (the reference), 'wasm' (WebAssembly SIMD; throws
 * where it cannot run, saying why — on a browser's main thread, `await ready()` first), or your own KernelBackend
 * object (every kernel of jsBackend must be there; spread jsBackend to replace a few).
 */
export function setBackend(backend: BackendName | KernelBackend): void {
  if (backend === 'js') {
    active = jsBackend;
  } else if (backend === 'wasm') {
    if (loadWasmSync() === null) {
      throw new Error(`setBackend('wasm'): the wasm backend cannot run here: ${whyNotWasm()}; or use setBackend('js')`);
    }
    active = wasmBackend;
  } else {
    checkBackendObject(backend);
    active = backend;
  }
  chosen = true;
}

function checkBackendObject(backend: unknown): asserts backend is KernelBackend {
  if (backend === null || typeof backend !== 'object') {
    throw new Error(
      `setBackend: expected 'js', 'wasm' or a KernelBackend object, got ${describeValue(backend)}; ` +
        'spread jsBackend to replace a few kernels ({ ...jsBackend, name, gemm })',
    );
  }
  const record = backend as Record<string, unknown>;
  const missing = kernelNames.filter((name) => typeof record[name] !== 'function');
  if (typeof record.name !== 'string' || missing.length > 0) {
    throw new Error(
      `setBackend: the backend must have a name and every kernel of KernelBackend; ` +
        `${typeof record.name !== 'string' ? 'name is not a string' : ''}` +
        `${missing.length > 0 ? `${typeof record.name !== 'string' ? ', ' : ''}missing: ${missing.join(', ')}` : ''}` +
        '. Spread jsBackend to replace a few kernels ({ ...jsBackend, name, gemm })',
    );
  }
}
