/** softmax and logSoftmax along one axis (default the last), each with its hand-written VJP. */
import {
  exp as expKernel,
  type FloatArray,
  logSoftmax as logSoftmaxKernel,
  mul as mulKernel,
  reduceSum,
  softmax as softmaxKernel,
  sub as subKernel,
} from '@actlab/kernels';
import { type OpDefinition, record1 } from '../graph';
import type { Tensor } from '../tensor';
import { axisOf, expectTensor } from './operands';
import { keepDimShape } from './reduce';

interface SoftmaxSaved {
  axis: number;
  /** The forward's output. */
  y: FloatArray;
}

/** y = softmax(x).  ∂/∂x = y ⊙ (g − Σ g⊙y), the sum along the axis. */
const softmaxOp: OpDefinition<SoftmaxSaved> = {
  name: 'softmax',
  vjp: (g, { axis, y }, { shape }) => {
    const gx = mulKernel(g, shape, y, shape);
    const dot = reduceSum(gx, shape, axis);
    subKernel(g, shape, dot, keepDimShape(shape, axis), gx);
    return [mulKernel(gx, shape, y, shape, gx)];
  },
};
/** e^x / Σ e^x along `axis` (default the last), computed stably. */
export function softmax(x: Tensor, axis = -1): Tensor {
  expectTensor('softmax', x);
  const a = axisOf('softmax', 'axis', axis, x.shape.length, true);
  if (x.shape.length === 0) return softmax(x.reshape([1]), 0).reshape([]);
  const y = softmaxKernel(x.data, x.shape, a);
  return record1(softmaxOp, y, x.shape, x, { axis: a, y });
}

/** y = logSoftmax(x).  ∂/∂x = g − exp(y) · Σ g, the sum along the axis. */
const logSoftmaxOp: OpDefinition<SoftmaxSaved> = {
  name: 'logSoftmax',
  vjp: (g, { axis, y }, { shape }) => {
    const total = reduceSum(g, shape, axis);
    const gx = expKernel(y);
    mulKernel(gx, shape, total, keepDimShape(shape, axis), gx);
    return [subKernel(g, shape, gx, shape, gx)];
  },
};
/** x − logsumexp(x) along `axis` (default the last): log-probabilities without overflow. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  expectTensor('logSoftmax', x);
  const a = axisOf('logSoftmax', 'axis', axis, x.shape.length, true);
  if (x.shape.length === 0) return logSoftmax(x.reshape([1]), 0).reshape([]);
  const y = logSoftmaxKernel(x.data, x.shape, a);
  return record1(logSoftmaxOp, y, x.shape, x, { axis: a, y });
}
