/**
 * Unary elementwise ops. Each op: its forward (a kernel call) and, beside it, its vector-Jacobian product.
 * Derivatives follow PyTorch's derivatives.yaml, including at the edges (abs'(0) = 0, clamp passes the gradient at
 * its bounds, pow(x, 0)' = 0).
 */
import {
  abs as absKernel,
  arrayFor,
  clamp as clampKernel,
  type DType,
  describeValue,
  div as divKernel,
  dtypeOf,
  exp as expKernel,
  type FloatArray,
  log as logKernel,
  mul as mulKernel,
  neg as negKernel,
  powScalar,
  scale,
  sign,
  sqrt as sqrtKernel,
  square as squareKernel,
} from '@actlab/kernels';
import { type OpDefinition, record1 } from '../graph';
import type { Tensor } from '../tensor';
import { expectTensor } from './operands';

/** -x.  d/dx = -1 */
const negOp: OpDefinition<null> = { name: 'neg', vjp: (g) => [negKernel(g)] };
/** −x. */
export function neg(x: Tensor): Tensor {
  expectTensor('neg', x);
  return record1(negOp, negKernel(x.data), x.shape, x, null);
}

/** e^x.  d/dx = e^x, read from the saved output. */
const expOp: OpDefinition<FloatArray> = { name: 'exp', vjp: (g, y, node) => [mulKernel(g, node.shape, y, node.shape)] };
/** e^x, elementwise. */
export function exp(x: Tensor): Tensor {
  expectTensor('exp', x);
  const y = expKernel(x.data);
  return record1(expOp, y, x.shape, x, y);
}

/** ln x.  d/dx = 1/x */
const logOp: OpDefinition<null> = {
  name: 'log',
  vjp: (g, _, node) => [divKernel(g, node.shape, node.inputs[0]!.data, node.shape)],
};
/** ln x, elementwise. */
export function log(x: Tensor): Tensor {
  expectTensor('log', x);
  return record1(logOp, logKernel(x.data), x.shape, x, null);
}

/** √x.  d/dx = 1/(2√x), from the saved output. */
const sqrtOp: OpDefinition<FloatArray> = {
  name: 'sqrt',
  vjp: (g, y, node) => {
    const gx = divKernel(g, node.shape, y, node.shape);
    return [scale(gx, 0.5, gx)];
  },
};
/** √x, elementwise. */
export function sqrt(x: Tensor): Tensor {
  expectTensor('sqrt', x);
  const y = sqrtKernel(x.data);
  return record1(sqrtOp, y, x.shape, x, y);
}

/** |x|.  d/dx = sign(x), 0 at 0 (PyTorch). */
const absOp: OpDefinition<null> = {
  name: 'abs',
  vjp: (g, _, node) => {
    const s = sign(node.inputs[0]!.data);
    return [mulKernel(g, node.shape, s, node.shape, s)];
  },
};
/** |x|, elementwise; its gradient at 0 is 0, as in PyTorch. */
export function abs(x: Tensor): Tensor {
  expectTensor('abs', x);
  return record1(absOp, absKernel(x.data), x.shape, x, null);
}

/** x².  d/dx = 2x */
const squareOp: OpDefinition<null> = {
  name: 'square',
  vjp: (g, _, node) => {
    const gx = mulKernel(g, node.shape, node.inputs[0]!.data, node.shape);
    return [scale(gx, 2, gx)];
  },
};
/** x², elementwise. */
export function square(x: Tensor): Tensor {
  expectTensor('square', x);
  return record1(squareOp, squareKernel(x.data), x.shape, x, null);
}

/** x^p for a number p.  d/dx = p·x^(p−1), and 0 when p = 0 (PyTorch). */
const powScalarOp: OpDefinition<number> = {
  name: 'pow',
  vjp: (g, p, node) => {
    if (p === 0) return [arrayFor(dtypeOf(g), g.length)];
    const d = powScalar(node.inputs[0]!.data, p - 1);
    scale(d, p, d);
    return [mulKernel(g, node.shape, d, node.shape, d)];
  },
};
/** x^p for a number p (what `pow(x, number)` runs). */
export function powByScalar(x: Tensor, p: number): Tensor {
  return record1(powScalarOp, powScalar(x.data, p), x.shape, x, p);
}

/** x·α for a number α.  d/dx = α */
const scaleOp: OpDefinition<number> = { name: 'mul', vjp: (g, alpha) => [scale(g, alpha)] };
/** x·α for a number α (what `mul(x, number)` runs). */
export function mulByScalar(x: Tensor, alpha: number): Tensor {
  return record1(scaleOp, scale(x.data, alpha), x.shape, x, alpha);
}

interface ClampSaved {
  min: number;
  max: number;
}
/** clamp(x, min, max).  d/dx = 1 where min ≤ x ≤ max (bounds included, as PyTorch), else 0. */
const clampOp: OpDefinition<ClampSaved> = {
  name: 'clamp',
  vjp: (g, { min, max }, node) => {
    const x = node.inputs[0]!.data;
    const gx = g.slice();
    for (let i = 0; i < gx.length; i++) {
      const v = x[i]!;
      if (!(v >= min && v <= max)) gx[i] = 0;
    }
    return [gx];
  },
};
/** Clamp into [min, max]; either bound may be omitted (`undefined`/`null`). */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  expectTensor('clamp', x);
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) {
    throw new Error(
      `clamp: bounds min=${describeValue(min)} max=${describeValue(max)} are invalid; pass numbers (or null for ` +
        'no bound) with min <= max',
    );
  }
  return record1(clampOp, clampKernel(x.data, lo, hi), x.shape, x, { min: lo, max: hi });
}

/** Convert to another dtype. The gradient converts back. */
const castOp: OpDefinition<DType> = {
  name: 'to',
  vjp: (g, from) => [from === 'float64' ? Float64Array.from(g) : Float32Array.from(g)],
};
/** Convert to `dtype` (differentiable: the gradient converts back); returns x itself when it already has it. */
export function to(x: Tensor, dtype: DType): Tensor {
  expectTensor('to', x);
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`to: unknown dtype ${describeValue(dtype)}; use 'float32' or 'float64'`);
  }
  if (x.dtype === dtype) return x;
  const data = dtype === 'float64' ? Float64Array.from(x.data) : Float32Array.from(x.data);
  return record1(castOp, data, x.shape, x, x.dtype);
}

/** A copy with its own storage.  d/dx = 1 (PyTorch's clone is differentiable; detach().clone() is a leaf copy). */
const cloneOp: OpDefinition<null> = { name: 'clone', vjp: (g) => [g] };
/** A copy with its own storage, recorded (gradients flow through it); `x.detach().clone()` is a leaf copy. */
export function clone(x: Tensor): Tensor {
  expectTensor('clone', x);
  return record1(cloneOp, x.data.slice(), x.shape, x, null);
}
