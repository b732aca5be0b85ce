/**
 * General matrix multiply, row-major BLAS semantics: C = alpha * op(A) * op(B) + beta * C.
 */
import type { FloatArray } from './types';

function checkDim(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) {
    throw new Error(`gemm: ${name} = ${v} is not a non-negative integer; pass matrix dimensions as integers >= 0`);
  }
}

function checkOperand(
  name: string,
  x: FloatArray,
  rows: number,
  cols: number,
  ld: number,
  offset: number,
  ldName: string,
  layout: string,
): void {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`gemm: ${name} offset ${offset} is not a non-negative integer`);
  }
  if (!Number.isInteger(ld) || ld < Math.max(1, cols)) {
    throw new Error(
      `gemm: ${ldName} = ${ld} is smaller than the ${cols} columns of ${name} as stored (${layout}); ` +
        `pass ${ldName} >= ${Math.max(1, cols)}`,
    );
  }
  if (rows > 0 && cols > 0) {
    const needed = offset + (rows - 1) * ld + cols;
    if (needed > x.length) {
      throw new Error(
        `gemm: ${name} (${layout}, ${ldName} ${ld}, offset ${offset}) needs ${needed} elements but has ${x.length}; ` +
          'check the dimensions, leading dimension and offset',
      );
    }
  }
}

/**
 * C = alpha * op(A) * op(B) + beta * C, where op(A) is m×k and op(B) is k×n, all row-major.
 * A is stored m×k (k×m when transA), B k×n (n×k when transB); lda/ldb/ldc are the row strides as stored.
 * When beta is 0, C's old contents are ignored (NaN in C does not propagate), as in BLAS.
 */
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
  checkDim('m', m);
  checkDim('n', n);
  checkDim('k', k);
  checkOperand(
    'A',
    a,
    transA ? k : m,
    transA ? m : k,
    lda,
    aOffset,
    'lda',
    transA ? `k×m = ${k}×${m}` : `m×k = ${m}×${k}`,
  );
  checkOperand(
    'B',
    b,
    transB ? n : k,
    transB ? k : n,
    ldb,
    bOffset,
    'ldb',
    transB ? `n×k = ${n}×${k}` : `k×n = ${k}×${n}`,
  );
  checkOperand('C', c, m, n, ldc, cOffset, 'ldc', `m×n = ${m}×${n}`);
  if (m === 0 || n === 0) return;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else if (beta !== 1) for (let j = 0; j < n; j++) c[row + j]! *= beta;
  }
  if (alpha === 0 || k === 0) return;
  const sAi = transA ? 1 : lda;
  const sAp = transA ? lda : 1;
  const sBp = transB ? 1 : ldb;
  const sBj = transB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    for (let p = 0; p < k; p++) {
      const aip = alpha * a[aOffset + i * sAi + p * sAp]!;
      const bRow = bOffset + p * sBp;
      for (let j = 0; j < n; j++) c[row + j]! += aip * b[bRow + j * sBj]!;
    }
  }
}

/**
 * `batch` independent contiguous gemms: C_i = alpha * op(A_i) op(B_i) + beta * C_i, with A_i at a[i * strideA],
 * B_i at b[i * strideB], C_i at c[i * strideC]. A stride of 0 reuses one operand for every batch (broadcast).
 * Leading dimensions are the contiguous ones: lda = transA ? m : k, ldb = transB ? k : n, ldc = n.
 */
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
  if (!Number.isInteger(batch) || batch < 0) {
    throw new Error(`gemmBatched: batch = ${batch} is not a non-negative integer`);
  }
  for (const [name, s] of [
    ['strideA', strideA],
    ['strideB', strideB],
    ['strideC', strideC],
  ] as const) {
    if (!Number.isInteger(s) || s < 0) {
      throw new Error(`gemmBatched: ${name} = ${s} is not a non-negative integer`);
    }
  }
  const lda = Math.max(1, transA ? m : k);
  const ldb = Math.max(1, transB ? k : n);
  const ldc = Math.max(1, n);
  for (let i = 0; i < batch; i++) {
    gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, i * strideA, i * strideB, i * strideC);
  }
}
