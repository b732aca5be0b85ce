/** One-click setups for the guide's claims: each is a URL hash, so it is also a link anyone can share. */
export interface Experiment {
  readonly id: string;
  readonly title: string;
  readonly what: string;
  readonly hash: string;
}

export const experiments: readonly Experiment[] = [
  {
    id: 'xor-linear',
    title: 'No non-linearity, no XOR',
    what: 'Identity layers stay a linear model and cannot split XOR; tanh can.',
    hash: 'dataset=xor&layers=8:identity,8:identity&mode=compare&compare=identity,tanh',
  },
  {
    id: 'tanh-sigmoid',
    title: 'tanh vs sigmoid',
    what: 'Zero-centred tanh trains much faster than sigmoid in hidden layers.',
    hash: 'dataset=moons&noise=10&layers=8:tanh,8:tanh&mode=compare&compare=sigmoid,tanh',
  },
  {
    id: 'dead-relu',
    title: 'Dead ReLUs',
    what: 'Narrow ReLU layers die on the spiral (see the dead column); LeakyReLU keeps learning.',
    hash: 'dataset=spiral&noise=10&layers=8:relu,8:relu,6:relu&mode=compare&compare=relu,leakyRelu',
  },
  {
    id: 'softplus-swish',
    title: 'Softplus, ReLU, Swish',
    what: 'Smooth softplus is slower; Swish and its relatives GELU and Mish match or beat ReLU.',
    hash: 'dataset=spiral&layers=16:relu,16:relu&mode=compare&compare=relu,softplus,swish,gelu',
  },
  {
    id: 'maxout',
    title: 'Maxout learns its shape',
    what: 'Each Maxout unit is a max of linear pieces; its learned shape is drawn under Activation functions.',
    hash: 'dataset=circle&noise=5&layers=6:maxout:3,4:tanh',
  },
  {
    id: 'rbf',
    title: 'RBF units saturate',
    what: 'Narrow RBF units (large γ) output ≈ 0 away from their centre: watch the saturated column.',
    hash: 'dataset=spiral&layers=8:rbf:5,8:tanh',
  },
];
