/**
 * WebAssembly wrappers of the activation kernels (assembly/activations.ts; assembly/README.md, "ABI"). One table,
 * `wasmActivations`, names each entry's forward and backward export and its float32 parameters; the compiler checks
 * that it covers the whole activation table, so an entry added there without a wasm kernel is a type error, not a
 * silent fallback. The js entry stays the reference and handles every case the wasm path does not take: float64,
 * arrays too short to repay the copy, wrong lengths (its error messages), and a memory that cannot grow.
 */
import type { ActivationEntry, ActivationName, ActivationParams } from '../activations';
import { type ActivationKernels, jsBackend } from '../backend-js';
import { checkActivationGradKernel, checkActivationKernel } from '../kernel-checks';
import { chunkStart, parallelRun, threadsFor } from '../threads';
import type { FloatArray } from '../types';
import { arenaReserve, arenaReset, copyIn, copyOut, copyOutNew, kernels } from './heap';
import type { KernelName } from './loader';

/** How one table entry reaches its wasm kernels. */
interface WasmActivation<N extends ActivationName> {
  /** The forward and backward exports for these parameters (gelu has one pair per `approximate`). */
  readonly forward: (p: ActivationParams<N>) => KernelName;
  readonly backward: (p: ActivationParams<N>) => KernelName;
  /** The entry's numeric parameters in the exports' order (the exports take them as f32: PyTorch's rounding). */
  readonly first?: (p: ActivationParams<N>) => number;
  readonly second?: (p: ActivationParams<N>) => number;
}

const plain = <N extends ActivationName>(forward: KernelName, backward: KernelName): WasmActivation<N> => ({
  forward: () => forward,
  backward: () => backward,
});

/** Every entry of the activation table, with its wasm kernels. */
export const wasmActivations: { readonly [N in ActivationName]: WasmActivation<N> } = {
  sigmoid: plain('sigmoid_f32', 'sigmoidBackward_f32'),
  tanh: plain('tanh_f32', 'tanhBackward_f32'),
  relu: plain('relu_f32', 'reluBackward_f32'),
  leakyRelu: { ...plain('leakyRelu_f32', 'leakyReluBackward_f32'), first: (p) => p.negativeSlope },
  softplus: {
    ...plain('softplus_f32', 'softplusBackward_f32'),
    first: (p) => p.beta,
    second: (p) => p.threshold,
  },
  swish: { ...plain('swish_f32', 'swishBackward_f32'), first: (p) => p.beta },
  elu: { ...plain('elu_f32', 'eluBackward_f32'), first: (p) => p.alpha },
  selu: plain('selu_f32', 'seluBackward_f32'),
  gelu: {
    forward: (p) => (p.approximate === 'tanh' ? 'geluTanh_f32' : 'gelu_f32'),
    backward: (p) => (p.approximate === 'tanh' ? 'geluTanhBackward_f32' : 'geluBackward_f32'),
  },
  mish: plain('mish_f32', 'mishBackward_f32'),
  hardswish: plain('hardswish_f32', 'hardswishBackward_f32'),
  hardsigmoid: plain('hardsigmoid_f32', 'hardsigmoidBackward_f32'),
  relu6: plain('relu6_f32', 'relu6Backward_f32'),
  softsign: plain('softsign_f32', 'softsignBackward_f32'),
  logSigmoid: plain('logSigmoid_f32', 'logSigmoidBackward_f32'),
  identity: plain('identity_f32', 'identityBackward_f32'),
};

/**
 * Below this many elements the js kernel wins: the copies in and out and the call cost more than the arithmetic
 * saves (measured on the cheapest entries; `pnpm bench`). Tests lower it to reach the wasm path at every size.
 */
export const activationThresholds = { minElements: 512, minPerThread: 1 << 16 };

const isF32 = (a: unknown): a is Float32Array => a instanceof Float32Array;

