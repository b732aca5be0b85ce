// @actlab/autograd: every export listed explicitly.

export type { NestedNumbers, RandomOptions, TensorDataOptions, TensorOptions } from './creation';
export {
  arange,
  eye,
  full,
  getDefaultGenerator,
  getRngState,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randn,
  setRngState,
  tensor,
  zeros,
  zerosLike,
} from './creation';
export type { CustomOpContext, CustomOpSpec } from './custom-op';
export { customOp } from './custom-op';
export type { GradcheckOptions } from './gradcheck';
export { gradcheck } from './gradcheck';
export type { InputGrads, OpDefinition } from './graph';
export {
  enableGrad,
  isGradEnabled,
  Node,
  noGrad,
  recordOp,
  setGradEnabled,
  takeGradientBuffer,
} from './graph';
export type { ActivationFunction, ActivationMethods, ActivationOptions } from './ops/activation';
export { activation, activationFunction } from './ops/activation';
export {
  activationFunctions,
  elu,
  gelu,
  hardsigmoid,
  hardswish,
  identity,
  leakyRelu,
  logSigmoid,
  mish,
  relu,
  relu6,
  selu,
  sigmoid,
  silu,
  softplus,
  softsign,
  swish,
  tanh,
} from './ops/activation-functions';
export { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, pow, sub, where } from './ops/binary';
export { abs, clamp, clone, exp, log, neg, sqrt, square, to } from './ops/elementwise';
export { matmul } from './ops/matmul';
export type { Operand } from './ops/operands';
export type { Axes, ValuesAndIndices } from './ops/reduce';
export { argmax, argmin, logsumexp, max, maxWithIndices, mean, min, minWithIndices, sum } from './ops/reduce';
export type { IndexLike } from './ops/shape';
export {
  concat,
  expand,
  flatten,
  gather,
  indexSelect,
  permute,
  reshape,
  slice,
  squeeze,
  stack,
  transpose,
  unsqueeze,
} from './ops/shape';
export { logSoftmax, softmax } from './ops/softmax';
export type { BackwardOptions, NestedArray } from './tensor';
export { Tensor } from './tensor';
export type { ZeroGradOptions } from './zero-grad';
export { zeroGrad } from './zero-grad';
