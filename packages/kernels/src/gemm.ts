/**
 * General matrix multiply, row-major BLAS semantics: C = alpha * op(A) * op(B) + beta * C.
 */
import { checkGemmDims, checkGemmKernel } from './kernel-checks';
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
): void {
  // Messages are built only on the error path: gemm is called per layer per step on tiny matrices.
  if (!Number.isInteger(offset) || offset < 0) {
    throw new Error(`gemm: ${name} offset ${offset} is not a non-negative integer; pass an element offset >= 0`);
  }
  // BLAS asks for ld >= max(1, cols); row-major callers naturally pass ld = cols, which is 0 for an empty
  // matrix, and nothing is read then, so ld >= cols is enough.
  if (!Number.isInteger(ld) || ld < cols) {
    throw new Error(
      `gemm: ${ldName} = ${ld} is smaller than the ${cols} columns of ${name} as stored (${rows}×${cols}); ` +
        `pass ${ldName} >= ${cols}`,
    );
  }
  if (rows > 0 && cols > 0) {
    const needed = offset + (rows - 1) * ld + cols;
    if (needed > x.length) {
      throw new Error(
        `gemm: ${name} (stored ${rows}×${cols}, ${ldName} ${ld}, offset ${offset}) needs ${needed} elements but has ${x.length}; ` +
          'check the dimensions, leading dimension and offset',
      );
    }
  }
}

// Blocking (Goto/BLIS style). op(B) is packed in KC×NC panels and op(A) in MC×KC blocks, both as float64 in the
// order the micro-kernel reads them, so its inner loop is two sequential streams whatever the transposes and dtype.
// The micro-kernel keeps a 4×4 tile of C in 16 local accumulators. The MC×KC block of A (256 KB) sits in L2 and a
// KC×4 sliver of B (8 KB) in L1. Sizes were picked by timing 2×4 … 6×2 tiles, KC 128–512 and MC 64–256 on one
// core: 4×4 was as fast as any and the block sizes hardly matter (about 4.4 GFLOP/s of CPU time at 512 and 1024,
// close to what scalar float64 multiply-adds allow). The packing buffers are module scratch, grown on demand to at
// most (MC + NC)·KC doubles (2.3 MB) and reused by every call.
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
const NC = 1024;

let packedA = new Float64Array(0);
let packedB = new Float64Array(0);
const tile = new Float64Array(MR * NR);

/** The argument checks every backend's gemm makes (same messages whichever backend runs). */
export function checkGemmArguments(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  lda: number,
  b: FloatArray,
  ldb: number,
  c: FloatArray,
  ldc: number,
  aOffset: number,
  bOffset: number,
  cOffset: number,
): void {
  checkDim('m', m);
  checkDim('n', n);
  checkDim('k', k);
  checkOperand('A', a, transA ? k : m, transA ? m : k, lda, aOffset, 'lda');
  checkOperand('B', b, transB ? n : k, transB ? k : n, ldb, bOffset, 'ldb');
  checkOperand('C', c, m, n, ldc, cOffset, 'ldc');
}

/**
 * C = alpha * op(A) * op(B) + beta * C, where op(A) is m×k and op(B) is k×n, all row-major.
 * A is stored m×k (k×m when transA), B k×n (n×k when transB); lda/ldb/ldc are the row strides as stored.
 * When beta is 0, C's old contents are ignored (NaN in C does not propagate), as in BLAS.
 * Products accumulate in float64 whatever the dtype.
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
  checkGemmKernel('gemm', transA, transB, alpha, a, b, beta, c);
  checkGemmArguments(transA, transB, m, n, k, a, lda, b, ldb, c, ldc, aOffset, bOffset, cOffset);
  if (m === 0 || n === 0) return;
  for (let i = 0; i < m; i++) {
    const row = cOffset + i * ldc;
    if (beta === 0) c.fill(0, row, row + n);
    else if (beta !== 1) for (let j = 0; j < n; j++) c[row + j]! *= beta;
  }
  if (alpha === 0 || k === 0) return;
  // Packing pays for itself from 8×8×8 up (timed); only products thinner than one register tile skip it.
  if (m < MR || n < NR) {
    gemmSmall(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aOffset, bOffset, cOffset);
  } else {
    gemmBlocked(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aOffset, bOffset, cOffset);
  }
}

/** Unpacked loops for small or skinny products; C has already been scaled by beta. */
function gemmSmall(
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
  c: FloatArray,
  ldc: number,
  aOffset: number,
  bOffset: number,
  cOffset: number,
): void {
  const sAi = transA ? 1 : lda;
  const sAp = transA ? lda : 1;
  const sBp = transB ? 1 : ldb;
  const sBj = transB ? ldb : 1;
  if (transB || n < NR) {
    // Each C element as a dot product: contiguous along B's rows when transB, and no short inner loops when n is
    // tiny (a matrix-vector product).
    for (let i = 0; i < m; i++) {
      const aRow = aOffset + i * sAi;
      const cRow = cOffset + i * ldc;
      for (let j = 0; j < n; j++) {
        const bCol = bOffset + j * sBj;
        let s = 0;
        for (let p = 0; p < k; p++) s += a[aRow + p * sAp]! * b[bCol + p * sBp]!;
        c[cRow + j]! += alpha * s;
      }
    }
    return;
  }
  // Rows of C as sums of scaled rows of B: the inner loop runs along contiguous B and C.
  for (let i = 0; i < m; i++) {
    const cRow = cOffset + i * ldc;
    const aRow = aOffset + i * sAi;
    for (let p = 0; p < k; p++) {
      const aip = alpha * a[aRow + p * sAp]!;
      const bRow = bOffset + p * ldb;
      for (let j = 0; j < n; j++) c[cRow + j]! += aip * b[bRow + j]!;
    }
  }
}

