import type { HiddenLayerSpec, TrainOptions } from './network-spec';

/**
 * What one hidden layer did on a batch of points: its output `h` (n×units) and the local gain `gain` (n×units),
 * the factor by which the unit scales gradients flowing back through it — |f′(z)| for a table activation,
 * 1 for the winning piece of a Maxout unit, and the RBF output φ itself (dφ/d‖x−c‖² = −γφ).
 */
export interface LayerTrace {
  readonly spec: HiddenLayerSpec;
  readonly units: number;
  readonly h: Float32Array;
  readonly gain: Float32Array;
  /**
   * What the unit's curve is a function of, n×units: the pre-activation z = Wx + b for a table activation, the
   * distance ‖x − c‖ to its centre for RBF, the output itself for Maxout (whose curve is learned).
   */
  readonly z: Float32Array;
}

/** One layer's links for drawing: rows = its units, cols = its inputs, row-major. */
export interface LayerWeights {
  /** 'maxout': per link the strongest piece's weight; 'rbf': the centres' coordinates (not weights). */
  readonly kind: 'linear' | 'maxout' | 'rbf';
  readonly rows: number;
  readonly cols: number;
  readonly w: Float32Array;
}

export type ExportFormat = 'safetensors' | 'onnx';

export interface Evaluation {
  /** Mean data loss (BCE, cross-entropy or MSE), without the regularisation term. */
  readonly loss: number;
  /** Fraction classified right (classification), or NaN for regression. */
  readonly accuracy: number;
}

/** Inputs are row-major n×inputs features; targets are 0/1, class indices, or real values. */
export interface TrainableModel {
  /** One pass over the data in seeded mini-batches; returns the mean training loss over the batches. */
  trainEpoch(x: Float32Array, y: Float32Array, n: number): number;
  evaluate(x: Float32Array, y: Float32Array, n: number): Evaluation;
  /** Probabilities (classification: P(class 1); multiclass: n×classes) or values (regression). */
  predict(x: Float32Array, n: number): Float32Array;
  /** Per hidden layer, its outputs and gains on these inputs. */
  trace(x: Float32Array, n: number): LayerTrace[];
  /** Per hidden layer then the output layer, the mean over the last epoch's batches of ‖∂loss/∂W‖. */
  gradientNorms(): Float64Array;
  /** New training options for the next epochs; the weights stay. */
  setOptions(options: TrainOptions): void;
  /** Forgets the optimiser's running state (momentum, Adam moments). */
  resetOptimizer(): void;
  /** Copies of the parameters (into `into`'s arrays when they fit, so a training loop allocates nothing). */
  saveParameters(into?: Float32Array[]): Float32Array[];
  restoreParameters(saved: readonly Float32Array[]): void;
  /** Per hidden layer then the output layer, its links. */
  weights(): LayerWeights[];
  exportModel(format: ExportFormat, metadata: Readonly<Record<string, string>>): Uint8Array;
}
