import { type Tensor, zeros } from '@actlab/autograd';
import type { DType, Random } from '@actlab/kernels';
import { getDefaultGenerator, normal } from './init';
import { checkSizes, endsInFeatures, featureCountError } from './layer-checks';
import { Module, parameter } from './module';

export interface RBFOptions {
  /** Width γ of every unit, > 0 (default 1). */
  gamma?: number;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Generator for the initial centres. */
  generator?: Random;
}

/**
 * A radial-basis-function layer: y_j = exp(−γ‖x − c_j‖²), with learnable `centers` of shape
 * [outFeatures, inFeatures] and a fixed γ.
 *
 * Centre initialisation (the guide leaves it open): standard normal N(0, 1), as the common PyTorch RBF layer
 * (`nn.init.normal_(centres, 0, 1)`), so centres cover standardised inputs. Units far from every input output
 * ≈ 0 and get ≈ 0 gradient — the saturation that makes RBF layers hard to optimise.
 */
export class RBF extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly gamma: number;
  readonly centers: Tensor;

  constructor(inFeatures: number, outFeatures: number, options: RBFOptions = {}) {
    super();
    const { gamma = 1, dtype = 'float32', generator = getDefaultGenerator() } = options;
    if (typeof gamma !== 'number' || !(gamma > 0) || !Number.isFinite(gamma)) {
      throw new Error(`RBF: gamma = ${String(gamma)} is invalid; the width must be a finite number > 0`);
    }
    checkSizes('RBF', { inFeatures, outFeatures });
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.gamma = gamma;
    this.centers = parameter(normal(zeros([outFeatures, inFeatures], { dtype }), { generator }));
  }

  override get typeName(): string {
    return 'RBF';
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, gamma=${this.gamma}`;
  }

  forward(input: Tensor): Tensor {
    if (!endsInFeatures(input.shape, this.inFeatures)) {
      const layer = `RBF(in_features=${this.inFeatures}, out_features=${this.outFeatures})`;
      throw featureCountError(layer, input.shape, this.inFeatures, 'inFeatures');
    }
    return input.unsqueeze(-2).sub(this.centers).square().sum(-1).mul(-this.gamma).exp();
  }
}
