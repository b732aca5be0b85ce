import * as kernels from '@actlab/kernels';

// `ready()` and `getNumThreads()` come with the WebAssembly backend of @actlab/kernels; a kernels build without them
// has only the single-threaded js backend, ready from the start. Looked up by name so the playground works with both.
const optional: { readonly [name: string]: unknown } = kernels;

/** Resolves once the kernels' fastest backend is compiled and its threads run (never rejects). */
export async function kernelsReady(): Promise<void> {
  const ready = optional.ready;
  if (typeof ready === 'function') await ready();
}

/** The backend the kernels use here and its thread count: "js · 1 thread", "wasm · 2 threads". */
export function describeBackend(): string {
  const count = optional.getNumThreads;
  const threads = typeof count === 'function' ? Number(count()) : 1;
  return `${kernels.getBackend().name} · ${threads} thread${threads === 1 ? '' : 's'}`;
}
