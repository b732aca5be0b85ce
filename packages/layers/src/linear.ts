import { type OpDefinition, recordOp, type Tensor, takeGradientBuffer, zeros } from '@actlab/autograd';
import {
  allocateFloatArray,
  checkBoolean,
  checkOptions,
  type DType,
  type FloatArray,
  type Random,
} from '@actlab/kernels';
import { getDefaultGenerator, uniform } from './init';
import {
  checkInput,
  checkParameterSize,
  checkSizes,
  dtypeOption,
  endsInFeatures,
  featureCountError,
  generatorOption,
} from './layer-checks';
import { linearBackwardInput, linearBackwardParams, linearForward } from './linear-kernels';
import { Module, parameter } from './module';

/** Rows of x and the feature counts, for the backward. */
interface LinearSaved {
  rows: number;
  inFeatures: number;
  outFeatures: number;
}

/**
 * y = x·Wᵀ + b as ONE tape node (the training hot path): ∂x = G·W, ∂W = Gᵀ·x, ∂b = column sums of G.
 */
const linearOp: OpDefinition<LinearSaved> = {
  name: 'linear',
  vjp: (g, { rows, inFeatures, outFeatures }, { inputs }) => {
    const x = inputs[0]!;
    const w = inputs[1]!;
    const b = inputs[2];
    let gx: FloatArray | null = null;
    let gw: FloatArray | null = null;
    let gb: FloatArray | null = null;
    // Each result is overwritten in full and returned for one input only, so it may come from the engine's
    // recycled buffers (the engine takes them back once they are consumed; see `takeGradientBuffer`).
    if (x.requiresGrad) {
      gx = takeGradientBuffer(x.dtype, x.size);
      linearBackwardInput(g, w.data, rows, inFeatures, outFeatures, gx);
    }
    if (w.requiresGrad) gw = takeGradientBuffer(w.dtype, w.size);
    if (b?.requiresGrad) gb = takeGradientBuffer(b.dtype, outFeatures);
    linearBackwardParams(g, x.data, rows, inFeatures, outFeatures, gw, gb);
    return b === undefined ? [gx, gw] : [gx, gw, gb];
  },
};

export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean | undefined;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType | undefined;
  /** Generator for the initial weights (default: the package's default generator, see `manualSeed`). */
  generator?: Random | undefined;
}

const LINEAR_OPTIONS = ['bias', 'dtype', 'generator'] as const;

/**
 * y = x·Wᵀ + b over the last dimension, PyTorch's nn.Linear: `weight` [outFeatures, inFeatures], `bias`
 * [outFeatures], both initialised U(−1/√inFeatures, 1/√inFeatures) as PyTorch's default (kaiming_uniform with
 * a = √5 for the weight).
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Linear } from '@actlab/layers';
 *
 * const layer = new Linear(3, 2);
 * console.log(String(layer), layer.weight.shape.join('×')); // Linear(in_features=3, out_features=2, bias=True) 2×3
 * console.log(layer.forward(tensor([[1, 2, 3], [4, 5, 6]])).shape.join('×')); // 2×2
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkSizes('Linear', { inFeatures, outFeatures });
    checkOptions('Linear', options, LINEAR_OPTIONS);
    const { bias = true } = options;
    checkBoolean('Linear', 'bias', bias);
    const dtype = dtypeOption('Linear', options.dtype);
    const generator = generatorOption('Linear', options.generator) ?? getDefaultGenerator();
    checkParameterSize('Linear', dtype, inFeatures * outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.weight = parameter(
      uniform(zeros([outFeatures, inFeatures], { dtype }), { low: -bound, high: bound, generator }),
    );
    this.bias = bias
      ? parameter(uniform(zeros([outFeatures], { dtype }), { low: -bound, high: bound, generator }))
      : null;
  }

  override get typeName(): string {
    return 'Linear';
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias === null ? 'False' : 'True'}`;
  }

  forward(input: Tensor): Tensor {
    checkInput('Linear', input);
    const shape = input.shape;
    if (!endsInFeatures(shape, this.inFeatures)) {
      const layer = `Linear(in_features=${this.inFeatures}, out_features=${this.outFeatures})`;
      throw featureCountError(layer, shape, this.inFeatures, 'inFeatures');
    }
    const w = this.weight;
    if (input.dtype !== w.dtype) {
      throw new Error(
        `Linear(in_features=${this.inFeatures}, out_features=${this.outFeatures}): input is ${input.dtype} but the ` +
          `parameters are ${w.dtype}; convert with input.to('${w.dtype}') or build the layer with { dtype: '${input.dtype}' }`,
      );
    }
    const inF = this.inFeatures;
    const outF = this.outFeatures;
    let rows = 1;
    for (let i = 0; i < shape.length - 1; i++) rows *= shape[i]!;
    const outShape = shape.length === 1 ? [outF] : [...shape.slice(0, -1), outF];
    // Named allocation: a batch whose output no typed array can hold is an Error naming Linear and the bytes.
    const y = allocateFloatArray('Linear', w.dtype, rows * outF);
    const bias = this.bias;
    linearForward(input.data, w.data, bias === null ? null : bias.data, rows, inF, outF, y);
    const saved: LinearSaved = { rows, inFeatures: inF, outFeatures: outF };
    return recordOp(linearOp, y, outShape, bias === null ? [input, w] : [input, w, bias], saved);
  }
}
