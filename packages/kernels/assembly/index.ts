// The one WebAssembly module of @actlab/kernels. Every kernel family is re-exported from here, one line per file
// (README.md, "Adding a kernel"); the JS side reaches an export by name through `kernels()` in src/wasm/heap.ts.

export {
  elu_f32,
  eluBackward_f32,
  gelu_f32,
  geluBackward_f32,
  geluTanh_f32,
  geluTanhBackward_f32,
  hardsigmoid_f32,
  hardsigmoidBackward_f32,
  hardswish_f32,
  hardswishBackward_f32,
  identity_f32,
  identityBackward_f32,
  leakyRelu_f32,
  leakyReluBackward_f32,
  logSigmoid_f32,
  logSigmoidBackward_f32,
  mish_f32,
  mishBackward_f32,
  relu_f32,
  relu6_f32,
  relu6Backward_f32,
  reluBackward_f32,
  selu_f32,
  seluBackward_f32,
  sigmoid_f32,
  sigmoidBackward_f32,
  softplus_f32,
  softplusBackward_f32,
  softsign_f32,
  softsignBackward_f32,
  swish_f32,
  swishBackward_f32,
  tanh_f32,
  tanhBackward_f32,
} from './activations';
export { add_f32, div_f32, maximum_f32, minimum_f32, mul_f32, sub_f32, sumCols_f32, sumRows_f32 } from './binary';
export {
  abs_f32,
  clamp_f32,
  exp_f32,
  log_f32,
  neg_f32,
  reciprocal_f32,
  scale_f32,
  sign_f32,
  sqrt_f32,
  square_f32,
} from './elementwise';
export { gemm_f32, gemmRowGrain, gemmWorkBytes } from './gemm';
export {
  bceWithLogitsBackward_f32,
  bceWithLogitsForward_f32,
  crossEntropyBackward_f32,
  crossEntropyForward_f32,
  mseBackward_f32,
  mseForward_f32,
} from './losses';
export { heapBase } from './memory';
export { adamUpdate_f32, sgdUpdate_f32 } from './optim';
export { logsumexp_f32, reduceExtremum_f32, reduceSum_f32, sumAll_f32 } from './reduce';
export { logSoftmax_f32, softmax_f32 } from './softmax';
