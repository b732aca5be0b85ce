/**
 * WebAssembly wrappers of the reductions, softmax and logSoftmax (assembly/reduce.ts, assembly/softmax.ts;
 * assembly/README.md, "ABI"), with the js kernels' signatures and semantics. Float64, small tensors, invalid
 * arguments (the js kernels' errors) and a memory that cannot grow take the js kernel. Large tensors are split over
 * threads along the outer dimension only, so results do not depend on the thread count.
 */
import type { ReduceKernels } from '../backend-js';
import { checkArgOut, checkAxisKernel } from '../kernel-checks';
import * as js from '../reduce';
import { sizeOf } from '../shape';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray, Shape } from '../types';
import { arenaAlloc, arenaReserve, arenaReset, copyIn, copyOut, heapF32, kernels } from './heap';
import type { KernelName } from './loader';

/** Below this many input elements, or per thread, the js kernel (or one thread) is faster. Tests lower them. */
export const reduceThresholds = { minElements: 1024, minPerThread: 1 << 16 };

/** The [outer, len, inner] view around `axis`, or null when the js kernel should run (it throws what is invalid). */
const view = { outer: 0, len: 0, inner: 0 };
function axisView(x: FloatArray, shape: Shape, axis: number): boolean {
  if (!(x instanceof Float32Array) || x.length < reduceThresholds.minElements || x.length !== sizeOf(shape)) {
    return false;
  }
  const rank = shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) return false;
  const ax = axis < 0 ? axis + rank : axis;
  let outer = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = ax + 1; i < rank; i++) inner *= shape[i]!;
  view.outer = outer;
  view.len = shape[ax]!;
  view.inner = inner;
  return true;
}

const validOut = (out: FloatArray | undefined, n: number): boolean =>
  out === undefined || (out instanceof Float32Array && out.length === n);

/**
 * Runs `name(x, o, outer, len, inner, ...rest)` split over threads by `outer`: each thread gets whole slabs and
 * `scratchBytes` of its own scratch, passed as the argument after `inner` (at index `scratchAt`).
 */
function runOuter(
  name: KernelName,
  px: number,
  po: number,
  outSlab: number,
  extra: readonly number[],
  scratch: number,
  scratchBytes: number,
): void {
  const { outer, len, inner } = view;
  const threads = Math.min(threadsFor(outer * len * inner, reduceThresholds.minPerThread), outer);
  const call = (args: Float64Array | number[], k0: number, k1: number, t: number) => {
    args[0] = px + k0 * len * inner * 4;
    args[1] = po + k0 * outSlab * 4;
    args[2] = k1 - k0;
    args[3] = len;
    args[4] = inner;
    args[5] = scratch + t * scratchBytes;
    for (let i = 0; i < extra.length; i++) args[6 + i] = extra[i]!;
  };
  if (threads <= 1) {
    const args: number[] = [];
    call(args, 0, outer, 0);
    kernels()[name](...args);
    return;
  }
  parallelRun(name, threads, (args, t) =>
    call(args, chunkStart(outer, threads, 1, t), chunkStart(outer, threads, 1, t + 1), t),
  );
}

