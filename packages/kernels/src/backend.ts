/**
 * The seam for alternative implementations of the heavy kernels (a WebAssembly SIMD backend later). Callers that
 * want the active implementation call `getBackend().gemm(...)`; swapping it needs no change to them.
 */
import { gemm, gemmBatched } from './gemm';

/** The kernels a backend supplies; each has the signature and semantics of the js implementation. */
export interface KernelBackend {
  readonly name: string;
  readonly gemm: typeof gemm;
  readonly gemmBatched: typeof gemmBatched;
}

/** The pure TypeScript implementation, always available. */
export const jsBackend: KernelBackend = Object.freeze({ name: 'js', gemm, gemmBatched });

let active: KernelBackend = jsBackend;

/** The active backend: jsBackend unless setBackend chose another. */
export function getBackend(): KernelBackend {
  return active;
}

/** Make `backend` the active one for every later `getBackend()` call. */
export function setBackend(backend: KernelBackend): void {
  if (
    backend === null ||
    typeof backend !== 'object' ||
    typeof backend.gemm !== 'function' ||
    typeof backend.gemmBatched !== 'function'
  ) {
    throw new Error(
      'setBackend: the backend must be an object with a name and gemm and gemmBatched functions (see KernelBackend)',
    );
  }
  active = backend;
}
