/** Argument and input checks shared by the layers, so each refuses bad sizes and inputs in the same words. */
import { Tensor } from '@actlab/autograd';
import { checkAllocation, checkDtype, type DType, describeValue, Random } from '@actlab/kernels';

/** Throws unless every named size is a non-negative integer, e.g. `Linear: inFeatures = 2.5 is invalid; …`. */
export function checkSizes(layer: string, sizes: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${layer}: ${name} = ${describeValue(value)} is invalid; pass a non-negative integer`);
    }
  }
}

/** Throws unless a parameter of `elements` elements of `dtype` can be allocated (named by the layer, in bytes). */
export function checkParameterSize(layer: string, dtype: DType, elements: number): void {
  checkAllocation(layer, dtype, elements);
}

/** `options.dtype` checked, or the default float32. */
export function dtypeOption(layer: string, dtype: unknown): DType {
  if (dtype === undefined) return 'float32';
  checkDtype(layer, 'dtype', dtype);
  return dtype;
}

/** `options.generator` checked (a kernels `Random`), or undefined for the package default. */
export function generatorOption(layer: string, generator: unknown): Random | undefined {
  if (generator === undefined) return undefined;
  if (!(generator instanceof Random)) {
    throw new Error(
      `${layer}: generator must be a Random from @actlab/kernels (e.g. new Random(42)), got ${describeValue(generator)}`,
    );
  }
  return generator;
}

/** Throws unless a forward's input is a Tensor (an O(1) instanceof; the message is built only on failure). */
export function checkInput(layer: string, input: unknown): asserts input is Tensor {
  if (!(input instanceof Tensor)) {
    throw new Error(`${layer}: input must be a Tensor, got ${describeValue(input)}; wrap arrays with tensor(...)`);
  }
}

/** Throws unless the input has the parameters' dtype (float32 and float64 never mix silently). */
export function checkInputDtype(layer: string, input: Tensor, parameter: Tensor): void {
  if (input.dtype !== parameter.dtype) {
    throw new Error(
      `${layer}: input is ${input.dtype} but the parameters are ${parameter.dtype}; convert with ` +
        `input.to('${parameter.dtype}') or build the layer with { dtype: '${input.dtype}' }`,
    );
  }
}

/** True when `shape` ends in `features` features (the test is inline-cheap: forward runs it on every call). */
export function endsInFeatures(shape: readonly number[], features: number): boolean {
  return shape.length > 0 && shape[shape.length - 1] === features;
}

/**
 * The Error for an input that does not end in `features` features. `layer` is the layer as printed
 * (`Linear(in_features=3, out_features=2)`) and `option` the constructor argument to change. Built only on failure,
 * so the forward pass formats no string.
 */
export function featureCountError(layer: string, shape: readonly number[], features: number, option: string): Error {
  const last = shape.length === 0 ? 'no' : String(shape[shape.length - 1]);
  return new Error(
    `${layer}: input of shape [${shape.join(', ')}] has ${last} features in its last dimension, expected ` +
      `${features}; reshape the input or change the layer's ${option}`,
  );
}
