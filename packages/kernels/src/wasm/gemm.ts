/**
 * gemm and gemmBatched on the wasm backend: float32 operands are copied into the arena, multiplied by the packed
 * SIMD kernel (assembly/gemm.ts) on up to getNumThreads() threads split by rows of C, and C is copied back. Float64
 * operands and products too small to repay the copies run the js gemm (src/gemm.ts, the reference).
 */
import type { GemmKernels } from '../backend-js';
import { batchedProducts, checkGemmArguments, gemm as jsGemm } from '../gemm';
import { checkGemmKernel } from '../kernel-checks';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray } from '../types';
import { arenaAlloc, arenaReserve, arenaReset, copyIn, heapF32, kernels } from './heap';

/**
 * Below this many multiply-adds (m·n·k) the js gemm is as fast as copying in and out. Timed here: at 4×4×4 the two
 * are even (0.6–0.7 µs); from 8×8×8 wasm is 2× faster and more, so the playground's 32×8×8 products take it too.
 */
const MIN_WASM_WORK = 128;
/** Multiply-adds per thread below which another thread costs more (waking it, splitting) than it saves. */
const MIN_WORK_PER_THREAD = 1 << 19;

let workBytes = 0;
let rowGrain = 0;

/** C = alpha·op(A)·op(B) + beta·C, as the js gemm (same arguments, checks and errors). */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  lda: number,
  b: FloatArray,
  ldb: number,
  beta: number,
  c: FloatArray,
  ldc: number,
  aOffset = 0,
  bOffset = 0,
  cOffset = 0,
): void {
  if (
    !(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) ||
    m * n * k < MIN_WASM_WORK ||
    alpha === 0
  ) {
    jsGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, aOffset, bOffset, cOffset);
    return;
  }
  gemmF32(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, aOffset, bOffset, cOffset);
}

/** The wasm path for every size (gemm routes small products to js; tests call this to cover 0, 1, odd sizes). */
export function gemmF32(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
  aOffset = 0,
  bOffset = 0,
  cOffset = 0,
): void {
  checkGemmKernel('gemm', transA, transB, alpha, a, b, beta, c);
  checkGemmArguments(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, aOffset, bOffset, cOffset);
  if (m === 0 || n === 0) return;
  const exports = kernels();
  if (workBytes === 0) {
    workBytes = exports.gemmWorkBytes();
    rowGrain = exports.gemmRowGrain();
  }
  // The stored extent of each operand (nothing when it is empty).
  const aSpan = k === 0 ? 0 : ((transA ? k : m) - 1) * lda + (transA ? m : k);
  const bSpan = k === 0 ? 0 : ((transB ? n : k) - 1) * ldb + (transB ? k : n);
  const threads = threadsFor(m * n * k, MIN_WORK_PER_THREAD);
  arenaReset();
  if (!arenaReserve((aSpan + bSpan + m * n) * 4 + threads * workBytes, 4)) {
    jsGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, aOffset, bOffset, cOffset);
    return;
  }
  const pa = copyIn(a, aOffset, aOffset + aSpan);
  const pb = copyIn(b, bOffset, bOffset + bSpan);
  // C is multiplied compactly (row stride n) and copied back row by row when the caller's ldc is wider.
  const pc = arenaAlloc(m * n * 4);
  const pw = arenaAlloc(threads * workBytes);
  const heap = heapF32();
  const c0 = pc >>> 2;
  if (beta !== 0) {
    if (ldc === n) heap.set(c.subarray(cOffset, cOffset + m * n), c0);
    else for (let i = 0; i < m; i++) heap.set(c.subarray(cOffset + i * ldc, cOffset + i * ldc + n), c0 + i * n);
  }
  const tA = transA ? 1 : 0;
  const tB = transB ? 1 : 0;
  if (threads === 1) {
    exports.gemm_f32(tA, tB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, n, pw);
  } else {
    parallelRun('gemm_f32', threads, (args, t) => {
      const r0 = chunkStart(m, threads, rowGrain, t);
      const r1 = chunkStart(m, threads, rowGrain, t + 1);
      args[0] = tA;
      args[1] = tB;
      args[2] = r1 - r0;
      args[3] = n;
      args[4] = k;
      args[5] = alpha;
      args[6] = pa + (transA ? r0 : r0 * lda) * 4;
      args[7] = lda;
      args[8] = pb;
      args[9] = ldb;
      args[10] = beta;
      args[11] = pc + r0 * n * 4;
      args[12] = n;
      args[13] = pw + t * workBytes;
    });
  }
  if (ldc === n) c.set(heap.subarray(c0, c0 + m * n), cOffset);
  else for (let i = 0; i < m; i++) c.set(heap.subarray(c0 + i * n, c0 + (i + 1) * n), cOffset + i * ldc);
}

/** `batch` products, as the js gemmBatched (same arguments, checks and errors). */
export function gemmBatched(
  batch: number,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: FloatArray,
  strideA: number,
  b: FloatArray,
  strideB: number,
  beta: number,
  c: FloatArray,
  strideC: number,
): void {
  batchedProducts(gemm, batch, transA, transB, m, n, k, alpha, a, strideA, b, strideB, beta, c, strideC);
}

export const gemmKernels: GemmKernels = { gemm, gemmBatched };
