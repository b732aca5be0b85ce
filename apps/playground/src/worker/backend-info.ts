import { getBackend, getNumThreads, ready } from '@actlab/kernels';

/** Resolves once the kernels' fastest backend is compiled and its threads run (never rejects). */
export function kernelsReady(): Promise<void> {
  return ready();
}

/**
 * The backend the kernels use here and its thread count: "js · 1 thread", "wasm · 2 threads". The js kernels run
 * on the calling thread whatever `setNumThreads` asked for, so they always count one.
 */
export function describeBackend(): string {
  const name = getBackend().name;
  const threads = name === 'wasm' ? getNumThreads() : 1;
  return `${name} · ${threads} thread${threads === 1 ? '' : 's'}`;
}
