// Stand-in until @actlab/kernels exports its activation table; then this re-exports it.
export type ActivationName =
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leakyRelu'
  | 'softplus'
  | 'swish'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'mish'
  | 'hardswish'
  | 'hardsigmoid'
  | 'relu6'
  | 'softsign'
  | 'logSigmoid'
  | 'identity';

export const activationNames: readonly ActivationName[] = [
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'softplus',
  'swish',
  'elu',
  'selu',
  'gelu',
  'mish',
  'hardswish',
  'hardsigmoid',
  'relu6',
  'softsign',
  'logSigmoid',
  'identity',
];
