/**
 * The activation op, derived from the kernels' table: ONE op definition serves every entry (forward and backward
 * kernels come from the entry), so autograd holds no per-activation code. The typed per-name surface (Tensor
 * methods, functional exports) is generated from the table's types and checked for completeness by the compiler.
 */
import {
  type ActivationEntry,
  type ActivationName,
  type ActivationParams,
  arrayFor,
  type FloatArray,
  getActivation,
  resolveActivationParams,
} from '@actlab/kernels';
import { type OpDefinition, record1 } from '../graph';
import type { Tensor } from '../tensor';
import { expectTensor } from './operands';

/** Options of activation N: any subset of its parameters; the rest take the table's defaults. */
export type ActivationOptions<N extends ActivationName> = Partial<ActivationParams<N>>;

/** The method surface a Tensor must offer: one per table entry. */
export type ActivationMethods = { [N in ActivationName]: (params?: ActivationOptions<N>) => Tensor };

/** A functional activation: `sigmoid(x)`, `softplus(x, { beta: 2 })`. */
export type ActivationFunction<N extends ActivationName> = (x: Tensor, params?: ActivationOptions<N>) => Tensor;

interface ActivationSaved {
  entry: ActivationEntry;
  params: ActivationParams<ActivationName>;
  /** The forward's output (the entry's backward may read it instead of the input). */
  y: FloatArray;
}

/** y = f(x) for a table entry f.  ∂/∂x = f'(x), the entry's own backward kernel (which reads x or y). */
const activationOp: OpDefinition<ActivationSaved> = {
  name: 'activation',
  vjp: (g, { entry, params, y }, node) => {
    const x = node.inputs[0]!.data;
    const dx = arrayFor(node.inputs[0]!.dtype, g.length);
    entry.backward(x, y, g, dx, params);
    return [dx];
  },
};

/** Resolved default parameters per entry, so the common call without options allocates nothing for them. */
const defaultParams = new Map<ActivationName, ActivationParams<ActivationName>>();

function paramsFor(entry: ActivationEntry, options: object | undefined): ActivationParams<ActivationName> {
  if (options === undefined) {
    let p = defaultParams.get(entry.name);
    if (p === undefined) {
      p = resolveActivationParams(entry.name);
      defaultParams.set(entry.name, p);
    }
    return p;
  }
  return resolveActivationParams(entry.name, options);
}

/** Apply the table entry `name` (or an alias such as 'silu') with `params` (defaults from the table). */
export function activation<N extends ActivationName>(x: Tensor, name: N, params?: ActivationOptions<N>): Tensor {
  expectTensor(`activation '${name}'`, x);
  const entry = getActivation(name);
  const p = paramsFor(entry, params);
  const y = arrayFor(x.dtype, x.size);
  entry.forward(x.data, y, p);
  return record1(activationOp, y, x.shape, x, { entry, params: p, y });
}

/** The functional form of table entry `name`. */
export function activationFunction<N extends ActivationName>(name: N): ActivationFunction<N> {
  return (x, params) => activation(x, name, params);
}
