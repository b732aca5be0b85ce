/**
 * WebAssembly wrappers of the broadcasting binary kernels and sumToShape's fast paths (assembly/binary.ts;
 * assembly/README.md, "ABI"), with the js kernels' signatures and semantics. The results are bit-identical to the js
 * kernels' (IEEE float32 operations; sumToShape's column sums in float64 in the same order). Float64, short arrays,
 * broadcasts that do not collapse to two dimensions, invalid arguments (the js kernels' errors) and a memory that
 * cannot grow take the js kernel.
 */
import type { BinaryKernels } from '../backend-js';
import * as js from '../binary';
import { checkBinaryKernel, checkReshapingKernel } from '../kernel-checks';
import { broadcastShapes, shapesEqual, sizeOf } from '../shape';
import { alignedStrides, collapseDims } from '../strided';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray, Shape } from '../types';
import { arenaAlloc, arenaReserve, arenaReset, copyIn, copyOut, kernels } from './heap';
import type { KernelName } from './loader';

/** Below this many output elements, or per thread, the js kernel (or one thread) is faster. Tests lower them. */
export const binaryThresholds = { minElements: 1024, minPerThread: 1 << 16 };

/** The broadcast as one [rows, cols] walk: each operand at r·row + c·col, col 0 or 1 (assembly/binary.ts). */
const walk = { n: 0, rows: 0, cols: 0, aRow: 0, aCol: 0, bRow: 0, bCol: 0 };

/** Fills `walk` for a ∘ b; false when the broadcast needs more than two dimensions (then: js). */
function planWalk(aShape: Shape, bShape: Shape, op: string): boolean {
  if (shapesEqual(aShape, bShape)) {
    const n = sizeOf(aShape);
    Object.assign(walk, { n, rows: 1, cols: n, aRow: 0, aCol: 1, bRow: 0, bCol: 1 });
    return true;
  }
  // Throws the js kernel's error for shapes that do not broadcast.
  const outShape = broadcastShapes(aShape, bShape, op);
  const n = sizeOf(outShape);
  if (n === 0) return false;
  const it = collapseDims(outShape, [alignedStrides(aShape, outShape), alignedStrides(bShape, outShape)]);
  const [sa, sb] = it.strides as [number[], number[]];
  if (it.shape.length === 1) {
    Object.assign(walk, { n, rows: 1, cols: it.shape[0]!, aRow: 0, aCol: sa[0]!, bRow: 0, bCol: sb[0]! });
    return true;
  }
  if (it.shape.length === 2) {
    Object.assign(walk, { n, rows: it.shape[0]!, cols: it.shape[1]!, aRow: sa[0]!, aCol: sa[1]!, bRow: sb[0]! });
    walk.bCol = sb[1]!;
    return true;
  }
  return false;
}

type Binary = (a: FloatArray, aShape: Shape, b: FloatArray, bShape: Shape, out?: FloatArray) => FloatArray;

function binary(op: string, name: KernelName, jsKernel: Binary): Binary {
  return (a, aShape, b, bShape, out) => {
    // Small or non-float32 operands go straight to the js kernel, which runs the same entry checks: checking here
    // too would cost the small products of a tiny network a second check per op (measured: 12% of a 2x8 step).
    if (
      !(a instanceof Float32Array) ||
      !(b instanceof Float32Array) ||
      (out !== undefined && !(out instanceof Float32Array)) ||
      Math.max(a.length, b.length) < binaryThresholds.minElements
    ) {
      return jsKernel(a, aShape, b, bShape, out);
    }
    checkBinaryKernel(op, a, aShape, b, bShape, out);
    if (
      a.length !== sizeOf(aShape) ||
      b.length !== sizeOf(bShape) ||
      !planWalk(aShape, bShape, op) ||
      (out !== undefined && out.length !== walk.n)
    ) {
      return jsKernel(a, aShape, b, bShape, out);
    }
    const { n, rows, cols, aRow, aCol, bRow, bCol } = walk;
    arenaReset();
    if (!arenaReserve((a.length + b.length + n) * 4, 3)) return jsKernel(a, aShape, b, bShape, out);
    const o = out ?? new Float32Array(n);
    const pa = copyIn(a);
    const pb = copyIn(b);
    // A full-size operand is read exactly where the result is written: compute in place.
    const po = a.length === n ? pa : b.length === n ? pb : arenaAlloc(n * 4);
    const threads = threadsFor(n, binaryThresholds.minPerThread);
    if (threads === 1) {
      kernels()[name](pa, pb, po, rows, cols, aRow, aCol, bRow, bCol);
    } else if (rows >= threads) {
      parallelRun(name, threads, (args, t) => {
        const r0 = chunkStart(rows, threads, 1, t);
        args.set([
          pa + r0 * aRow * 4,
          pb + r0 * bRow * 4,
          po + r0 * cols * 4,
          chunkStart(rows, threads, 1, t + 1) - r0,
        ]);
        args.set([cols, aRow, aCol, bRow, bCol], 4);
      });
    } else {
      // One row (rows < threads ≤ a few): split it by columns.
      parallelRun(name, threads, (args, t) => {
        const c0 = chunkStart(cols, threads, 16, t);
        args.set([pa + c0 * aCol * 4, pb + c0 * bCol * 4, po + c0 * 4, 1, chunkStart(cols, threads, 16, t + 1) - c0]);
        args.set([0, aCol, 0, bCol], 5);
      });
    }
    copyOut(po, o);
    return o;
  };
}

