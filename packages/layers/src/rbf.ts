import { type Tensor, zeros } from '@actlab/autograd';
import { checkNumber, checkOptions, type DType, type Random } from '@actlab/kernels';
import { getDefaultGenerator, normal } from './init';
import {
  checkInput,
  checkInputDtype,
  checkParameterSize,
  checkSizes,
  dtypeOption,
  endsInFeatures,
  featureCountError,
  generatorOption,
} from './layer-checks';
import { Module, parameter } from './module';

export interface RBFOptions {
  /** Width γ of every unit, > 0 (default 1). */
  gamma?: number | undefined;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType | undefined;
  /** Generator for the initial centres. */
  generator?: Random | undefined;
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
    checkSizes('RBF', { inFeatures, outFeatures });
    checkOptions('RBF', options, ['gamma', 'dtype', 'generator']);
    const { gamma = 1 } = options;
    checkNumber('RBF', 'gamma (the width)', gamma, { min: 0, minExclusive: true });
    const dtype = dtypeOption('RBF', options.dtype);
    const generator = generatorOption('RBF', options.generator) ?? getDefaultGenerator();
    checkParameterSize('RBF', dtype, inFeatures * outFeatures);
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
    checkInput('RBF', input);
    checkInputDtype('RBF', input, this.centers);
    if (!endsInFeatures(input.shape, this.inFeatures)) {
      const layer = `RBF(in_features=${this.inFeatures}, out_features=${this.outFeatures})`;
      throw featureCountError(layer, input.shape, this.inFeatures, 'inFeatures');
    }
    return input.unsqueeze(-2).sub(this.centers).square().sum(-1).mul(-this.gamma).exp();
  }
}