function gemmBlocked(
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
  c: FloatArray,
  ldc: number,
  aOffset: number,
  bOffset: number,
  cOffset: number,
): void {
  const kcMax = Math.min(KC, k);
  const needA = Math.ceil(Math.min(MC, m) / MR) * MR * kcMax;
  const needB = Math.ceil(Math.min(NC, n) / NR) * NR * kcMax;
  if (packedA.length < needA) packedA = new Float64Array(needA);
  if (packedB.length < needB) packedB = new Float64Array(needB);
  const pa = packedA;
  const pb = packedB;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(transB, b, bOffset, ldb, p0, kc, j0, nc, pb);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packA(transA, a, aOffset, lda, i0, mc, p0, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            microKernel4x4(pa, ir * kc, pb, jr * kc, kc, tile);
            const cBase = cOffset + (i0 + ir) * ldc + j0 + jr;
            if (rows === MR && cols === NR) {
              for (let r = 0; r < MR; r++) {
                const ci = cBase + r * ldc;
                const t = r * NR;
                c[ci]! += alpha * tile[t]!;
                c[ci + 1]! += alpha * tile[t + 1]!;
                c[ci + 2]! += alpha * tile[t + 2]!;
                c[ci + 3]! += alpha * tile[t + 3]!;
              }
            } else {
              for (let r = 0; r < rows; r++) {
                const ci = cBase + r * ldc;
                for (let q = 0; q < cols; q++) c[ci + q]! += alpha * tile[r * NR + q]!;
              }
            }
          }
        }
      }
    }
  }
}

/** op(B)[p0:p0+kc, j0:j0+nc] into slivers of NR columns: dst[(jr * kc + p) * NR + q], zero-padded. */
function packB(
  transB: boolean,
  b: FloatArray,
  bOffset: number,
  ldb: number,
  p0: number,
  kc: number,
  j0: number,
  nc: number,
  dst: Float64Array,
): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const base = jr * kc;
    if (!transB) {
      for (let p = 0; p < kc; p++) {
        const src = bOffset + (p0 + p) * ldb + j0 + jr;
        const d = base + p * NR;
        for (let q = 0; q < cols; q++) dst[d + q] = b[src + q]!;
        for (let q = cols; q < NR; q++) dst[d + q] = 0;
      }
    } else {
      for (let q = 0; q < NR; q++) {
        if (q < cols) {
          const src = bOffset + (j0 + jr + q) * ldb + p0;
          for (let p = 0; p < kc; p++) dst[base + p * NR + q] = b[src + p]!;
        } else for (let p = 0; p < kc; p++) dst[base + p * NR + q] = 0;
      }
    }
  }
}

