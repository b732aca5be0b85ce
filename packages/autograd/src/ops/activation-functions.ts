/**
 * The functional activation exports, `sigmoid(x)`, `softplus(x, { beta: 2 })`, … A named ES export needs a name in
 * source, so each entry gets one line here; `satisfies` makes the compiler reject this file until every entry of the
 * kernels' table has its function, and each is the one generic activation op.
 */
import type { ActivationName } from '@actlab/kernels';
import { type ActivationFunction, activationFunction } from './activation';

export const sigmoid = activationFunction('sigmoid');
export const tanh = activationFunction('tanh');
export const relu = activationFunction('relu');
export const leakyRelu = activationFunction('leakyRelu');
export const softplus = activationFunction('softplus');
export const swish = activationFunction('swish');
/** Alias of swish (PyTorch's SiLU). */
export const silu = activationFunction('swish');
export const elu = activationFunction('elu');
export const selu = activationFunction('selu');
export const gelu = activationFunction('gelu');
export const mish = activationFunction('mish');
export const hardswish = activationFunction('hardswish');
export const hardsigmoid = activationFunction('hardsigmoid');
export const relu6 = activationFunction('relu6');
export const softsign = activationFunction('softsign');
export const logSigmoid = activationFunction('logSigmoid');
export const identity = activationFunction('identity');

/** Every functional activation by table name (completeness checked against the table's type). */
export const activationFunctions = {
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  softplus,
  swish,
  elu,
  selu,
  gelu,
  mish,
  hardswish,
  hardsigmoid,
  relu6,
  softsign,
  logSigmoid,
  identity,
} satisfies { readonly [N in ActivationName]: ActivationFunction<N> };
