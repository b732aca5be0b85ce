// @actlab/kernels: every export listed explicitly.

export {
  type ActivationAlias,
  type ActivationAliasMap,
  type ActivationEntry,
  type ActivationName,
  type ActivationParamName,
  type ActivationParamOptions,
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
export type { KernelBackend } from './backend';
export { getBackend, jsBackend, setBackend } from './backend';
export {
  add,
  broadcastTo,
  div,
  maximum,
  minimum,
  mul,
  permute,
  pow,
  sub,
  sumToShape,
} from './binary';
export {
  allocateFloatArray,
  checkAllocation,
  checkArray,
  checkBoolean,
  checkChoice,
  checkDtype,
  checkFloatArray,
  checkFunction,
  checkInteger,
  checkNumber,
  checkOptions,
  checkShape,
  describeValue,
  MAX_ELEMENTS,
  type NumberBounds,
} from './checks';
export {
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
export { gemm, gemmBatched } from './gemm';
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
export { Random } from './random';
export {
  logSoftmax,
  logsumexp,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceSum,
  softmax,
  sumAll,
} from './reduce';
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
export type { DType, FloatArray, Shape } from './types';
