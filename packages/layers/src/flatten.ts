import type { Tensor } from '@actlab/autograd';
import { Module } from './module';

/** Flatten dimensions startDim…endDim into one (PyTorch's nn.Flatten; defaults 1 and −1 keep the batch axis). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: { startDim?: number; endDim?: number } = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  override get typeName(): string {
    return 'Flatten';
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }

  forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
}