function reduceSumOrMean(mean: boolean) {
  const jsKernel = mean ? js.reduceMean : js.reduceSum;
  return (x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray => {
    // Small input: the js kernel, which runs the same entry checks (once per call, not twice).
    if (!(x instanceof Float32Array) || x.length < reduceThresholds.minElements) return jsKernel(x, shape, axis, out);
    checkAxisKernel(mean ? 'reduceMean' : 'reduceSum', x, shape, axis, out, false);
    if (!axisView(x, shape, axis) || !validOut(out, view.outer * view.inner)) return jsKernel(x, shape, axis, out);
    const m = view.outer * view.inner;
    const threads = threadsFor(x.length, reduceThresholds.minPerThread);
    arenaReset();
    if (!arenaReserve((x.length + m) * 4 + threads * view.inner * 8, 3)) return jsKernel(x, shape, axis, out);
    const y = (out as Float32Array | undefined) ?? new Float32Array(m);
    const px = copyIn(x as Float32Array);
    const po = arenaAlloc(m * 4);
    const acc = arenaAlloc(threads * view.inner * 8);
    runOuter('reduceSum_f32', px, po, view.inner, [mean ? 1 : 0], acc, view.inner * 8);
    copyOut(po, y);
    return y;
  };
}

function extremum(wantMax: boolean) {
  const jsKernel = wantMax ? js.reduceMax : js.reduceMin;
  return (x: FloatArray, shape: Shape, axis: number, out?: FloatArray, argOut?: Int32Array): FloatArray => {
    checkAxisKernel(wantMax ? 'reduceMax' : 'reduceMin', x, shape, axis, out, false);
    checkArgOut(wantMax ? 'reduceMax' : 'reduceMin', argOut);
    if (!axisView(x, shape, axis)) return jsKernel(x, shape, axis, out, argOut);
    const m = view.outer * view.inner;
    if (view.len === 0 || !validOut(out, m) || (argOut !== undefined && argOut.length !== m)) {
      return jsKernel(x, shape, axis, out, argOut);
    }
    arenaReset();
    if (!arenaReserve((x.length + 2 * m) * 4, 3)) return jsKernel(x, shape, axis, out, argOut);
    const y = (out as Float32Array | undefined) ?? new Float32Array(m);
    const arg = argOut ?? new Int32Array(m);
    const px = copyIn(x as Float32Array);
    const po = arenaAlloc(m * 4);
    const pa = arenaAlloc(m * 4);
    const { outer, len, inner } = view;
    const threads = Math.min(threadsFor(x.length, reduceThresholds.minPerThread), outer);
    if (threads <= 1) kernels().reduceExtremum_f32(px, po, pa, outer, len, inner, wantMax ? 1 : 0);
    else {
      parallelRun('reduceExtremum_f32', threads, (args, t) => {
        const k0 = chunkStart(outer, threads, 1, t);
        args.set([px + k0 * len * inner * 4, po + k0 * inner * 4, pa + k0 * inner * 4]);
        args.set([chunkStart(outer, threads, 1, t + 1) - k0, len, inner, wantMax ? 1 : 0], 3);
      });
    }
    copyOut(po, y);
    arg.set(new Int32Array(heapF32().buffer, pa, m));
    return y;
  };
}

function logsumexp(x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray {
  checkAxisKernel('logsumexp', x, shape, axis, out, false);
  if (!axisView(x, shape, axis) || !validOut(out, view.outer * view.inner)) return js.logsumexp(x, shape, axis, out);
  const m = view.outer * view.inner;
  const threads = threadsFor(x.length, reduceThresholds.minPerThread);
  arenaReset();
  if (!arenaReserve((x.length + m) * 4 + threads * view.inner * 12, 3)) return js.logsumexp(x, shape, axis, out);
  const y = (out as Float32Array | undefined) ?? new Float32Array(m);
  const px = copyIn(x as Float32Array);
  const po = arenaAlloc(m * 4);
  const scratch = arenaAlloc(threads * view.inner * 16);
  runOuter('logsumexp_f32', px, po, view.inner, [], scratch, view.inner * 16);
  copyOut(po, y);
  return y;
}

function softmaxLike(logarithm: boolean) {
  const jsKernel = logarithm ? js.logSoftmax : js.softmax;
  const name: KernelName = logarithm ? 'logSoftmax_f32' : 'softmax_f32';
  return (x: FloatArray, shape: Shape, axis: number, out?: FloatArray): FloatArray => {
    checkAxisKernel(logarithm ? 'logSoftmax' : 'softmax', x, shape, axis, out, true);
    if (!axisView(x, shape, axis) || !validOut(out, x.length)) return jsKernel(x, shape, axis, out);
    const threads = threadsFor(x.length, reduceThresholds.minPerThread);
    arenaReset();
    if (!arenaReserve(x.length * 4 + threads * view.inner * 16, 2)) return jsKernel(x, shape, axis, out);
    const y = (out as Float32Array | undefined) ?? new Float32Array(x.length);
    // In place in the arena: every element is read before it is written (assembly/softmax.ts).
    const px = copyIn(x as Float32Array);
    const scratch = arenaAlloc(threads * view.inner * 16);
    runOuter(name, px, px, view.len * view.inner, [], scratch, view.inner * 16);
    copyOut(px, y);
    return y;
  };
}

function sumAll(x: FloatArray): number {
  if (!(x instanceof Float32Array) || x.length < reduceThresholds.minElements) return js.sumAll(x);
  arenaReset();
  if (!arenaReserve(x.length * 4, 1)) return js.sumAll(x);
  return kernels().sumAll_f32(copyIn(x), x.length);
}

/** Every wasm kernel of the reduce family (the tests reach them here). */
export const wasmReduce = {
  reduceSum: reduceSumOrMean(false),
  reduceMean: reduceSumOrMean(true),
  reduceMax: extremum(true),
  reduceMin: extremum(false),
  logsumexp,
  softmax: softmaxLike(false),
  logSoftmax: softmaxLike(true),
  sumAll,
} satisfies Partial<ReduceKernels>;

export const reduceKernels: Partial<ReduceKernels> = wasmReduce;
