// The one WebAssembly module of @actlab/kernels. Every kernel family is re-exported from here, one line per file
// (README.md, "Adding a kernel"); the JS side reaches an export by name through `kernels()` in src/wasm/heap.ts.
export { gemm_f32, gemmRowGrain, gemmWorkBytes } from './gemm';
export { heapBase } from './memory';
