// @actlab/layers: every export listed explicitly.

export type { ActivationModuleClass } from './activation-modules';
export {
  ActivationModule,
  activationClassName,
  activationModule,
  activationModules,
  ELU,
  GELU,
  Hardsigmoid,
  Hardswish,
  Identity,
  LeakyReLU,
  LogSigmoid,
  Mish,
  ReLU,
  ReLU6,
  SELU,
  Sigmoid,
  SiLU,
  Softplus,
  Softsign,
  Swish,
  Tanh,
} from './activation-modules';
export type { CheckpointParts, LoadCheckpointResult, SaveCheckpointOptions } from './checkpoint';
export { loadCheckpoint, saveCheckpoint } from './checkpoint';
export type { ClipGradNormOptions, ClippableTensor } from './clip-grad';
export { clipGradNorm, clipGradValue } from './clip-grad';
export { ModuleDict, ModuleList, ParameterList } from './containers';
export type { DataLoaderOptions, DataLoaderStateDict } from './data';
export { DataLoader, TensorDataset } from './data';
export { Dropout, type DropoutOptions } from './dropout';
export { Flatten, type FlattenOptions } from './flatten';
export type { RemovableHandle } from './hooks';
export type { GeneratorOptions, InitTarget, KaimingOptions, Nonlinearity } from './init';
export {
  calculateGain,
  computeFans,
  constant,
  getDefaultGenerator,
  kaimingNormal,
  kaimingUniform,
  manualSeed,
  normal,
  ones,
  uniform,
  xavierNormal,
  xavierUniform,
  zeros,
} from './init';
export type { LearnableSwishOptions, PReLUOptions } from './learnable-activations';
export { LearnableSwish, PReLU } from './learnable-activations';
export type { LinearOptions } from './linear';
export { Linear } from './linear';
export type {
  BceOptions,
  BceWithLogitsOptions,
  ClassTargets,
  CrossEntropyOptions,
  LossOptions,
  NllLossOptions,
  Reduction,
} from './losses';
export { bceLoss, bceWithLogitsLoss, crossEntropyLoss, mseLoss, nllLoss } from './losses';
export type { MaxoutOptions } from './maxout';
export { Maxout } from './maxout';
export type {
  AnyModule,
  LoadStateDictOptions,
  LoadStateDictResult,
  NumParametersOptions,
  StateTensor,
} from './module';
export { isParameter, Module, parameter, Sequential } from './module';
export { exportOnnx, type OnnxExportOptions, saveOnnxFile } from './onnx';
export type {
  AdamOptions,
  AdamParamState,
  AdamResolved,
  OptimizableTensor,
  OptimizerParams,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupSpec,
  SGDOptions,
  SGDParamState,
  SGDResolved,
  StateBuffer,
} from './optim';
export { Adam, AdamW, Optimizer, SGD } from './optim';
export type { RBFOptions } from './rbf';
export { RBF } from './rbf';
export {
  loadSafetensors,
  loadSafetensorsFile,
  loadSafetensorsWithMetadata,
  saveSafetensors,
  saveSafetensorsFile,
} from './safetensors';
export type {
  DecodedSafetensors,
  RawTensor,
  SafetensorsBytes,
  SafetensorsDtype,
  SafetensorsSaveOptions,
} from './safetensors-format';
export { decodeSafetensors, encodeSafetensors, SAFETENSORS_MAX_HEADER_BYTES } from './safetensors-format';
export type {
  CosineAnnealingLROptions,
  ExponentialLROptions,
  LambdaLROptions,
  LinearLROptions,
  LrLambda,
  OneCycleLROptions,
  PlateauStateDict,
  ReduceLROnPlateauOptions,
  SchedulerStateDict,
  StepLROptions,
} from './schedulers';
export {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LRScheduler,
  OneCycleLR,
  ReduceLROnPlateau,
  StepLR,
} from './schedulers';
export type { SoftmaxOptions } from './softmax-modules';
export { LogSoftmax, Softmax } from './softmax-modules';
export type { SummaryOptions, SummaryRow } from './summary';
export { ModuleSummary } from './summary';
