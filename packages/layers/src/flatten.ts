import type { Tensor } from '@actlab/autograd';
import { checkInteger, checkOptions } from '@actlab/kernels';
import { checkInput } from './layer-checks';
import { Module } from './module';

/** Options of `Flatten`. */
export interface FlattenOptions {
  /** First dimension merged (default 1, keeping the batch axis). */
  startDim?: number | undefined;
  /** Last dimension merged (default −1). */
  endDim?: number | undefined;
}

/** Flatten dimensions startDim…endDim into one (PyTorch's nn.Flatten; defaults 1 and −1 keep the batch axis). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: FlattenOptions = {}) {
    super();
    checkOptions('Flatten', options, ['startDim', 'endDim']);
    const { startDim = 1, endDim = -1 } = options;
    checkInteger('Flatten', 'startDim', startDim, Number.MIN_SAFE_INTEGER);
    checkInteger('Flatten', 'endDim', endDim, Number.MIN_SAFE_INTEGER);
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override get typeName(): string {
    return 'Flatten';
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }

  forward(input: Tensor): Tensor {
    checkInput('Flatten', input);
    return input.flatten(this.startDim, this.endDim);
  }
}
