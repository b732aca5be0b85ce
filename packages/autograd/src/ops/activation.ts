/**
 * The activation op, derived from the kernels' table: ONE op definition serves every entry (forward and backward
 * kernels come from the entry), so autograd holds no per-activation code. The typed per-name surface (Tensor
 * methods, functional exports) is generated from the table's types and checked for completeness by the compiler.
 */
import {
  type ActivationAlias,
  type ActivationAliasMap,
  type ActivationEntry,
  type ActivationName,
  type ActivationParamOptions,
  type ActivationParams,
  arrayFor,
  type FloatArray,
  getActivation,
  getBackend,
  resolveActivationParams,
} from '@actlab/kernels';
import { type OpDefinition, record1, takeGradientBuffer } from '../graph';
import type { Tensor } from '../tensor';
import { expectTensor } from './operands';

/**
 * Options of activation N: any subset of its parameters; the rest take the table's defaults. A parameter set to
 * `undefined` takes its default too (so `{ negativeSlope: cfg.slope }` compiles under `exactOptionalPropertyTypes`).
 */
export type ActivationOptions<N extends ActivationName> = ActivationParamOptions<N>;

/** The method surface a Tensor must offer: one per table entry and one per alias (`silu`, the swish entry). */
export type ActivationMethods = { [N in ActivationName]: (params?: ActivationOptions<N>) => Tensor } & {
  [A in ActivationAlias]: (params?: ActivationOptions<ActivationAliasMap[A]>) => Tensor;
};

/** A functional activation: `sigmoid(x)`, `softplus(x, { beta: 2 })`. */
export type ActivationFunction<N extends ActivationName> = (x: Tensor, params?: ActivationOptions<N>) => Tensor;

interface ActivationSaved {
  params: ActivationParams<ActivationName>;
  /** The forward's output (the entry's backward may read it instead of the input). */
  y: FloatArray;
}

/** Everything a call needs about one table entry, looked up once per name. */
interface ResolvedActivation {
  entry: ActivationEntry;
  op: OpDefinition<ActivationSaved>;
  /** Resolved default parameters, so the common call without options allocates nothing for them. */
  defaults: ActivationParams<ActivationName>;
  /** The last frozen parameter object given, and its resolution. */
  lastGiven: object | undefined;
  lastResolved: ActivationParams<ActivationName>;
}

/** y = f(x) for a table entry f.  ∂/∂x = f'(x), the entry's own backward kernel (which reads x or y). */
function activationOp(entry: ActivationEntry): OpDefinition<ActivationSaved> {
  return {
    name: entry.name,
    vjp: (g, { params, y }, node) => {
      const x = node.inputs[0]!;
      // Consumed by the engine, which recycles it (see `takeGradientBuffer`).
      const dx = takeGradientBuffer(x.dtype, g.length);
      getBackend().activationGrad(entry, x.data, y, g, dx, params);
      return [dx];
    },
  };
}

/** Per name and alias; filled on first use from the table (no registration, no side-effect imports). */
const resolved = new Map<string, ResolvedActivation>();

function resolve(op: string, name: string): ResolvedActivation {
  let r = resolved.get(name);
  if (r === undefined) {
    const entry = getActivation(name, op);
    const defaults = resolveActivationParams(entry.name);
    r = resolved.get(entry.name) ?? {
      entry,
      op: activationOp(entry),
      defaults,
      lastGiven: undefined,
      lastResolved: defaults,
    };
    resolved.set(name, r);
  }
  return r;
}

/**
 * Apply the table entry `name` (or an alias such as 'silu') with `params`; omitted parameters take the table's
 * defaults, and invalid ones throw an Error listing the valid ranges.
 */
export function activation<N extends ActivationName>(
  x: Tensor,
  name: N | ActivationAlias,
  params?: ActivationOptions<N>,
): Tensor {
  const r = resolve('activation', name);
  expectTensor(r.entry.name, x);
  const { entry, op, defaults } = r;
  let p = defaults;
  if (params !== undefined) {
    // A frozen object (what resolveActivationParams returns, e.g. held by a layer) cannot change: resolve it once.
    if (params === r.lastGiven) p = r.lastResolved;
    else {
      p = resolveActivationParams<ActivationName>(entry.name, params);
      if (Object.isFrozen(params)) {
        r.lastGiven = params;
        r.lastResolved = p;
      }
    }
  }
  const y = arrayFor(x.dtype, x.size);
  getBackend().activation(entry, x.data, y, p);
  return record1(op, y, x.shape, x, { params: p, y });
}

/** The functional form of table entry `name`. */
export function activationFunction<N extends ActivationName>(name: N): ActivationFunction<N> {
  resolve('activationFunction', name);
  return (x, params) => activation(x, name, params);
}
