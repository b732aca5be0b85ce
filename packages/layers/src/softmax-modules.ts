import { logSoftmax, softmax, type Tensor } from '@actlab/autograd';
import { checkInteger, checkOptions } from '@actlab/kernels';
import { Module } from './module';

/**
 * `Softmax` and `LogSoftmax` as modules, PyTorch's `nn.Softmax(dim)` / `nn.LogSoftmax(dim)`: for a classifier's
 * last layer in a `Sequential`, or inference outputs. (To train, feed logits to `crossEntropyLoss`, which applies
 * log-softmax itself, stably; `LogSoftmax` + `nllLoss` is the same thing in two steps.)
 */

export interface SoftmaxOptions {
  /**
   * The axis the probabilities sum to 1 along (negative counts from the end). Omitted, it is PyTorch's implicit
   * choice where that is the last axis — 0 for inputs of rank 0 or 1, 1 for rank 2 — and an Error for rank 3 and
   * up, where PyTorch's implicit (deprecated) choice is axis 0 or 1, rarely what is meant.
   */
  dim?: number | undefined;
}

/** The axis to use: the option, or PyTorch's implicit one where it is unambiguous (see SoftmaxOptions.dim). */
function axisFor(op: string, dim: number | null, input: Tensor): number {
  if (dim !== null) return dim;
  const rank = input.shape.length;
  if (rank <= 2) return rank === 2 ? 1 : 0;
  throw new Error(
    `${op}: no dim given for an input of rank ${rank}; pass new ${op}({ dim }) — e.g. { dim: 1 } for the class ` +
      'axis of [batch, classes, …] or { dim: -1 } for the last axis (PyTorch would pick an axis implicitly here and warn)',
  );
}

function dimOption(op: string, options: SoftmaxOptions | undefined): number | null {
  checkOptions(op, options, ['dim']);
  const dim = options?.dim;
  if (dim === undefined) return null;
  checkInteger(op, 'options.dim', dim, -(2 ** 31), 2 ** 31 - 1);
  return dim;
}

/**
 * softmax(x)_i = e^(x_i) / Σ_j e^(x_j) along `dim`, computed stably (minus the maximum); no parameters.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Softmax } from '@actlab/layers';
 *
 * const probs = new Softmax({ dim: 1 }).forward(tensor([[1, 2, 3], [0, 0, 0]]));
 * console.log(String(probs));
 * // tensor([[0.0900, 0.2447, 0.6652],
 * //         [0.3333, 0.3333, 0.3333]])
 * console.log(String(probs.sum(1))); // tensor([1., 1.])
 * ```
 */
export class Softmax extends Module {
  /** The axis, or null for PyTorch's implicit choice. */
  readonly dim: number | null;

  constructor(options?: SoftmaxOptions) {
    super();
    this.dim = dimOption('Softmax', options);
  }

  override get typeName(): string {
    return 'Softmax';
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }

  forward(input: Tensor): Tensor {
    return softmax(input, axisFor('Softmax', this.dim, input));
  }
}

/**
 * logSoftmax(x)_i = x_i − log Σ_j e^(x_j) along `dim`, without overflow; no parameters. Pair it with `nllLoss`.
 *
 * @example
 * ```ts
 * import { Linear, LogSoftmax, Sequential } from '@actlab/layers';
 *
 * const model = new Sequential(new Linear(4, 3), new LogSoftmax({ dim: 1 })); // train it with nllLoss
 * console.log(model.toString());
 * // Sequential(
 * //   (0): Linear(in_features=4, out_features=3, bias=True)
 * //   (1): LogSoftmax(dim=1)
 * // )
 * ```
 */
export class LogSoftmax extends Module {
  /** The axis, or null for PyTorch's implicit choice. */
  readonly dim: number | null;

  constructor(options?: SoftmaxOptions) {
    super();
    this.dim = dimOption('LogSoftmax', options);
  }

  override get typeName(): string {
    return 'LogSoftmax';
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }

  forward(input: Tensor): Tensor {
    return logSoftmax(input, axisFor('LogSoftmax', this.dim, input));
  }
}