/**
 * Runs `name` over n elements at byte addresses a, b (and c), in place in the arena, split over threads by element
 * (chunks are multiples of 16 elements, so every chunk but the last is whole vectors).
 */
function run(name: KernelName, a: number, b: number, n: number, s0: number, s1: number, binary: boolean): void {
  const threads = threadsFor(n, activationThresholds.minPerThread);
  if (threads === 1) {
    if (binary) kernels()[name](a, b, b, n, s0, s1);
    else kernels()[name](a, a, n, s0, s1);
    return;
  }
  parallelRun(name, threads, (args, t) => {
    const lo = chunkStart(n, threads, 16, t);
    const hi = chunkStart(n, threads, 16, t + 1);
    let i = 0;
    args[i++] = a + lo * 4;
    if (binary) args[i++] = b + lo * 4;
    args[i++] = (binary ? b : a) + lo * 4;
    args[i++] = hi - lo;
    args[i++] = s0;
    args[i] = s1;
  });
}

/** A custom entry (not the table's name) runs its own kernels. */
const hasWasm = (entry: ActivationEntry): boolean => Object.hasOwn(wasmActivations, entry.name);

/** y = f(x); with y = null, a new array (on the wasm path, copied straight out of the arena: heap.ts copyOutNew). */
function activation(
  entry: ActivationEntry,
  x: FloatArray,
  y: FloatArray | null,
  p: ActivationParams<ActivationName>,
): FloatArray {
  // Small or non-float32 input: the js kernel, which runs the same entry checks (once per call, not twice).
  if (!isF32(x) || x.length < activationThresholds.minElements) return jsBackend.activation(entry, x, y, p);
  checkActivationKernel('activation', entry, x, y, p);
  const n = x.length;
  if ((y !== null && (!isF32(y) || y.length !== n)) || !hasWasm(entry)) {
    return jsBackend.activation(entry, x, y, p);
  }
  const w = wasmActivations[entry.name] as WasmActivation<ActivationName>;
  arenaReset();
  if (!arenaReserve(n * 4 + 64, 1)) return jsBackend.activation(entry, x, y, p);
  const px = copyIn(x);
  run(w.forward(p), px, 0, n, w.first?.(p) ?? 0, w.second?.(p) ?? 0, false);
  if (y === null) return copyOutNew(px, n);
  copyOut(px, y);
  return y;
}

/** dx = dy·f'(·); with dx = null, a new array (on the wasm path, copied straight out of the arena). */
function activationGrad(
  entry: ActivationEntry,
  x: FloatArray,
  y: FloatArray,
  dy: FloatArray,
  dx: FloatArray | null,
  p: ActivationParams<ActivationName>,
): FloatArray {
  if (!isF32(dy) || dy.length < activationThresholds.minElements) {
    return jsBackend.activationGrad(entry, x, y, dy, dx, p);
  }
  checkActivationGradKernel('activationGrad', entry, x, y, dy, dx, p);
  const read = entry.backwardUses === 'output' ? y : x;
  const n = read.length;
  if (
    !isF32(read) ||
    !isF32(dy) ||
    (dx !== null && (!isF32(dx) || dx.length !== n)) ||
    dy.length !== n ||
    n < activationThresholds.minElements ||
    !hasWasm(entry)
  ) {
    return jsBackend.activationGrad(entry, x, y, dy, dx, p);
  }
  const w = wasmActivations[entry.name] as WasmActivation<ActivationName>;
  arenaReset();
  if (!arenaReserve(2 * n * 4 + 128, 2)) return jsBackend.activationGrad(entry, x, y, dy, dx, p);
  const pr = copyIn(read);
  const pd = copyIn(dy);
  run(w.backward(p), pr, pd, n, w.first?.(p) ?? 0, w.second?.(p) ?? 0, true);
  if (dx === null) return copyOutNew(pd, n);
  copyOut(pd, dx);
  return dx;
}

export const activationKernels: Partial<ActivationKernels> = { activation, activationGrad };
