import { isGradEnabled, Node, type OpDefinition, Tensor } from '@actlab/autograd';
import type { FloatArray } from '@actlab/kernels';

/**
 * Wrap a fused op's result (Linear, the losses): one tape node whose VJP is written by hand, instead of the
 * several generic nodes a composition would record. Records nothing when no input needs a gradient or grad
 * mode is off, as autograd's own ops.
 */
export function recordOp<S>(
  op: OpDefinition<S>,
  data: FloatArray,
  shape: readonly number[],
  inputs: readonly Tensor[],
  saved: S,
): Tensor {
  if (isGradEnabled()) {
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i]!.requiresGrad) return new Tensor(data, shape, true, new Node(op, inputs, shape, saved));
    }
  }
  return new Tensor(data, shape);
}
