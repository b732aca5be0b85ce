// @actlab/kernels: every export listed explicitly.

export {
  type ActivationAlias,
  type ActivationAliasMap,
  type ActivationEntry,
  type ActivationName,
  type ActivationParamName,
  type ActivationParams,
  type ActivationParamsMap,
  activationAliases,
  activationBackward,
  activationForward,
  activationNames,
  activations,
  type ChoiceParamSpec,
  type GeluApproximation,
  getActivation,
  isActivationName,
  type NoParams,
  type NumberParamSpec,
  type ParamSpec,
  resolveActivationParams,
} from './activations';
export type { BackendName, KernelBackend } from './backend';
export { getBackend, jsBackend, ready, setBackend } from './backend';
export {
  checkBoolean,
  checkChoice,
  checkFunction,
  checkInteger,
  checkNumber,
  checkOptions,
  describeValue,
  type NumberBounds,
} from './checks';
export {
  abs,
  add,
  broadcastTo,
  clamp,
  cos,
  div,
  exp,
  expm1,
  gemm,
  gemmBatched,
  log,
  log1p,
  logSoftmax,
  logsumexp,
  maximum,
  minimum,
  mul,
  neg,
  permute,
  pow,
  powScalar,
  reciprocal,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceSum,
  scale,
  sign,
  sin,
  softmax,
  sqrt,
  square,
  sub,
  sumAll,
  sumToShape,
} from './dispatch';
export type {
  OnnxAttributeValue,
  OnnxExpression,
  OnnxFraction,
  OnnxInput,
  OnnxLiteral,
  OnnxLowering,
  OnnxOperand,
  OnnxParamRef,
} from './onnx-lowering';
export { renderOnnxLowering } from './onnx-lowering';
export type { AdamUpdateOptions, SgdUpdateOptions } from './optimizer-updates';
export { Random } from './random';
export {
  arrayFor,
  broadcastShapes,
  dtypeOf,
  normalizeAxis,
  resolveReshape,
  shapesEqual,
  sizeOf,
  stridesOf,
} from './shape';
export { getNumThreads, setNumThreads } from './threads';
export type { DType, FloatArray, Shape } from './types';
export { wasmMemoryBytes } from './wasm/heap';
