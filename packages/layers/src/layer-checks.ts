/** Argument and input checks shared by the layers, so each refuses bad sizes and inputs in the same words. */

/** Throws unless every named size is a non-negative integer, e.g. `Linear: inFeatures = 2.5 is invalid; …`. */
export function checkSizes(layer: string, sizes: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`${layer}: ${name} = ${String(value)} is invalid; pass a non-negative integer`);
    }
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
