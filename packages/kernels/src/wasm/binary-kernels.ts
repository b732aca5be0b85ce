/**
 * WebAssembly wrappers of the binary kernels (owned by the wasm-simd work; see assembly/README.md, "ABI"). Every kernel
 * listed here replaces the js one in the wasm backend; one not listed stays the js one.
 */
import type { BinaryKernels } from '../backend-js';

export const binaryKernels: Partial<BinaryKernels> = {};