/** Column sums of `rows` rows of `cols` (the bias gradient), or null when js should run. */
function sumRows(x: Float32Array, rows: number, cols: number, o: Float32Array): boolean {
  arenaReset();
  if (!arenaReserve(x.length * 4 + cols * 12, 3)) return false;
  const px = copyIn(x);
  const po = arenaAlloc(cols * 4);
  const acc = arenaAlloc(cols * 8);
  const threads = threadsFor(x.length, binaryThresholds.minPerThread);
  if (threads === 1 || cols < 16 * threads) kernels().sumRows_f32(px, po, rows, cols, cols, acc);
  else {
    // Columns split between threads; each column's sum keeps its order, so the result is the same.
    parallelRun('sumRows_f32', threads, (args, t) => {
      const c0 = chunkStart(cols, threads, 16, t);
      args.set([px + c0 * 4, po + c0 * 4, rows, chunkStart(cols, threads, 16, t + 1) - c0, cols, acc + c0 * 8]);
    });
  }
  copyOut(po, o);
  return true;
}

/** Row sums ([N, D] to [N, 1]), or null when js should run. */
function sumCols(x: Float32Array, rows: number, cols: number, o: Float32Array): boolean {
  arenaReset();
  if (!arenaReserve(x.length * 4 + rows * 4, 2)) return false;
  const px = copyIn(x);
  const po = arenaAlloc(rows * 4);
  kernels().sumCols_f32(px, po, rows, cols);
  copyOut(po, o);
  return true;
}

function sumToShape(x: FloatArray, from: Shape, to: Shape, out?: FloatArray): FloatArray {
  checkReshapingKernel('sumToShape', x, from, to, out);
  const total = x.length;
  if (
    !(x instanceof Float32Array) ||
    (out !== undefined && !(out instanceof Float32Array)) ||
    total < binaryThresholds.minElements ||
    total !== sizeOf(from)
  ) {
    return js.sumToShape(x, from, to, out);
  }
  const block = js.suffixBlock(from, to);
  // block = total is a copy and block = 1 a compensated sum (sumAll): both stay js.
  if (block > 1 && block < total && (out === undefined || out.length === block)) {
    const o = out ?? new Float32Array(block);
    if (sumRows(x, total / block, block, o)) return o;
  }
  const row = block >= 0 ? -1 : js.columnBlock(from, to);
  if (row > 0 && (out === undefined || out.length === total / row)) {
    const o = out ?? new Float32Array(total / row);
    if (sumCols(x, total / row, row, o)) return o;
  }
  return js.sumToShape(x, from, to, out);
}

/** Every wasm kernel of the binary family (the tests reach them here). */
export const wasmBinary = {
  add: binary('add', 'add_f32', js.add),
  sub: binary('sub', 'sub_f32', js.sub),
  mul: binary('mul', 'mul_f32', js.mul),
  div: binary('div', 'div_f32', js.div),
  maximum: binary('maximum', 'maximum_f32', js.maximum),
  minimum: binary('minimum', 'minimum_f32', js.minimum),
  sumToShape,
} satisfies Partial<BinaryKernels>;

export const binaryKernels: Partial<BinaryKernels> = wasmBinary;
