/**
 * The seam: `KernelBackend` lists every kernel the hot paths of autograd and layers call, grouped in families, and
 * `jsBackend` is the pure TypeScript implementation of all of them (the reference, always there). Another backend
 * (src/wasm/backend.ts) supplies the same functions with the same signatures and semantics, so callers —
 * `getBackend().add(...)` — change nothing per backend. Adding a kernel family: README.md in packages/kernels/assembly.
 */
import type { ActivationEntry, ActivationName, ActivationParams } from './activations';
import { add, broadcastTo, div, maximum, minimum, mul, permute, pow, sub, sumToShape } from './binary';
import { allocateFloatArray } from './checks';
import {
  abs,
  clamp,
  cos,
  exp,
  expm1,
  log,
  log1p,
  neg,
  powScalar,
  reciprocal,
  scale,
  sign,
  sin,
  sqrt,
  square,
} from './elementwise';
import { gemm, gemmBatched } from './gemm';
import { checkActivationGradKernel, checkActivationKernel } from './kernel-checks';
import {
  bceWithLogitsBackward,
  bceWithLogitsForward,
  crossEntropyBackward,
  crossEntropyForward,
  mseBackward,
  mseForward,
} from './loss-kernels';
import { adamUpdate, sgdUpdate } from './optimizer-updates';
import { logSoftmax, logsumexp, reduceMax, reduceMean, reduceMin, reduceSum, softmax, sumAll } from './reduce';
import type { FloatArray } from './types';

const gemmKernels = { gemm, gemmBatched };
/** Matrix products (src/gemm.ts). */
export type GemmKernels = typeof gemmKernels;

/** Activation-table entries, forward and backward, with resolved parameters (`resolveActivationParams`). */
export interface ActivationKernels {
  /**
   * y = f(x) for table entry `entry`, returned; y has x's length and may alias x. With y = null the result is a new
   * array of x's dtype, which a backend may build straight from its own memory (the wasm backend copies its result
   * into a fresh array in one pass, instead of zero-filling one and copying into it).
   */
  readonly activation: (
    entry: ActivationEntry,
    x: FloatArray,
    y: FloatArray | null,
    p: ActivationParams<ActivationName>,
  ) => FloatArray;
  /**
   * dx = dy·f'(x), returned, reading x or y = f(x) as `entry.backwardUses` says; dx may alias dy. With dx = null the
   * result is a new array of dy's dtype (as for `activation`).
   */
  readonly activationGrad: (
    entry: ActivationEntry,
    x: FloatArray,
    y: FloatArray,
    dy: FloatArray,
    dx: FloatArray | null,
    p: ActivationParams<ActivationName>,
  ) => FloatArray;
}
const activationKernels: ActivationKernels = {
  activation: (entry, x, y, p) => {
    checkActivationKernel('activation', entry, x, y, p);
    const out = y ?? allocateFloatArray(entry.name, x instanceof Float64Array ? 'float64' : 'float32', x.length);
    entry.forward(x, out, p);
    return out;
  },
  activationGrad: (entry, x, y, dy, dx, p) => {
    checkActivationGradKernel('activationGrad', entry, x, y, dy, dx, p);
    const out = dx ?? allocateFloatArray(entry.name, dy instanceof Float64Array ? 'float64' : 'float32', dy.length);
    entry.backward(x, y, dy, out, p);
    return out;
  },
};

const elementwiseKernels = {
  abs,
  clamp,
  cos,
  exp,
  expm1,
  log,
  log1p,
  neg,
  powScalar,
  reciprocal,
  scale,
  sign,
  sin,
  sqrt,
  square,
};
/** Unary elementwise ops (src/elementwise.ts). */
export type ElementwiseKernels = typeof elementwiseKernels;

const binaryKernels = { add, broadcastTo, div, maximum, minimum, mul, permute, pow, sub, sumToShape };
/** Broadcasting binary ops, their reduction back to a shape, and permute (src/binary.ts). */
export type BinaryKernels = typeof binaryKernels;

const reduceKernels = { logSoftmax, logsumexp, reduceMax, reduceMean, reduceMin, reduceSum, softmax, sumAll };
/** Reductions along an axis, softmax and logSoftmax (src/reduce.ts). */
export type ReduceKernels = typeof reduceKernels;

const lossKernels = {
  crossEntropyForward,
  crossEntropyBackward,
  mseForward,
  mseBackward,
  bceWithLogitsForward,
  bceWithLogitsBackward,
};
/** Fused loss kernels, forward and backward (src/loss-kernels.ts). */
export type LossKernels = typeof lossKernels;

const optimizerKernels = { sgdUpdate, adamUpdate };
/** Fused optimiser updates of one parameter (src/optimizer-updates.ts). */
export type OptimizerKernels = typeof optimizerKernels;

/** The kernels a backend supplies; each has the signature and semantics of the js implementation. */
export interface KernelBackend
  extends GemmKernels,
    ActivationKernels,
    ElementwiseKernels,
    BinaryKernels,
    ReduceKernels,
    LossKernels,
    OptimizerKernels {
  /** 'js', 'wasm', or a custom backend's name. */
  readonly name: string;
}

/** The pure TypeScript implementation, always available: the reference every other backend is tested against. */
export const jsBackend: KernelBackend = Object.freeze({
  name: 'js',
  ...gemmKernels,
  ...activationKernels,
  ...elementwiseKernels,
  ...binaryKernels,
  ...reduceKernels,
  ...lossKernels,
  ...optimizerKernels,
});

/** The names of every kernel a backend must supply. */
export const kernelNames: readonly (keyof KernelBackend)[] = Object.freeze(
  (Object.keys(jsBackend) as (keyof KernelBackend)[]).filter((key) => key !== 'name'),
);
