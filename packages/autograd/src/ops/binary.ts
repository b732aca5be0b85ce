/**
 * Broadcasting binary ops and `where`. Every VJP here returns its gradients in the OUTPUT shape; the engine sums
 * them back to each operand's shape in one place (graph.ts `reduceToInput`).
 */
import {
  add as addKernel,
  arrayFor,
  broadcastShapes,
  broadcastTo,
  checkAllocation,
  div as divKernel,
  dtypeOf,
  type FloatArray,
  maximum as maximumKernel,
  minimum as minimumKernel,
  mul as mulKernel,
  neg as negKernel,
  pow as powKernel,
  sizeOf,
  sub as subKernel,
} from '@actlab/kernels';
import { type OpDefinition, record2, recordOp } from '../graph';
import { Tensor } from '../tensor';
import { mulByScalar, powByScalar } from './elementwise';
import { broadcastsTo, checkSameDtype, expectTensor, type Operand, operandLike, operandPair } from './operands';

/** The broadcast shape; when one operand broadcasts to the other (a bias row, a scalar), that one's own array. */
function outShape(op: string, a: Tensor, b: Tensor): readonly number[] {
  if (broadcastsTo(b.shape, a.shape)) return a.shape;
  if (broadcastsTo(a.shape, b.shape)) return b.shape;
  return broadcastShapes(a.shape, b.shape, op);
}

/** a + b.  ∂/∂a = 1, ∂/∂b = 1 */
const addOp: OpDefinition<null> = { name: 'add', vjp: (g) => [g, g] };
/** a + b, elementwise with NumPy broadcasting; a number is a scalar of the other operand's dtype. */
export function add(a: Operand, b: Operand): Tensor {
  const [x, y] = operandPair('add', a, b);
  const shape = outShape('add', x, y);
  return record2(addOp, addKernel(x.data, x.shape, y.data, y.shape), shape, x, y, null);
}

/** a − b.  ∂/∂a = 1, ∂/∂b = −1 */
const subOp: OpDefinition<null> = {
  name: 'sub',
  vjp: (g, _, node) => [g, node.inputs[1]!.requiresGrad ? negKernel(g) : null],
};
/** a − b, elementwise with NumPy broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  const [x, y] = operandPair('sub', a, b);
  const shape = outShape('sub', x, y);
  return record2(subOp, subKernel(x.data, x.shape, y.data, y.shape), shape, x, y, null);
}

/** a · b.  ∂/∂a = b, ∂/∂b = a */
const mulOp: OpDefinition<null> = {
  name: 'mul',
  vjp: (g, _, { inputs: [a, b], shape }) => [
    a!.requiresGrad ? mulKernel(g, shape, b!.data, b!.shape) : null,
    b!.requiresGrad ? mulKernel(g, shape, a!.data, a!.shape) : null,
  ],
};
/** a · b, elementwise with NumPy broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  if (typeof b === 'number' && a instanceof Tensor) return mulByScalar(a, b);
  if (typeof a === 'number' && b instanceof Tensor) return mulByScalar(b, a);
  const [x, y] = operandPair('mul', a, b);
  const shape = outShape('mul', x, y);
  return record2(mulOp, mulKernel(x.data, x.shape, y.data, y.shape), shape, x, y, null);
}

/** a / b.  ∂/∂a = 1/b, ∂/∂b = −a/b² = −(g/b)·(a/b), from the saved output. */
const divOp: OpDefinition<FloatArray> = {
  name: 'div',
  vjp: (g, y, { inputs: [, b], shape }) => {
    const ga = divKernel(g, shape, b!.data, b!.shape);
    if (!b!.requiresGrad) return [ga, null];
    const gb = mulKernel(ga, shape, y, shape);
    return [ga, negKernel(gb, gb)];
  },
};
/** a / b, elementwise with NumPy broadcasting (IEEE: x/0 is ±Infinity). */
export function div(a: Operand, b: Operand): Tensor {
  const [x, y] = operandPair('div', a, b);
  const shape = outShape('div', x, y);
  const out = divKernel(x.data, x.shape, y.data, y.shape);
  return record2(divOp, out, shape, x, y, out);
}

