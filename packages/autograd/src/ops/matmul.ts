/**
 * matmul with PyTorch's semantics: 1-D·1-D is a dot product, a 1-D operand is promoted to a matrix and the added
 * dimension removed afterwards, and N-D operands are batches of matrices whose batch dimensions broadcast.
 */
import { arrayFor, broadcastShapes, type FloatArray, getBackend, shapesEqual, sizeOf } from '@actlab/kernels';
import { formatShape } from '../format-shape';
import { type OpDefinition, record2 } from '../graph';
import type { Tensor } from '../tensor';
import { checkSameDtype, expectTensor } from './operands';
import { expand, reshape } from './shape';

/** Dimensions of one batched product: C[batch] (m×n) = A[batch or shared] (m×k) · B[batch or shared] (k×n). */
interface MatmulSaved {
  batch: number;
  m: number;
  k: number;
  n: number;
  /** 0 when the operand is one matrix shared by every batch entry, else m·k (resp. k·n). */
  strideA: number;
  strideB: number;
}

/**
 * ∂/∂A = G·Bᵀ, ∂/∂B = Aᵀ·G, per batch entry. A shared operand's gradient is the sum over the batch: for B that is
 * one gemm over the stacked rows of A and G; for A, gemms accumulated with beta = 1.
 */
const matmulOp: OpDefinition<MatmulSaved> = {
  name: 'matmul',
  vjp: (g, { batch, m, k, n, strideA, strideB }, { inputs: [a, b] }) => {
    const { gemm, gemmBatched } = getBackend();
    let ga: FloatArray | null = null;
    let gb: FloatArray | null = null;
    if (a!.requiresGrad) {
      ga = arrayFor(a!.dtype, a!.size);
      if (batch === 1) gemm(false, true, m, k, n, 1, g, n, b!.data, n, 0, ga, k);
      else if (strideA !== 0) gemmBatched(batch, false, true, m, k, n, 1, g, m * n, b!.data, strideB, 0, ga, m * k);
      else {
        for (let i = 0; i < batch; i++) {
          gemm(false, true, m, k, n, 1, g, n, b!.data, n, i === 0 ? 0 : 1, ga, k, i * m * n, i * strideB, 0);
        }
      }
    }
    if (b!.requiresGrad) {
      gb = arrayFor(b!.dtype, b!.size);
      if (batch === 1) gemm(true, false, k, n, m, 1, a!.data, k, g, n, 0, gb, n);
      else if (strideB !== 0) gemmBatched(batch, true, false, k, n, m, 1, a!.data, strideA, g, m * n, 0, gb, k * n);
      else gemm(true, false, k, n, batch * m, 1, a!.data, k, g, n, 0, gb, n);
    }
    return [ga, gb];
  },
};

/** Matrix product with PyTorch's matmul rules: vectors are promoted, leading (batch) dimensions broadcast. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  expectTensor('matmul', a);
  expectTensor('matmul', b, 'second operand');
  checkSameDtype('matmul', a, b);
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra === 0 || rb === 0) {
    throw new Error(
      `matmul: both operands need at least 1 dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}; ` +
        'use mul for a scalar product',
    );
  }
  // Promote vectors to matrices, multiply, then drop the added dimension (composed from reshape: a view).
  if (ra === 1 || rb === 1) {
    const a2 = ra === 1 ? reshape(a, [1, a.shape[0]!]) : a;
    const b2 = rb === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
    checkInner(a, b, a2, b2);
    const c = matmul(a2, b2);
    const cs = c.shape;
    const shape = ra === 1 && rb === 1 ? [] : ra === 1 ? [...cs.slice(0, -2), cs[cs.length - 1]!] : cs.slice(0, -1);
    return reshape(c, shape);
  }
  checkInner(a, b, a, b);
  if (ra === 2 && rb === 2) {
    // The common case, without the batch bookkeeping.
    const m = a.shape[0]!;
    const k = a.shape[1]!;
    const n = b.shape[1]!;
    const out = arrayFor(a.dtype, m * n, 'matmul');
    getBackend().gemm(false, false, m, n, k, 1, a.data, k, b.data, n, 0, out, n);
    return record2(matmulOp, out, [m, n], a, b, { batch: 1, m, k, n, strideA: m * k, strideB: k * n });
  }
  const m = a.shape[ra - 2]!;
  const k = a.shape[ra - 1]!;
  const n = b.shape[rb - 1]!;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batchShape = shapesEqual(batchA, batchB)
    ? batchA
    : broadcastShapes(batchA, batchB, 'matmul (batch dimensions)');
  const batch = sizeOf(batchShape);
  const sizeA = sizeOf(batchA);
  const sizeB = sizeOf(batchB);
  // An operand is either one matrix shared across the batch (stride 0) or a full batch; anything in between is
  // materialised with expand, whose gradient the engine sums back.
  if (sizeA !== batch && sizeA !== 1) return matmul(expand(a, [...batchShape, m, k]), b);
  if (sizeB !== batch && sizeB !== 1) return matmul(a, expand(b, [...batchShape, k, n]));
  const strideA = sizeA === 1 && batch !== 1 ? 0 : m * k;
  const strideB = sizeB === 1 && batch !== 1 ? 0 : k * n;
  const out = arrayFor(a.dtype, batch * m * n, 'matmul');
  const backend = getBackend();
  if (batch === 1) backend.gemm(false, false, m, n, k, 1, a.data, k, b.data, n, 0, out, n);
  else backend.gemmBatched(batch, false, false, m, n, k, 1, a.data, strideA, b.data, strideB, 0, out, m * n);
  const shape = [...batchShape, m, n];
  return record2(matmulOp, out, shape, a, b, { batch, m, k, n, strideA, strideB });
}

function checkInner(a: Tensor, b: Tensor, a2: Tensor, b2: Tensor): void {
  const k = a2.shape[a2.shape.length - 1]!;
  const kb = b2.shape[b2.shape.length - 2]!;
  if (k !== kb) {
    throw new Error(
      `matmul: inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} multiplies k = ${k} ` +
        `columns by k = ${kb} rows; the last dimension of the first operand must equal the ` +
        `${b.shape.length === 1 ? 'length' : 'second-to-last dimension'} of the second`,
    );
  }
}
