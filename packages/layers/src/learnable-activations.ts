import { full, type Tensor } from '@actlab/autograd';
import type { DType } from '@actlab/kernels';
import { Module, parameter } from './module';

export interface PReLUOptions {
  /** 1 (one slope shared) or the number of channels (dimension 1 of the input); default 1. */
  numParameters?: number;
  /** Initial slope for negative inputs; default 0.25. */
  init?: number;
  dtype?: DType;
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
    const { numParameters = 1, init = 0.25, dtype = 'float32' } = options;
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new Error(`PReLU: numParameters = ${String(numParameters)} is invalid; pass 1 or the channel count`);
    }
    if (typeof init !== 'number' || !Number.isFinite(init)) {
      throw new Error(`PReLU: init = ${String(init)} is invalid; pass a finite slope such as 0.25`);
    }
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
  beta?: number;
  dtype?: DType;
}

/** Swish with a learnable β: x·σ(βx) (Ramachandran et al.); the parameter is `beta`, of shape [1]. */
export class LearnableSwish extends Module {
  readonly beta: Tensor;

  constructor(options: LearnableSwishOptions = {}) {
    super();
    const { beta = 1, dtype = 'float32' } = options;
    if (typeof beta !== 'number' || !Number.isFinite(beta)) {
      throw new Error(`LearnableSwish: beta = ${String(beta)} is invalid; pass a finite number such as 1`);
    }
    this.beta = parameter(full([1], beta, { dtype }));
  }

  override get typeName(): string {
    return 'LearnableSwish';
  }

  forward(input: Tensor): Tensor {
    return input.mul(input.mul(this.beta).sigmoid());
  }
}
