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
  /** The caller's generator; null means the package default, looked up at each forward (see below). */
  private readonly generator: Random | null;

  constructor(p = 0.5, options: { generator?: Random } = {}) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`Dropout: p = ${String(p)} is invalid; the drop probability must be in [0, 1]`);
    }
    this.p = p;
    this.generator = options.generator ?? null;
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
      // Looked up now, not at construction: manualSeed replaces the default generator, and a model built before
      // manualSeed must still follow it, as PyTorch's dropout follows torch.manual_seed.
      const generator = this.generator ?? getDefaultGenerator();
      for (let i = 0; i < m.length; i++) m[i] = generator.uniform() < this.p ? 0 : keep;
    }
    return input.mul(mask);
  }
}
