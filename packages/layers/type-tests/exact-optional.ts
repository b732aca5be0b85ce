/**
 * Compiled by `pnpm typecheck` with `exactOptionalPropertyTypes: true` (issue 13.7), against the built declarations
 * (dist/*.d.ts: what npm users get; packages/layers/turbo.json builds the package first). A consumer with that
 * setting must be able to pass a config it read from elsewhere, `{ lr: cfg.lr }`, where `cfg.lr` may be undefined,
 * so every field of every public options type accepts `undefined` explicitly. `AcceptsUndefined` checks each field
 * of a type at once; the calls below show the consumer's view. src/exact-optional.test.ts checks that every exported
 * `…Options` type is listed here.
 */

import {
  type ActivationOptions,
  type BackwardOptions,
  type GradcheckOptions,
  type RandomOptions,
  rand,
  type randn,
  type TensorDataOptions,
  type TensorOptions,
  tensor,
  type ZeroGradOptions,
} from '@actlab/autograd';
import type { ActivationParamOptions, AdamUpdateOptions, NumberBounds, SgdUpdateOptions } from '@actlab/kernels';
import {
  Adam,
  type AdamOptions,
  type BceOptions,
  type BceWithLogitsOptions,
  type CheckpointParts,
  type ClipGradNormOptions,
  type CosineAnnealingLR,
  type CosineAnnealingLROptions,
  type CrossEntropyOptions,
  type DataLoaderOptions,
  type DropoutOptions,
  type ExponentialLROptions,
  type FlattenOptions,
  type GeneratorOptions,
  type KaimingOptions,
  type LambdaLROptions,
  LeakyReLU,
  type LearnableSwishOptions,
  Linear,
  type LinearLROptions,
  type LinearOptions,
  type LoadStateDictOptions,
  type LossOptions,
  type MaxoutOptions,
  type Module,
  mseLoss,
  type NllLossOptions,
  type NumParametersOptions,
  type normal,
  type OneCycleLROptions,
  type OnnxExportOptions,
  type Optimizer,
  type PReLUOptions,
  type RBFOptions,
  type ReduceLROnPlateauOptions,
  type SafetensorsSaveOptions,
  type SaveCheckpointOptions,
  SGD,
  type SGDOptions,
  type SoftmaxOptions,
  type StepLR,
  type StepLROptions,
  type SummaryOptions,
  type uniform,
  type xavierUniform,
} from '@actlab/layers';

/** The optional fields of T that refuse an explicit `undefined` (under exactOptionalPropertyTypes). */
type FieldsWithoutUndefined<T> = {
  [K in keyof T]-?: Record<never, never> extends Pick<T, K>
    ? { [P in K]: undefined } extends Pick<T, K>
      ? never
      : K
    : never;
}[keyof T];

/** `true` when every optional field of T accepts `undefined`; otherwise names the fields that do not. */
type AcceptsUndefined<T> = [FieldsWithoutUndefined<T>] extends [never]
  ? true
  : { fieldsWithoutUndefined: FieldsWithoutUndefined<T> };

type Check<T extends true> = T;
type OptionsOf<F extends (...args: never[]) => unknown, I extends number> = NonNullable<Parameters<F>[I]>;
type CtorOptionsOf<C extends abstract new (...args: never[]) => unknown, I extends number> = NonNullable<
  ConstructorParameters<C>[I]
>;