/**
 * a ** b.  ∂/∂a = b·a^(b−1) (0 where b = 0); ∂/∂b = a^b·ln a (0 where a = 0 and b ≥ 0), as PyTorch.
 * A number exponent takes the unary path (`powByScalar`).
 */
const powOp: OpDefinition<FloatArray> = {
  name: 'pow',
  vjp: (g, y, { inputs: [a, b], shape }) => {
    const av = broadcastTo(a!.data, a!.shape, shape);
    const bv = broadcastTo(b!.data, b!.shape, shape);
    const ga = a!.requiresGrad ? arrayFor(dtypeOf(g), g.length) : null;
    const gb = b!.requiresGrad ? arrayFor(dtypeOf(g), g.length) : null;
    for (let i = 0; i < g.length; i++) {
      const base = av[i]!;
      const e = bv[i]!;
      if (ga !== null) ga[i] = e === 0 ? 0 : g[i]! * e * base ** (e - 1);
      if (gb !== null) gb[i] = base === 0 && e >= 0 ? 0 : g[i]! * y[i]! * Math.log(base);
    }
    return [ga, gb];
  },
};
/** a ** b, elementwise with NumPy broadcasting; a number exponent is the cheaper unary op. */
export function pow(a: Operand, b: Operand): Tensor {
  if (typeof b === 'number' && a instanceof Tensor) return powByScalar(a, b);
  const [x, y] = operandPair('pow', a, b);
  const shape = outShape('pow', x, y);
  const out = powKernel(x.data, x.shape, y.data, y.shape);
  return record2(powOp, out, shape, x, y, out);
}

/**
 * maximum/minimum.  The gradient goes to the larger (smaller) operand and is split in half on ties; where either
 * operand is NaN (so is the output) both get the whole gradient, as in PyTorch.
 * `direction` is +1 for maximum and −1 for minimum, so one loop serves both without a per-element call.
 */
function extremumOp(name: string, direction: 1 | -1): OpDefinition<null> {
  return {
    name,
    vjp: (g, _, { inputs: [a, b], shape }) => {
      const av = broadcastTo(a!.data, a!.shape, shape);
      const bv = broadcastTo(b!.data, b!.shape, shape);
      const ga = arrayFor(dtypeOf(g), g.length);
      const gb = arrayFor(dtypeOf(g), g.length);
      for (let i = 0; i < g.length; i++) {
        const x = av[i]!;
        const y = bv[i]!;
        const d = direction * (x - y);
        if (d > 0) ga[i] = g[i]!;
        else if (d < 0) gb[i] = g[i]!;
        else if (x === y) ga[i] = gb[i] = g[i]! / 2;
        else ga[i] = gb[i] = g[i]!;
      }
      return [a!.requiresGrad ? ga : null, b!.requiresGrad ? gb : null];
    },
  };
}
const maximumOp = extremumOp('maximum', 1);
const minimumOp = extremumOp('minimum', -1);
/** The larger of a and b, elementwise with broadcasting; NaN propagates. Ties split the gradient in half. */
export function maximum(a: Operand, b: Operand): Tensor {
  const [x, y] = operandPair('maximum', a, b);
  const shape = outShape('maximum', x, y);
  return record2(maximumOp, maximumKernel(x.data, x.shape, y.data, y.shape), shape, x, y, null);
}
/** The smaller of a and b, elementwise with broadcasting; NaN propagates. Ties split the gradient in half. */
export function minimum(a: Operand, b: Operand): Tensor {
  const [x, y] = operandPair('minimum', a, b);
  const shape = outShape('minimum', x, y);
  return record2(minimumOp, minimumKernel(x.data, x.shape, y.data, y.shape), shape, x, y, null);
}

