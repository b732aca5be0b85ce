/**
 * `customOp`: a user-defined op with its own gradient, recorded on the tape like a built-in op, without touching
 * the library (PyTorch's torch.autograd.Function).
 */
import { checkFunction, checkOptions, describeValue, shapesEqual } from '@actlab/kernels';
import { formatShape } from './format-shape';
import { noGrad, type OpDefinition, recordOp } from './graph';
import { broadcastsTo, expectTensor } from './ops/operands';
import { Tensor } from './tensor';

/** What a customOp's backward receives besides the output's gradient. */
export interface CustomOpContext<S> {
  /** The op's inputs, as passed. */
  readonly inputs: readonly Tensor[];
  /** The forward's output (detached). */
  readonly output: Tensor;
  /** What the forward returned as `saved`. */
  readonly saved: S;
}

/** The definition `customOp` turns into a differentiable function. */
export interface CustomOpSpec<A extends Tensor[], S> {
  /** Names the op in `gradFn` and in error messages. */
  name: string;
  /** Compute the output (runs under noGrad). Return the output, or `{ output, saved }` to keep values for backward. */
  forward(...inputs: A): Tensor | { output: Tensor; saved: S };
  /**
   * dL/d(input) for each input, given `grad` = dL/d(output): one Tensor (single input) or an array with a Tensor or
   * null per input. Each gradient has its input's shape, or the output's shape when the op broadcasts (it is then
   * summed back to the input's shape). Runs under noGrad.
   */
  backward(grad: Tensor, context: CustomOpContext<S>): Tensor | null | readonly (Tensor | null)[];
}

interface CustomSaved<S> {
  output: Tensor;
  value: S;
}

/** Make a differentiable function from a forward and its vector-Jacobian product. */
export function customOp<A extends Tensor[], S = undefined>(spec: CustomOpSpec<A, S>): (...inputs: A) => Tensor {
  if (typeof spec !== 'object' || spec === null) {
    throw new Error(
      `customOp: spec must be an object { name, forward, backward }, got ${describeValue(spec)}; see CustomOpSpec`,
    );
  }
  checkOptions('customOp', spec, ['name', 'forward', 'backward']);
  const { name } = spec;
  if (typeof name !== 'string' || name === '') {
    throw new Error(`customOp: name must be a non-empty string naming the op, got ${describeValue(name)}`);
  }
  checkFunction(`customOp '${name}'`, 'forward', spec.forward);
  checkFunction(`customOp '${name}'`, 'backward', spec.backward);
  const definition: OpDefinition<CustomSaved<S>> = {
    name,
    // User code may return `grad` itself or a saved tensor: the engine copies before accumulating.
    borrowsResults: true,
    vjp: (g, { output, value }, node) => {
      const inputs = node.inputs;
      const result = noGrad(() => spec.backward(new Tensor(g, node.shape), { inputs, output, saved: value }));
      const list = result instanceof Tensor || result === null ? [result] : result;
      if (!Array.isArray(list) || list.length !== inputs.length) {
        throw new Error(
          `customOp '${name}': backward returned ${Array.isArray(list) ? list.length : typeof list} gradient(s) ` +
            `for ${inputs.length} input(s); return one Tensor or null per input`,
        );
      }
      return list.map((grad: Tensor | null, i: number) => {
        if (grad === null || !inputs[i]!.requiresGrad) return null;
        const input = inputs[i]!;
        if (!(grad instanceof Tensor) || grad.dtype !== input.dtype) {
          throw new Error(
            `customOp '${name}': backward's gradient ${i} must be a ${input.dtype} Tensor, got ` +
              `${grad instanceof Tensor ? grad.dtype : typeof grad}`,
          );
        }
        // The input's shape as is; the output's shape only when the input broadcast to it (the engine then sums
        // the gradient back). Anything else — a transposed gradient of the right size, an output-shaped gradient of
        // a reduction — is a bug in the user's backward, reported here rather than silently reinterpreted.
        const asInput = shapesEqual(grad.shape, input.shape);
        if (!asInput && !(shapesEqual(grad.shape, node.shape) && broadcastsTo(input.shape, node.shape))) {
          throw new Error(
            `customOp '${name}': backward's gradient ${i} has shape ${formatShape(grad.shape)}; it must have the ` +
              `input's shape ${formatShape(input.shape)}` +
              (broadcastsTo(input.shape, node.shape)
                ? ` or the output's shape ${formatShape(node.shape)}`
                : ` (the input does not broadcast to the output's shape ${formatShape(node.shape)})`),
          );
        }
        return grad.data;
      });
    },
  };
  return (...inputs: A): Tensor => {
    for (let i = 0; i < inputs.length; i++) expectTensor(`customOp '${name}'`, inputs[i], `input ${i}`);
    const result = noGrad(() => spec.forward(...inputs));
    const output =
      result instanceof Tensor ? result : typeof result === 'object' && result !== null ? result.output : undefined;
    if (!(output instanceof Tensor)) {
      throw new Error(
        `customOp '${name}': forward must return a Tensor or { output: Tensor, saved }, got ${describeValue(result)}`,
      );
    }
    // `saved` is the user's S, or undefined (which S defaults to) when forward returned a bare Tensor.
    const value = (result instanceof Tensor ? undefined : (result as { saved: S }).saved) as S;
    return recordOp(definition, output.data, output.shape, inputs.slice(), { output: output.detach(), value });
  };
}
