import { type Tensor, zeros } from '@actlab/autograd';
import type { Random } from '@actlab/kernels';
import { getDefaultGenerator } from './init';
import { Module } from './module';

/**
 * Dropout: in training mode each element is zeroed with probability p and the survivors are scaled by
 * 1/(1 − p), so the expected activation is unchanged; in eval mode it is the identity (returns its input).
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly generator: Random;

  constructor(p = 0.5, options: { generator?: Random } = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout: p = ${String(p)} is invalid; the drop probability must be in [0, 1]`);
    }
    this.p = p;
    this.generator = options.generator ?? getDefaultGenerator();
  }

  override get typeName(): string {
    return 'Dropout';
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }

  forward(input: Tensor): Tensor {
    if (!this.training || this.p === 0) return input;
    const mask = zeros(input.shape, { dtype: input.dtype });
    if (this.p < 1) {
      const keep = 1 / (1 - this.p);
      const m = mask.data;
      for (let i = 0; i < m.length; i++) m[i] = this.generator.uniform() < this.p ? 0 : keep;
    }
    return input.mul(mask);
  }
}
