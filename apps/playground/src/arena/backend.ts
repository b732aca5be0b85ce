import * as kernels from '@actlab/kernels';

/**
 * Waits for the kernel backend to be ready (the WebAssembly backend starts asynchronously, through `ready()`) and
 * returns its name as `getBackend()` reports it. The main thread and every worker call this before training, so all
 * of them train on the same backend. The arena runs one seed per core already (`--jobs`), so the wasm backend's own
 * kernel threads are turned off: they would only contend for the same cores (and spin while they wait). Results do
 * not depend on the kernel thread count, bit for bit.
 */
export async function prepareBackend(): Promise<string> {
  kernels.setNumThreads(1);
  await kernels.ready();
  return kernels.getBackend().name;
}
