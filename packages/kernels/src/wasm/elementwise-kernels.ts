/**
 * WebAssembly wrappers of the unary elementwise kernels (assembly/elementwise.ts; assembly/README.md, "ABI"), with
 * the js kernels' signatures and semantics (`out` optional, of x's length, may be x). Float64, short arrays, a wrong
 * `out` (the js kernel's error) and a memory that cannot grow take the js kernel.
 *
 * Even the cheapest (−x, |x|) run 2–3× faster than the js loops from 1024 elements on, copies in and out included
 * (measured; the js loops cost about 2 ns per element). powScalar takes the wasm kernels for the exponents the js
 * kernel special-cases as exact operations (2, 0.5, −1); sin, cos, expm1, log1p and the other exponents stay js.
 */
import type { ElementwiseKernels } from '../backend-js';
import * as js from '../elementwise';
import { checkScalarArgument, checkUnaryKernel } from '../kernel-checks';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray } from '../types';
import { arenaReserve, arenaReset, copyIn, copyOut, kernels } from './heap';
import type { KernelName } from './loader';

/** Below this many elements, or per thread, the js kernel (or one thread) is faster. Tests lower them. */
export const elementwiseThresholds = { minElements: 512, minPerThread: 1 << 16 };

/** True when the call can take the wasm path: float32 throughout, long enough, `out` valid. */
function wasmPath(x: FloatArray, out: FloatArray | undefined): x is Float32Array {
  return (
    x instanceof Float32Array &&
    x.length >= elementwiseThresholds.minElements &&
    (out === undefined || (out instanceof Float32Array && out.length === x.length))
  );
}

/**
 * y = f(x) through the export `name`, in place in the arena, split over threads by element; null when the memory
 * cannot grow (the caller then runs the js kernel).
 */
function runUnary(
  name: KernelName,
  x: Float32Array,
  out: FloatArray | undefined,
  s0: number,
  s1: number,
): FloatArray | null {
  const n = x.length;
  arenaReset();
  if (!arenaReserve(n * 4, 1)) return null;
  const y = out ?? new Float32Array(n);
  const px = copyIn(x);
  const threads = threadsFor(n, elementwiseThresholds.minPerThread);
  if (threads === 1) kernels()[name](px, px, n, s0, s1);
  else {
    parallelRun(name, threads, (args, t) => {
      const lo = chunkStart(n, threads, 16, t);
      args[0] = px + lo * 4;
      args[1] = px + lo * 4;
      args[2] = chunkStart(n, threads, 16, t + 1) - lo;
      args[3] = s0;
      args[4] = s1;
    });
  }
  copyOut(px, y as Float32Array);
  return y;
}

/** The wasm form of a js unary kernel `(x, out?) => y`. */
function unary(name: KernelName, jsKernel: (x: FloatArray, out?: FloatArray) => FloatArray) {
  return (x: FloatArray, out?: FloatArray): FloatArray => {
    if (!wasmPath(x, out)) return jsKernel(x, out);
    return runUnary(name, x, out, 0, 0) ?? jsKernel(x, out);
  };
}

/** The wasm kernels of the elementwise family, every one (the tests and the bench reach them here). */
export const wasmElementwise = {
  exp: unary('exp_f32', js.exp),
  log: unary('log_f32', js.log),
  sqrt: unary('sqrt_f32', js.sqrt),
  abs: unary('abs_f32', js.abs),
  neg: unary('neg_f32', js.neg),
  square: unary('square_f32', js.square),
  reciprocal: unary('reciprocal_f32', js.reciprocal),
  sign: unary('sign_f32', js.sign),
  scale(x: FloatArray, alpha: number, out?: FloatArray): FloatArray {
    checkScalarArgument('scale', 'alpha', alpha);
    if (!wasmPath(x, out)) return js.scale(x, alpha, out);
    return runUnary('scale_f32', x, out, alpha, 0) ?? js.scale(x, alpha, out);
  },
  clamp(x: FloatArray, min: number, max: number, out?: FloatArray): FloatArray {
    // Bounds out of order, NaN or not numbers are the js kernel's errors. Bounds that are not float32 numbers clamp
    // alike: rounding is monotonic.
    if (!wasmPath(x, out) || !(min <= max) || typeof min !== 'number' || typeof max !== 'number') {
      return js.clamp(x, min, max, out);
    }
    return runUnary('clamp_f32', x, out, min, max) ?? js.clamp(x, min, max, out);
  },
} satisfies Partial<ElementwiseKernels>;

/** x ** p through the exact wasm kernels where the js kernel special-cases p (2: x·x, 0.5: √x, −1: 1/x). */
function powScalar(x: FloatArray, p: number, out?: FloatArray): FloatArray {
  checkUnaryKernel('powScalar', x, out);
  checkScalarArgument('powScalar', 'p', p);
  if (p === 2) return wasmElementwise.square(x, out);
  if (p === 0.5) return wasmElementwise.sqrt(x, out);
  if (p === -1) return wasmElementwise.reciprocal(x, out);
  return js.powScalar(x, p, out);
}

export const elementwiseKernels: Partial<ElementwiseKernels> = { ...wasmElementwise, powScalar };
