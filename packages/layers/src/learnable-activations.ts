import { full, type Tensor } from '@actlab/autograd';
import { checkInteger, checkNumber, checkOptions, type DType } from '@actlab/kernels';
import { checkInput, checkInputDtype, dtypeOption } from './layer-checks';
import { Module, parameter } from './module';

export interface PReLUOptions {
  /** 1 (one slope shared) or the number of channels (dimension 1 of the input); default 1. */
  numParameters?: number | undefined;
  /** Initial slope for negative inputs; default 0.25. */
  init?: number | undefined;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType | undefined;
}

/**
 * PReLU (He et al.): max(0, x) + a·min(0, x) with a learnable slope `weight` of shape [numParameters], PyTorch's
 * nn.PReLU. At x = 0 the gradient wrt x is a and wrt a is 0, as PyTorch.
 */
export class PReLU extends Module {
  /** The number of slopes (the `numParameters` option; `numParameters()` is every Module's parameter count). */
  readonly numSlopes: number;
  readonly weight: Tensor;

  constructor(options: PReLUOptions = {}) {
    super();
    checkOptions('PReLU', options, ['numParameters', 'init', 'dtype']);
    const { numParameters = 1, init = 0.25 } = options;
    checkInteger('PReLU', 'numParameters (1 or the channel count)', numParameters, 1, 2 ** 32);
    checkNumber('PReLU', 'init (the initial slope)', init);
    const dtype = dtypeOption('PReLU', options.dtype);
    this.numSlopes = numParameters;
    this.weight = parameter(full([numParameters], init, { dtype }));
  }

  override get typeName(): string {
    return 'PReLU';
  }

  override extraRepr(): string {
    return `num_parameters=${this.numSlopes}`;
  }

  forward(input: Tensor): Tensor {
    checkInput('PReLU', input);
    checkInputDtype('PReLU', input, this.weight);
    let slope = this.weight;
    if (this.numSlopes > 1) {
      if (input.shape.length < 2 || input.shape[1] !== this.numSlopes) {
        throw new Error(
          `PReLU(num_parameters=${this.numSlopes}): input of shape [${input.shape.join(', ')}] needs ` +
            `${this.numSlopes} channels in dimension 1`,
        );
      }
      slope = slope.reshape([this.numSlopes, ...input.shape.slice(2).map(() => 1)]);
    }
    // relu(x) + a·(x − relu(x)): relu'(0) = 0 gives PyTorch's gradients at 0 (a for x, 0 for a).
    const positive = input.relu();
    return positive.add(input.sub(positive).mul(slope));
  }
}

export interface LearnableSwishOptions {
  /** Initial β; default 1 (SiLU). */
  beta?: number | undefined;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType | undefined;
}

/** Swish with a learnable β: x·σ(βx) (Ramachandran et al.); the parameter is `beta`, of shape [1]. */
export class LearnableSwish extends Module {
  readonly beta: Tensor;

  constructor(options: LearnableSwishOptions = {}) {
    super();
    checkOptions('LearnableSwish', options, ['beta', 'dtype']);
    const { beta = 1 } = options;
    checkNumber('LearnableSwish', 'beta', beta);
    const dtype = dtypeOption('LearnableSwish', options.dtype);
    this.beta = parameter(full([1], beta, { dtype }));
  }

  override get typeName(): string {
    return 'LearnableSwish';
  }

  forward(input: Tensor): Tensor {
    checkInput('LearnableSwish', input);
    checkInputDtype('LearnableSwish', input, this.beta);
    return input.mul(input.mul(this.beta).sigmoid());
  }
}