/**
 * where(cond, a, b): a where cond ≠ 0, else b, all three broadcast together. ∂/∂a = [cond], ∂/∂b = [¬cond].
 * The condition carries no gradient.
 */
const whereOp: OpDefinition<Uint8Array> = {
  name: 'where',
  vjp: (g, mask, { inputs: [, a, b] }) => {
    const ga = a!.requiresGrad ? g.slice() : null;
    const gb = b!.requiresGrad ? g.slice() : null;
    for (let i = 0; i < g.length; i++) {
      if (mask[i] === 1) {
        if (gb !== null) gb[i] = 0;
      } else if (ga !== null) ga[i] = 0;
    }
    return [null, ga, gb];
  },
};
/** `a` where `condition` is non-zero, else `b`; all three broadcast together. No gradient reaches the condition. */
export function where(condition: Tensor, a: Operand, b: Operand): Tensor {
  const cond = expectTensor('where', condition, 'condition');
  const [x, y] = a instanceof Tensor || b instanceof Tensor ? operandPair('where', a, b) : [null, null];
  const tx = x ?? operandLike('where', a, cond);
  const ty = y ?? operandLike('where', b, cond);
  checkSameDtype('where', tx, ty);
  const shape = broadcastShapes(broadcastShapes(cond.shape, tx.shape, 'where'), ty.shape, 'where');
  checkAllocation('where', tx.dtype, sizeOf(shape));
  const c = broadcastTo(cond.data, cond.shape, shape);
  const xv = broadcastTo(tx.data, tx.shape, shape);
  const yv = broadcastTo(ty.data, ty.shape, shape);
  const mask = new Uint8Array(c.length);
  const out = arrayFor(tx.dtype, c.length);
  for (let i = 0; i < c.length; i++) {
    const on = c[i] !== 0;
    mask[i] = on ? 1 : 0;
    out[i] = on ? xv[i]! : yv[i]!;
  }
  return recordOp(whereOp, out, shape, [cond, tx, ty], mask);
}

type Comparison = 'gt' | 'ge' | 'lt' | 'le' | 'eq';

/** Elementwise comparisons: 1 where true, else 0, in the operands' dtype; no gradient (PyTorch's bool results). */
function compare(op: Comparison, a: Tensor, b: Operand): Tensor {
  expectTensor(op, a, 'first operand');
  const y = operandLike(op, b, a);
  const shape = outShape(op, a, y);
  if (shape !== a.shape) checkAllocation(op, a.dtype, sizeOf(shape));
  const av = broadcastTo(a.data, a.shape, shape);
  const bv = broadcastTo(y.data, y.shape, shape);
  const out = arrayFor(a.dtype, av.length);
  const n = out.length;
  switch (op) {
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = av[i]! > bv[i]! ? 1 : 0;
      break;
    case 'ge':
      for (let i = 0; i < n; i++) out[i] = av[i]! >= bv[i]! ? 1 : 0;
      break;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = av[i]! < bv[i]! ? 1 : 0;
      break;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = av[i]! <= bv[i]! ? 1 : 0;
      break;
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = av[i]! === bv[i]! ? 1 : 0;
      break;
  }
  return new Tensor(out, shape);
}
/** 1 where a > b, else 0 (broadcasting; no gradient). */
export const gt = (a: Tensor, b: Operand): Tensor => compare('gt', a, b);
/** 1 where a ≥ b, else 0 (broadcasting; no gradient). */
export const ge = (a: Tensor, b: Operand): Tensor => compare('ge', a, b);
/** 1 where a < b, else 0 (broadcasting; no gradient). */
export const lt = (a: Tensor, b: Operand): Tensor => compare('lt', a, b);
/** 1 where a ≤ b, else 0 (broadcasting; no gradient). */
export const le = (a: Tensor, b: Operand): Tensor => compare('le', a, b);
/** 1 where a = b, else 0 (broadcasting; no gradient). */
export const eq = (a: Tensor, b: Operand): Tensor => compare('eq', a, b);
