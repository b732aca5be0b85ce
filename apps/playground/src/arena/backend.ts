import * as kernels from '@actlab/kernels';

/**
 * Waits for the kernel backend to be ready (a WebAssembly backend starts asynchronously, through the `ready()` that
 * @actlab/kernels exports once it has one) and returns its name as `getBackend()` reports it. The main thread and
 * every worker call this before training, so all of them train on the same backend.
 */
export async function prepareBackend(): Promise<string> {
  if ('ready' in kernels && typeof kernels.ready === 'function') await kernels.ready();
  return kernels.getBackend().name;
}