export type ExactOptionalChecks = [
  // @actlab/kernels
  Check<AcceptsUndefined<NumberBounds>>,
  Check<AcceptsUndefined<ActivationParamOptions<'leakyRelu'>>>,
  Check<AcceptsUndefined<ActivationParamOptions<'softplus'>>>,
  Check<AcceptsUndefined<ActivationParamOptions<'gelu'>>>,
  // The fused optimiser kernels take resolved options: every field required, none optional.
  Check<AcceptsUndefined<SgdUpdateOptions>>,
  Check<AcceptsUndefined<AdamUpdateOptions>>,
  // @actlab/autograd
  Check<AcceptsUndefined<TensorOptions>>,
  Check<AcceptsUndefined<TensorDataOptions>>,
  Check<AcceptsUndefined<RandomOptions>>,
  Check<AcceptsUndefined<OptionsOf<typeof rand, 1>>>,
  Check<AcceptsUndefined<OptionsOf<typeof randn, 1>>>,
  Check<AcceptsUndefined<GradcheckOptions>>,
  Check<AcceptsUndefined<BackwardOptions>>,
  Check<AcceptsUndefined<ZeroGradOptions>>,
  Check<AcceptsUndefined<ActivationOptions<'elu'>>>,
  // @actlab/layers
  Check<AcceptsUndefined<LinearOptions>>,
  Check<AcceptsUndefined<MaxoutOptions>>,
  Check<AcceptsUndefined<RBFOptions>>,
  Check<AcceptsUndefined<DropoutOptions>>,
  Check<AcceptsUndefined<FlattenOptions>>,
  Check<AcceptsUndefined<PReLUOptions>>,
  Check<AcceptsUndefined<LearnableSwishOptions>>,
  Check<AcceptsUndefined<GeneratorOptions>>,
  Check<AcceptsUndefined<KaimingOptions>>,
  Check<AcceptsUndefined<OptionsOf<typeof uniform, 1>>>,
  Check<AcceptsUndefined<OptionsOf<typeof normal, 1>>>,
  Check<AcceptsUndefined<OptionsOf<typeof xavierUniform, 1>>>,
  Check<AcceptsUndefined<LossOptions>>,
  Check<AcceptsUndefined<NllLossOptions>>,
  Check<AcceptsUndefined<CrossEntropyOptions>>,
  Check<AcceptsUndefined<BceWithLogitsOptions>>,
  Check<AcceptsUndefined<BceOptions>>,
  Check<AcceptsUndefined<SoftmaxOptions>>,
  Check<AcceptsUndefined<SafetensorsSaveOptions>>,
  Check<AcceptsUndefined<SaveCheckpointOptions>>,
  Check<AcceptsUndefined<CheckpointParts>>,
  Check<AcceptsUndefined<ClipGradNormOptions>>,
  Check<AcceptsUndefined<DataLoaderOptions>>,
  Check<AcceptsUndefined<NumParametersOptions>>,
  Check<AcceptsUndefined<CosineAnnealingLROptions>>,
  Check<AcceptsUndefined<ExponentialLROptions>>,
  Check<AcceptsUndefined<LambdaLROptions>>,
  Check<AcceptsUndefined<LinearLROptions>>,
  Check<AcceptsUndefined<OneCycleLROptions>>,
  Check<AcceptsUndefined<ReduceLROnPlateauOptions>>,
  Check<AcceptsUndefined<StepLROptions>>,
  Check<AcceptsUndefined<SummaryOptions>>,
  Check<AcceptsUndefined<LoadStateDictOptions>>,
  Check<AcceptsUndefined<OnnxExportOptions>>,
  Check<AcceptsUndefined<SGDOptions>>,
  Check<AcceptsUndefined<AdamOptions>>,
  Check<AcceptsUndefined<OptionsOf<Module['zeroGrad'], 0>>>,
  Check<AcceptsUndefined<OptionsOf<Optimizer['zeroGrad'], 0>>>,
  Check<AcceptsUndefined<CtorOptionsOf<typeof StepLR, 1>>>,
  Check<AcceptsUndefined<CtorOptionsOf<typeof CosineAnnealingLR, 1>>>,
];

/** What a consumer writes: options filled from a config whose fields may be missing. */
interface Config {
  lr?: number;
  momentum?: number;
  bias?: boolean;
  dtype?: 'float32' | 'float64';
  slope?: number;
  reduction?: 'mean' | 'sum' | 'none';
  seed?: number;
}

export function consumer(cfg: Config): void {
  const model = new Linear(2, 1, { bias: cfg.bias, dtype: cfg.dtype });
  const act = new LeakyReLU({ negativeSlope: cfg.slope });
  const x = rand([4, 2], { seed: cfg.seed, dtype: cfg.dtype });
  const y = tensor([[1], [0], [1], [0]], { dtype: cfg.dtype });
  const opt = new SGD(model.parameters(), { lr: cfg.lr ?? 0.1, momentum: cfg.momentum });
  const adam = new Adam(model.parameters(), { lr: cfg.lr });
  const loss = mseLoss(act.forward(model.forward(x)), y, { reduction: cfg.reduction });
  loss.backward(undefined, { retainGraph: undefined });
  opt.step();
  adam.zeroGrad({ setToNone: undefined });
}
