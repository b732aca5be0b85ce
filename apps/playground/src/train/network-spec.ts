import type { Task } from '../data/datasets';
import { type ActivationName, activationNames } from './activation-catalog';

/** One hidden layer: a Linear followed by an activation from the table, a Maxout layer, or an RBF layer. */
export type HiddenLayerSpec =
  | { readonly kind: 'activation'; readonly units: number; readonly activation: ActivationName }
  | { readonly kind: 'maxout'; readonly units: number; readonly poolSize: number }
  | { readonly kind: 'rbf'; readonly units: number; readonly gamma: number };

/** What a hidden layer can be: an activation of the table, or the Maxout or RBF layer kind. */
export type LayerKind = ActivationName | 'maxout' | 'rbf';
/** Every layer kind: the table's activations in table order, then Maxout and RBF. */
export const layerKinds: readonly LayerKind[] = [...activationNames, 'maxout', 'rbf'];

/**
 * A hidden layer of `units` units of `kind`: the one place a kind becomes a layer (the editor, compare mode and the
 * arena all go through it). Maxout and RBF take their pool size and γ from `settings`.
 */
export function layerOfKind(
  kind: LayerKind,
  units: number,
  settings: { readonly poolSize: number; readonly gamma: number },
): HiddenLayerSpec {
  if (kind === 'maxout') return { kind: 'maxout', units, poolSize: settings.poolSize };
  if (kind === 'rbf') return { kind: 'rbf', units, gamma: settings.gamma };
  return { kind: 'activation', units, activation: kind };
}

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

/**
 * How the weights of every Linear (hidden, inside Maxout, and the output) start:
 * - 'pytorch': PyTorch's nn.Linear default, weights and biases U(±1/√fanIn);
 * - 'xavier': Glorot uniform, U(±gain·√(6/(fanIn+fanOut))), gain from the activation that follows; biases 0;
 * - 'kaiming': He uniform, U(±gain·√(3/fanIn)), gain from the activation that follows; biases 0;
 * - 'small': U(±0.01), biases 0 — the old "small random numbers", which starve deep networks of signal.
 * RBF centres always start N(0, 1).
 */
export type InitName = 'pytorch' | 'xavier' | 'kaiming' | 'small';
export const initNames: readonly InitName[] = ['pytorch', 'xavier', 'kaiming', 'small'];
export const SMALL_INIT_BOUND = 0.01;

export interface NetworkSpec {
  readonly inputs: number;
  readonly hidden: readonly HiddenLayerSpec[];
  readonly output: OutputSpec;
  /** Weight initialisation (default 'pytorch'). */
  readonly init?: InitName;
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
