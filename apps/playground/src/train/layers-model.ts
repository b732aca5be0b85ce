import { createFallbackModel } from './fallback-mlp';
import type { TrainableModel } from './model';
import type { NetworkSpec, TrainOptions } from './network-spec';

export function createLayersModel(network: NetworkSpec, options: TrainOptions, seed: number): TrainableModel {
  return createFallbackModel(network, options, seed);
}
