/**
 * One-click setups for the guide's claims. Each is a URL hash, so it is also a link anyone can share; `look` says
 * what to watch for and by which epoch, and experiments.test.ts trains every one with its own seed to that epoch
 * and checks that it shows what its card says.
 */
export interface Experiment {
  readonly id: string;
  readonly title: string;
  /** The claim of the guide it tests, in a few words. */
  readonly claim: string;
  /** What to look for, and by when. */
  readonly look: string;
  readonly hash: string;
  /** The epoch by which `look` holds. */
  readonly epochs: number;
}

export const experiments: readonly Experiment[] = [
  {
    id: 'linear-collapse',
    title: 'Linear layers collapse',
    claim: 'Without a non-linearity, depth adds nothing.',
    look: 'Three identity layers still draw one straight boundary: the circle stays below 75% test accuracy however long it trains.',
    hash: 'dataset=circle&layers=8:identity,8:identity,8:identity&speed=20',
    epochs: 200,
  },
  {
    id: 'xor-linear',
    title: 'No non-linearity, no XOR',
    claim: 'A network needs a non-linear activation to fit XOR.',
    look: 'The identity network stays at chance (below 70%); tanh, same shape and weights, splits the four corners by about epoch 10.',
    hash: 'dataset=xor&layers=8:identity,8:identity&mode=compare&compare=identity,tanh',
    epochs: 40,
  },
  {
    id: 'universal',
    title: 'One hidden layer fits a wave',
    claim: 'One hidden layer of squashing units can approximate any function.',
    look: 'Twelve tanh units, each a soft step (see their squares), add up to the sine: test loss below 0.01 by epoch 100.',
    hash: 'dataset=sin&layers=12:tanh&speed=20',
    epochs: 100,
  },
  {
    id: 'tanh-sigmoid',
    title: 'tanh vs sigmoid',
    claim: 'Zero-centred tanh trains faster than sigmoid in hidden layers.',
    look: 'tanh separates the moons (100% test accuracy) by about epoch 30; sigmoid is still below 95% at epoch 100 and needs about five times as long.',
    hash: 'dataset=moons&noise=10&layers=8:tanh,8:tanh&mode=compare&compare=sigmoid,tanh&speed=20',
    epochs: 200,
  },
  {
    id: 'vanishing',
    title: 'Gradients vanish in deep sigmoid nets',
    claim: 'Sigmoid’s small derivative shrinks the gradient layer after layer.',
    look: 'Under “Look inside”, layer 1’s gradient is about 100,000 times smaller than the output layer’s; the network never leaves chance.',
    hash: 'dataset=circle&layers=8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid&optimizer=sgd&lr=0.3&speed=50',
    epochs: 100,
  },
  {
    id: 'dead-relu',
    title: 'Dead ReLUs',
    claim: 'ReLU units can die; LeakyReLU keeps them alive.',
    look: 'Within 10 epochs ReLU’s third layer is all dead (dead column): no gradient flows and it stays at chance. LeakyReLU has no dead unit and keeps learning (above 65% by epoch 100).',
    hash: 'dataset=spiral&noise=10&layers=8:relu,8:relu,6:relu&mode=compare&compare=relu,leakyRelu&speed=20',
    epochs: 100,
  },
  {
    id: 'softplus-swish',
    title: 'ReLU, softplus, Swish',
    claim: 'Softplus is smooth but slow; Swish often beats ReLU.',
    look: 'Swish fits the spiral (above 95%) by about epoch 60. Softplus keeps every unit but needs about four times as long (below 90% at 100, above 95% by 250). ReLU loses most of its units and stalls below 85%.',
    hash: 'dataset=spiral&layers=16:relu,16:relu&mode=compare&compare=relu,softplus,swish&speed=50',
    epochs: 250,
  },
  {
    id: 'maxout',
    title: 'Maxout learns its shape',
    claim: 'A Maxout unit learns its own piecewise-linear activation.',
    look: 'Each unit is the max of 3 linear pieces; its learned shape is drawn under Activation functions. It never dies, and the circle is fitted (above 95%) within 5 epochs.',
    hash: 'dataset=circle&noise=5&layers=6:maxout:3,4:tanh',
    epochs: 50,
  },
  {
    id: 'rbf',
    title: 'RBF units saturate',
    claim: 'RBF units are hard to optimise: far from their centre they give no gradient.',
    look: 'Narrow units (γ 5) output ≈ 0 away from their centre: most of layer 1 is saturated from the start and stays so; the spiral is still below 80% at epoch 100.',
    hash: 'dataset=spiral&layers=8:rbf:5,8:tanh&speed=20',
    epochs: 100,
  },
  {
    id: 'init-small',
    title: 'Small weights starve a deep net',
    claim: 'Initialisation decides whether a deep network can learn.',
    look: 'Six ReLU layers started at ±0.01: the signal shrinks at every layer, the units die and the gradients are 0 — chance for ever. Then choose Kaiming (He) under Initialisation.',
    hash: 'dataset=circle&layers=8:relu,8:relu,8:relu,8:relu,8:relu,8:relu&init=small&speed=20',
    epochs: 50,
  },
  {
    id: 'init-kaiming',
    title: 'Kaiming init for ReLU',
    claim: 'Scaling the weights to the fan-in keeps the signal alive.',
    look: 'The same six ReLU layers with Kaiming’s scale: the circle is fitted (above 95%) within 5 epochs.',
    hash: 'dataset=circle&layers=8:relu,8:relu,8:relu,8:relu,8:relu,8:relu&init=kaiming&speed=20',
    epochs: 50,
  },
  {
    id: 'too-fast',
    title: 'Too large a learning rate',
    claim: 'Too large a step makes the loss explode.',
    look: 'With learning rate 10 the first epoch makes the loss over a hundred times worse: training stops at once, says why, and keeps the last good weights.',
    hash: 'dataset=sin&lr=10',
    epochs: 1,
  },
];

export function experimentById(id: string): Experiment {
  const e = experiments.find((x) => x.id === id);
  if (e === undefined)
    throw new Error(`experiments: no preset '${id}'; the ids are ${experiments.map((x) => x.id).join(', ')}`);
  return e;
}
