import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

export type TfjsBackend = 'cpu' | 'wasm';

let ready: Promise<void> | undefined;

async function initialise(): Promise<void> {
  const require = createRequire(import.meta.url);
  // The .wasm files sit next to the package's main file in dist/; tfjs needs the folder with a trailing slash.
  const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(`${wasmDist}${path.sep}`);
  tf.enableProdMode();
  // tfjs advertises tfjs-node on every backend start; the advice does not apply (it cannot install here).
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).includes('tfjs-node')) warn(...args);
  };
  try {
    for (const name of ['wasm', 'cpu'] satisfies TfjsBackend[]) {
      if (!(await tf.setBackend(name))) throw new Error(`tfjs could not start its ${name} backend`);
    }
  } finally {
    console.warn = warn;
  }
}

/** Starts both tfjs backends once (wasm from its dist folder), then makes `name` the active one. */
export async function useBackend(name: TfjsBackend): Promise<void> {
  ready ??= initialise();
  await ready;
  if (tf.getBackend() !== name) await tf.setBackend(name);
}

export async function tfjsDescription(): Promise<string> {
  await useBackend('cpu');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `tfjs ${tf.version.tfjs} (cpu; wasm simd=${String(simd)} threads=${String(threads)})`;
}
