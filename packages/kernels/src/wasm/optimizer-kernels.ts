/**
 * WebAssembly wrappers of the fused optimiser updates (assembly/optim.ts; assembly/README.md, "ABI"), with the
 * signatures and semantics of the js references in src/optimizer-updates.ts, and bit-identical results (the same
 * float64 operations, the same float32 roundings). Float64, small parameters, inconsistent lengths and a memory that
 * cannot grow take the js update. Large parameters are split over threads by element.
 */
import type { OptimizerKernels } from '../backend-js';
import { checkAdamUpdate, checkSgdUpdate } from '../kernel-checks';
import * as js from '../optimizer-updates';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray } from '../types';
import { arenaReserve, arenaReset, copyIn, copyOut, kernels } from './heap';

/** Below this many elements, or per thread, the js update (or one thread) is faster. Tests lower them. */
export const optimizerThresholds = { minElements: 512, minPerThread: 1 << 16 };

const MAXIMIZE = 1;
const NESTEROV = 2;
const FIRST = 4;
const AMSGRAD = 8;

function sgdUpdate(
  p: FloatArray,
  g: FloatArray,
  buffer: FloatArray | null,
  first: boolean,
  o: js.SgdUpdateOptions,
): void {
  // Float64 or small: the js kernel, which runs the same entry checks (once per call, not twice).
  if (!(p instanceof Float32Array) || p.length < optimizerThresholds.minElements) {
    js.sgdUpdate(p, g, buffer, first, o);
    return;
  }
  // Past this check every array is a Float32Array of p's length.
  checkSgdUpdate('sgdUpdate', p, g, buffer, first, o);
  const n = p.length;
  arenaReset();
  if (!arenaReserve(3 * n * 4, 3)) {
    js.sgdUpdate(p, g, buffer, first, o);
    return;
  }
  const pp = copyIn(p as Float32Array);
  const pg = copyIn(g as Float32Array);
  const pb = buffer === null ? 0 : copyIn(buffer as Float32Array);
  const flags = (o.maximize ? MAXIMIZE : 0) | (o.nesterov ? NESTEROV : 0) | (first ? FIRST : 0);
  const scalars = [o.lr, o.momentum, o.dampening, o.weightDecay, flags];
  const threads = threadsFor(n, optimizerThresholds.minPerThread);
  if (threads === 1) kernels().sgdUpdate_f32(pp, pg, pb, n, ...scalars);
  else {
    parallelRun('sgdUpdate_f32', threads, (args, t) => {
      const lo = chunkStart(n, threads, 16, t);
      args.set([pp + lo * 4, pg + lo * 4, pb === 0 ? 0 : pb + lo * 4, chunkStart(n, threads, 16, t + 1) - lo]);
      args.set(scalars, 4);
    });
  }
  copyOut(pp, p as Float32Array);
  if (buffer !== null) copyOut(pb, buffer as Float32Array);
}

function adamUpdate(
  p: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  vMax: FloatArray | null,
  step: number,
  o: js.AdamUpdateOptions,
  decoupled: boolean,
): void {
  if (!(p instanceof Float32Array) || p.length < optimizerThresholds.minElements) {
    js.adamUpdate(p, g, m, v, vMax, step, o, decoupled);
    return;
  }
  checkAdamUpdate('adamUpdate', p, g, m, v, vMax, step, o, decoupled);
  const n = p.length;
  arenaReset();
  if (!arenaReserve(5 * n * 4, 5)) {
    js.adamUpdate(p, g, m, v, vMax, step, o, decoupled);
    return;
  }
  // The scalars exactly as the reference computes them.
  const { lr, eps, weightDecay, maximize } = o;
  const [beta1, beta2] = o.betas;
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = lr / biasCorrection1;
  const decay = decoupled ? 1 - lr * weightDecay : 1;
  const l2 = decoupled ? 0 : weightDecay;
  const pp = copyIn(p as Float32Array);
  const pg = copyIn(g as Float32Array);
  const pm = copyIn(m as Float32Array);
  const pv = copyIn(v as Float32Array);
  const px = vMax === null ? 0 : copyIn(vMax as Float32Array);
  const flags = (maximize ? MAXIMIZE : 0) | (vMax !== null ? AMSGRAD : 0);
  const scalars = [stepSize, biasCorrection2Sqrt, eps, beta1, beta2, decay, l2, flags];
  const threads = threadsFor(n, optimizerThresholds.minPerThread);
  if (threads === 1) kernels().adamUpdate_f32(pp, pg, pm, pv, px, n, ...scalars);
  else {
    parallelRun('adamUpdate_f32', threads, (args, t) => {
      const lo = chunkStart(n, threads, 16, t);
      const at = (base: number) => (base === 0 ? 0 : base + lo * 4);
      args.set([at(pp), at(pg), at(pm), at(pv), at(px), chunkStart(n, threads, 16, t + 1) - lo]);
      args.set(scalars, 6);
    });
  }
  copyOut(pp, p as Float32Array);
  copyOut(pm, m as Float32Array);
  copyOut(pv, v as Float32Array);
  if (vMax !== null) copyOut(px, vMax as Float32Array);
}

/** Every wasm kernel of the optimiser family (the tests reach them here). */
export const wasmOptimizers = { sgdUpdate, adamUpdate } satisfies OptimizerKernels;

export const optimizerKernels: Partial<OptimizerKernels> = wasmOptimizers;
