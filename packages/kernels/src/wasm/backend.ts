/**
 * The WebAssembly SIMD backend: the js backend with every kernel the wasm module implements replaced. Each family's
 * wrappers live in their own file and are spread here, one line each (assembly/README.md, "Adding a kernel"); a
 * kernel no family supplies stays the js one, so the backend is complete at every step.
 */
import { jsBackend, type KernelBackend } from '../backend-js';
import { activationKernels } from './activation-kernels';
import { binaryKernels } from './binary-kernels';
import { elementwiseKernels } from './elementwise-kernels';
import { gemmKernels } from './gemm';
import { lossKernels } from './loss-kernels';
import { optimizerKernels } from './optimizer-kernels';
import { reduceKernels } from './reduce-kernels';

export const wasmBackend: KernelBackend = Object.freeze({
  ...jsBackend,
  ...gemmKernels,
  ...activationKernels,
  ...elementwiseKernels,
  ...binaryKernels,
  ...reduceKernels,
  ...lossKernels,
  ...optimizerKernels,
  name: 'wasm',
});
