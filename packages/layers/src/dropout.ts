import { type Tensor, zeros } from '@actlab/autograd';
import { checkNumber, checkOptions, type Random } from '@actlab/kernels';
import { getDefaultGenerator } from './init';
import { checkInput, generatorOption } from './layer-checks';
import { Module } from './module';

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Source of the masks (default: the package's default generator, looked up at each forward). */
  generator?: Random | undefined;
}

/**
 * Dropout: in training mode each element is zeroed with probability p and the survivors are scaled by
 * 1/(1 − p), so the expected activation is unchanged; in eval mode it is the identity (returns its input).
 */
export class Dropout extends Module {
  readonly p: number;
  /** The caller's generator; null means the package default, looked up at each forward (see below). */
  private readonly generator: Random | null;

  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkNumber('Dropout', 'p (the drop probability)', p, { min: 0, max: 1 });
    checkOptions('Dropout', options, ['generator']);
    this.p = p;
    this.generator = generatorOption('Dropout', options.generator) ?? null;
  }

  override get typeName(): string {
    return 'Dropout';
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }

  forward(input: Tensor): Tensor {
    checkInput('Dropout', input);
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
