/**
 * WebAssembly wrappers of the elementwise kernels (owned by the wasm-simd work; see assembly/README.md, "ABI"). Every kernel
 * listed here replaces the js one in the wasm backend; one not listed stays the js one.
 */
import type { ElementwiseKernels } from '../backend-js';

export const elementwiseKernels: Partial<ElementwiseKernels> = {};
