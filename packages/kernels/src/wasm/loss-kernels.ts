/**
 * WebAssembly wrappers of the fused loss kernels (assembly/losses.ts; assembly/README.md, "ABI"), with the
 * signatures and semantics of the js references in src/loss-kernels.ts. Float64 and small inputs (checked there) and a memory
 * that cannot grow take the js kernel; the rest is checked here, once.
 */
import type { LossKernels } from '../backend-js';
import {
  checkCrossEntropyKernel,
  checkElementwiseLossBackward,
  checkElementwiseLossKernel,
  checkScalarArgument,
} from '../kernel-checks';
import * as js from '../loss-kernels';
import type { FloatArray } from '../types';
import { arenaAlloc, arenaReserve, arenaReset, copyIn, copyOut, heapF32, kernels } from './heap';

/** Below this many elements the js kernel is faster. Tests lower it. */
export const lossThresholds = { minElements: 1024 };

const f32 = (a: unknown): a is Float32Array => a instanceof Float32Array;

function copyTargets(target: Int32Array, rows: number): number {
  const at = arenaAlloc(rows * 4);
  new Int32Array(heapF32().buffer, at, rows).set(target.subarray(0, rows));
  return at;
}

function crossEntropyForward(
  logits: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  perRow: FloatArray,
  softmaxOut: FloatArray,
): void {
  const n = rows * classes;
  // Float64 or small: the js kernel, which runs the same entry checks (once per call, not twice).
  if (!f32(logits) || !f32(perRow) || !f32(softmaxOut) || !(n >= lossThresholds.minElements)) {
    js.crossEntropyForward(logits, rows, classes, target, perRow, softmaxOut);
    return;
  }
  // Past this check the lengths agree and every target is a class index or the ignore index.
  checkCrossEntropyKernel(
    'crossEntropyForward',
    logits,
    'logits',
    rows,
    classes,
    target,
    softmaxOut,
    'softmaxOut',
    perRow,
    'perRow',
    js.DEFAULT_IGNORE_INDEX,
  );
  arenaReset();
  if (!arenaReserve((2 * n + 2 * rows) * 4, 4)) {
    js.crossEntropyForward(logits, rows, classes, target, perRow, softmaxOut);
    return;
  }
  const px = copyIn(logits);
  const pt = copyTargets(target, rows);
  const pl = arenaAlloc(rows * 4);
  const ps = arenaAlloc(n * 4);
  kernels().crossEntropyForward_f32(px, rows, classes, pt, pl, ps, js.DEFAULT_IGNORE_INDEX);
  copyOut(pl, perRow, 0, rows);
  copyOut(ps, softmaxOut);
}

function crossEntropyBackward(
  softmax: FloatArray,
  rows: number,
  classes: number,
  target: Int32Array,
  gOut: FloatArray | null,
  scale: number,
  gradInput: FloatArray,
): void {
  const n = rows * classes;
  if (!f32(softmax) || !f32(gradInput) || (gOut !== null && !f32(gOut)) || !(n >= lossThresholds.minElements)) {
    js.crossEntropyBackward(softmax, rows, classes, target, gOut, scale, gradInput);
    return;
  }
  checkCrossEntropyKernel(
    'crossEntropyBackward',
    softmax,
    'softmax',
    rows,
    classes,
    target,
    gradInput,
    'gradInput',
    gOut,
    'gOut',
    js.DEFAULT_IGNORE_INDEX,
  );
  checkScalarArgument('crossEntropyBackward', 'scale', scale);
  arenaReset();
  if (!arenaReserve((2 * n + 2 * rows) * 4, 4)) {
    js.crossEntropyBackward(softmax, rows, classes, target, gOut, scale, gradInput);
    return;
  }
  const ps = copyIn(softmax);
  const pt = copyTargets(target, rows);
  const pg = gOut === null ? 0 : copyIn(gOut as Float32Array, 0, rows);
  const pd = arenaAlloc(n * 4);
  kernels().crossEntropyBackward_f32(ps, rows, classes, pt, pg, scale, pd, js.DEFAULT_IGNORE_INDEX);
  copyOut(pd, gradInput);
}

type Forward = (x: FloatArray, y: FloatArray, perElement: FloatArray) => void;
type Backward = (x: FloatArray, y: FloatArray, gOut: FloatArray | null, scale: number, gradInput: FloatArray) => void;

function elementwiseForward(name: 'mseForward_f32' | 'bceWithLogitsForward_f32', jsKernel: Forward): Forward {
  return (x, y, perElement) => {
    if (!f32(x) || !f32(y) || !f32(perElement) || x.length < lossThresholds.minElements) {
      jsKernel(x, y, perElement);
      return;
    }
    checkElementwiseLossKernel(name.slice(0, -4), x, y, perElement);
    const n = x.length;
    arenaReset();
    if (!arenaReserve(3 * n * 4, 3)) {
      jsKernel(x, y, perElement);
      return;
    }
    const px = copyIn(x);
    const py = copyIn(y);
    const po = arenaAlloc(n * 4);
    kernels()[name](px, py, po, n);
    copyOut(po, perElement);
  };
}

function elementwiseBackward(name: 'mseBackward_f32' | 'bceWithLogitsBackward_f32', jsKernel: Backward): Backward {
  return (x, y, gOut, scale, gradInput) => {
    if (
      !f32(x) ||
      !f32(y) ||
      !f32(gradInput) ||
      (gOut !== null && !f32(gOut)) ||
      x.length < lossThresholds.minElements
    ) {
      jsKernel(x, y, gOut, scale, gradInput);
      return;
    }
    checkElementwiseLossBackward(name.slice(0, -4), x, y, gOut, scale, gradInput);
    const n = x.length;
    arenaReset();
    if (!arenaReserve(4 * n * 4, 4)) {
      jsKernel(x, y, gOut, scale, gradInput);
      return;
    }
    const px = copyIn(x);
    const py = copyIn(y);
    const pg = gOut === null ? 0 : copyIn(gOut as Float32Array);
    const pd = arenaAlloc(n * 4);
    kernels()[name](px, py, pg, scale, pd, n);
    copyOut(pd, gradInput);
  };
}

/** Every wasm kernel of the loss family (the tests reach them here). */
export const wasmLosses = {
  crossEntropyForward,
  crossEntropyBackward,
  mseForward: elementwiseForward('mseForward_f32', js.mseForward),
  mseBackward: elementwiseBackward('mseBackward_f32', js.mseBackward),
  bceWithLogitsForward: elementwiseForward('bceWithLogitsForward_f32', js.bceWithLogitsForward),
  bceWithLogitsBackward: elementwiseBackward('bceWithLogitsBackward_f32', js.bceWithLogitsBackward),
} satisfies LossKernels;

export const lossKernels: Partial<LossKernels> = wasmLosses;