/** op(A)[i0:i0+mc, p0:p0+kc] into slivers of MR rows: dst[(ir * kc + p) * MR + r], zero-padded. */
function packA(
  transA: boolean,
  a: FloatArray,
  aOffset: number,
  lda: number,
  i0: number,
  mc: number,
  p0: number,
  kc: number,
  dst: Float64Array,
): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = Math.min(MR, mc - ir);
    const base = ir * kc;
    if (!transA) {
      for (let r = 0; r < MR; r++) {
        if (r < rows) {
          const src = aOffset + (i0 + ir + r) * lda + p0;
          for (let p = 0; p < kc; p++) dst[base + p * MR + r] = a[src + p]!;
        } else for (let p = 0; p < kc; p++) dst[base + p * MR + r] = 0;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = aOffset + (p0 + p) * lda + i0 + ir;
        const d = base + p * MR;
        for (let r = 0; r < rows; r++) dst[d + r] = a[src + r]!;
        for (let r = rows; r < MR; r++) dst[d + r] = 0;
      }
    }
  }
}

/** tile = (MR×kc sliver of A) · (kc×NR sliver of B), in 16 local accumulators. */
function microKernel4x4(ap: Float64Array, ai: number, bp: Float64Array, bi: number, kc: number, t: Float64Array): void {
  let c00 = 0;
  let c01 = 0;
  let c02 = 0;
  let c03 = 0;
  let c10 = 0;
  let c11 = 0;
  let c12 = 0;
  let c13 = 0;
  let c20 = 0;
  let c21 = 0;
  let c22 = 0;
  let c23 = 0;
  let c30 = 0;
  let c31 = 0;
  let c32 = 0;
  let c33 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = bp[bi]!;
    const b1 = bp[bi + 1]!;
    const b2 = bp[bi + 2]!;
    const b3 = bp[bi + 3]!;
    let av = ap[ai]!;
    c00 += av * b0;
    c01 += av * b1;
    c02 += av * b2;
    c03 += av * b3;
    av = ap[ai + 1]!;
    c10 += av * b0;
    c11 += av * b1;
    c12 += av * b2;
    c13 += av * b3;
    av = ap[ai + 2]!;
    c20 += av * b0;
    c21 += av * b1;
    c22 += av * b2;
    c23 += av * b3;
    av = ap[ai + 3]!;
    c30 += av * b0;
    c31 += av * b1;
    c32 += av * b2;
    c33 += av * b3;
    ai += MR;
    bi += NR;
  }
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
}

function checkStride(name: string, stride: number): void {
  if (!Number.isInteger(stride) || stride < 0) {
    throw new Error(
      `gemmBatched: ${name} = ${stride} is not a non-negative integer; pass the element distance between batches (0 to broadcast)`,
    );
  }
}

function checkBatchOperand(name: string, x: FloatArray, batch: number, stride: number, size: number): void {
  const needed = size === 0 ? 0 : (batch - 1) * stride + size;
  if (needed > x.length) {
    throw new Error(
      `gemmBatched: ${batch} batches of ${name} (${size} elements each, stride ${stride}) need ${needed} elements ` +
        `but ${name} has ${x.length}; check batch, m, n, k and the strides`,
    );
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
  batchedProducts(gemm, batch, transA, transB, m, n, k, alpha, a, strideA, b, strideB, beta, c, strideC);
}

/** gemmBatched's checks and batching over any backend's `gemm` (`product`). */
export function batchedProducts(
  product: typeof gemm,
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
  checkGemmKernel('gemmBatched', transA, transB, alpha, a, b, beta, c);
  checkGemmDims('gemmBatched', m, n, k);
  if (!Number.isInteger(batch) || batch < 0) {
    throw new Error(`gemmBatched: batch = ${batch} is not a non-negative integer; pass the number of products`);
  }
  // Checked by plain calls, not by looping over tuples: this runs once per batched product, per step.
  checkStride('strideA', strideA);
  checkStride('strideB', strideB);
  checkStride('strideC', strideC);
  if (batch > 0) {
    checkBatchOperand('A', a, batch, strideA, m * k);
    checkBatchOperand('B', b, batch, strideB, k * n);
    checkBatchOperand('C', c, batch, strideC, m * n);
  }
  if (strideB === 0 && !transA && strideA === m * k && strideC === m * n && batch > 1) {
    // One shared B (a weight) and contiguous A and C batches: the batch is just more rows of one product.
    product(
      false,
      transB,
      batch * m,
      n,
      k,
      alpha,
      a,
      Math.max(1, k),
      b,
      Math.max(1, transB ? k : n),
      beta,
      c,
      Math.max(1, n),
    );
    return;
  }
  const lda = Math.max(1, transA ? m : k);
  const ldb = Math.max(1, transB ? k : n);
  const ldc = Math.max(1, n);
  for (let i = 0; i < batch; i++) {
    product(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, i * strideA, i * strideB, i * strideC);
  }
}
