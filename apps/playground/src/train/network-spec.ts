import type { Task } from '../data/datasets';
import type { ActivationName } from './activation-catalog';

/** One hidden layer: a Linear followed by an activation from the table, a Maxout layer, or an RBF layer. */
export type HiddenLayerSpec =
  | { readonly kind: 'activation'; readonly units: number; readonly activation: ActivationName }
  | { readonly kind: 'maxout'; readonly units: number; readonly poolSize: number }
  | { readonly kind: 'rbf'; readonly units: number; readonly gamma: number };

export type OptimizerName = 'sgd' | 'momentum' | 'adam';
export const optimizerNames: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];

/**
 * The output follows the task: one logit with sigmoid + BCE for binary classification, `classes` logits with
 * softmax + cross-entropy for multi-class, one identity output with MSE for regression.
 */
export type OutputSpec =
  | { readonly task: 'classification' }
  | { readonly task: 'multiclass'; readonly classes: number }
  | { readonly task: 'regression' };

export interface NetworkSpec {
  readonly inputs: number;
  readonly hidden: readonly HiddenLayerSpec[];
  readonly output: OutputSpec;
}

export interface TrainOptions {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l1: number;
  readonly l2: number;
}

export function outputFor(task: Task): OutputSpec {
  return task === 'classification' ? { task: 'classification' } : { task: 'regression' };
}

export function layerLabel(layer: HiddenLayerSpec): string {
  if (layer.kind === 'maxout') return `maxout(pool ${layer.poolSize})`;
  if (layer.kind === 'rbf') return `rbf(γ ${layer.gamma})`;
  return layer.activation;
}
