import type { Tensor } from '@actlab/autograd';
import { checkInteger, checkOptions, type DType, type Random } from '@actlab/kernels';
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
import { Linear } from './linear';
import { Module } from './module';

export interface MaxoutOptions {
  /** Parameter dtype (default 'float32'). */
  dtype?: DType | undefined;
  /** Generator for the inner Linear's initial weights. */
  generator?: Random | undefined;
}

/**
 * Maxout (Goodfellow et al.), exactly the guide's layer: an inner `lin = Linear(dIn, dOut·poolSize)`, then unit j
 * is the max over `lin`'s outputs j·poolSize … j·poolSize + poolSize − 1 (PyTorch's
 * `lin(x).view(..., dOut, pool).max(-1)`). Its state-dict keys are `lin.weight` and `lin.bias`.
 *
 * Ties: when several pieces are maximal the gradient goes to the first of them (the lowest index), as
 * PyTorch's CPU max does.
 */
export class Maxout extends Module {
  readonly dIn: number;
  readonly dOut: number;
  readonly poolSize: number;
  readonly lin: Linear;

  constructor(dIn: number, dOut: number, poolSize: number, options: MaxoutOptions = {}) {
    super();
    checkSizes('Maxout', { dIn, dOut });
    checkInteger('Maxout', 'poolSize (pieces per unit)', poolSize, 1);
    checkOptions('Maxout', options, ['dtype', 'generator']);
    checkParameterSize('Maxout', dtypeOption('Maxout', options.dtype), dIn * dOut * poolSize);
    generatorOption('Maxout', options.generator);
    this.dIn = dIn;
    this.dOut = dOut;
    this.poolSize = poolSize;
    this.lin = new Linear(dIn, dOut * poolSize, options);
  }

  override get typeName(): string {
    return 'Maxout';
  }

  override extraRepr(): string {
    return `d_in=${this.dIn}, d_out=${this.dOut}, pool_size=${this.poolSize}`;
  }

  forward(input: Tensor): Tensor {
    // Checked here so the message names Maxout, not the inner Linear the user never built.
    checkInput('Maxout', input);
    checkInputDtype('Maxout', input, this.lin.weight);
    if (!endsInFeatures(input.shape, this.dIn)) {
      throw featureCountError(`Maxout(${this.extraRepr()})`, input.shape, this.dIn, 'dIn');
    }
    const z = this.lin.forward(input);
    const lead = z.shape.slice(0, -1);
    return z.reshape([...lead, this.dOut, this.poolSize]).max(-1);
  }
}
