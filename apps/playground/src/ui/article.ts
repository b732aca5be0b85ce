import { byId, el } from './dom';
import { experimentById } from './experiments';

/**
 * "Why activation functions?" — the story of the guide this project grew from, in our own words, beside the
 * playground. Every claim links to the preset that shows it (experiments.ts; each checked by a test).
 */

/** A run of text, or a link to a preset. */
type Part = string | { readonly preset: string; readonly text: string };

interface Section {
  readonly heading: string;
  readonly paragraphs: readonly (readonly Part[])[];
}

const sections: readonly Section[] = [
  {
    heading: 'A stack of linear layers is one linear layer',
    paragraphs: [
      [
        'A layer computes W·x + b. Put a second one on top and you get W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂): ',
        'again one matrix and one offset. However many such layers you stack, the network can only draw a straight ',
        'boundary — ',
        { preset: 'linear-collapse', text: 'three identity layers cannot cut a circle out of the plane' },
        '. XOR is the smallest problem with no straight answer: its two classes sit on opposite corners. ',
        { preset: 'xor-linear', text: 'Identity layers stay at chance on it; tanh layers of the same shape solve it' },
        ' in a few epochs.',
      ],
      [
        'The activation function is what bends each unit’s output. It must be non-linear (or the collapse above ',
        'happens) and differentiable almost everywhere, because training follows the gradient, and the gradient ',
        'passes back through every unit multiplied by its slope f′(z).',
      ],
    ],
  },
  {
    heading: 'One hidden layer is enough, in principle',
    paragraphs: [
      [
        'The universal approximation theorem says that a single hidden layer of squashing units — sigmoid or tanh — ',
        'can approximate any continuous function on a bounded region as closely as you like, given enough units. ',
        'Each tanh unit is a soft step in one direction of the plane; weighted sums of steps make bumps, and bumps ',
        'make anything: ',
        { preset: 'universal', text: 'twelve tanh units add up to a sine wave' },
        '. The theorem does not say how many units you need, nor that gradient descent will find them; in practice ',
        'depth needs far fewer.',
      ],
    ],
  },
  {
    heading: 'Sigmoid and tanh',
    paragraphs: [
      [
        'Sigmoid squashes to (0, 1), tanh to (−1, 1), and tanh(x) = 2σ(2x) − 1: the same S, stretched and centred. ',
        'The centring matters. Sigmoid’s outputs are all positive (their mean is near 0.5), so the gradients of the ',
        'next layer’s incoming weights all share one sign and can only zig-zag towards the answer; and σ′ is at most ',
        '0.25, where tanh′ reaches 1. In hidden layers ',
        { preset: 'tanh-sigmoid', text: 'tanh learns the moons about five times sooner than sigmoid' },
        '. Sigmoid’s place is the output of a binary classifier, where its value is a probability — it is what the ',
        'output unit here uses.',
      ],
      [
        'Stack many sigmoid layers and the small derivative multiplies, layer after layer, on the way back: ',
        { preset: 'vanishing', text: 'six sigmoid layers leave the first layer a gradient 100,000 times smaller' },
        ' than the last one’s, and it never learns. Saturation does the same to a single unit: where its inputs sit ',
        'on a flat end of the curve, f′ ≈ 0. Hover a unit to see where they sit.',
      ],
    ],
  },
  {
    heading: 'ReLU and Leaky ReLU',
    paragraphs: [
      [
        'ReLU, max(0, z), is cheap and does not saturate for z > 0, so gradients pass through deep stacks of it. But ',
        'for z < 0 its slope is exactly 0: a unit pushed below zero on every input gets no gradient and never comes ',
        'back. ',
        { preset: 'dead-relu', text: 'On the spiral a narrow ReLU network dies within ten epochs' },
        '. LeakyReLU keeps a slope of 0.01 for z < 0, so no unit can die, and the same network keeps learning.',
      ],
    ],
  },
  {
    heading: 'Softplus and Swish',
    paragraphs: [
      [
        'Softplus, log(1 + eᶻ), is a smooth ReLU whose derivative is the sigmoid, never 0: it cannot die, but its ',
        'smooth corner makes it slow. Swish, z·σ(z), is smooth too, dips slightly below zero before rising (it is not ',
        'monotonic), and often matches or beats ReLU. ',
        {
          preset: 'softplus-swish',
          text: 'On the spiral Swish fits in about 60 epochs, softplus needs about 240, and ReLU loses most of its units',
        },
        ' — with another seed or width ReLU may live; the arena counts how often.',
      ],
    ],
  },
  {
    heading: 'Maxout: an activation that is learned',
    paragraphs: [
      [
        'A Maxout unit computes a few linear functions of its input and outputs the largest. It learns its own ',
        'convex, piecewise-linear activation — ReLU is the Maxout of z and 0 — and passes the winning piece’s ',
        'gradient through unchanged, so it never saturates or dies, at the price of several times the weights. ',
        { preset: 'maxout', text: 'Watch the shapes Maxout units learn on the circle' },
        '.',
      ],
    ],
  },
  {
    heading: 'RBF units',
    paragraphs: [
      [
        'A radial basis unit, exp(−γ‖x − c‖²), answers only near its centre c: a bump, not a step. Far from every ',
        'input its output and its gradient are both ≈ 0 — it is saturated — so a layer of narrow bumps trains ',
        'slowly: ',
        { preset: 'rbf', text: 'with γ = 5 most units of the layer stay saturated on the spiral' },
        '.',
      ],
    ],
  },
  {
    heading: 'Where the weights start, and how big the steps are',
    paragraphs: [
      [
        'Each layer scales the signal by its weights. Tiny weights shrink it at every layer, so ',
        { preset: 'init-small', text: 'six ReLU layers started at ±0.01 die before they learn anything' },
        '. Kaiming’s initialisation draws weights in ±√(6 / fan-in), the scale at which a ReLU layer keeps the ',
        'signal’s size, and ',
        { preset: 'init-kaiming', text: 'the same network fits the circle within five epochs' },
        '. Xavier’s scale, √(6 / (fan-in + fan-out)) times the gain, does the same for tanh.',
      ],
      [
        'The learning rate is the size of each step downhill. Too large, and every step overshoots further: ',
        { preset: 'too-fast', text: 'with learning rate 10 the loss explodes in one epoch' },
        '. The playground then stops, says so, and keeps the last good weights.',
      ],
    ],
  },
];

function part(p: Part): Node {
  if (typeof p === 'string') return document.createTextNode(p);
  const e = experimentById(p.preset);
  return el('a', { href: `#${e.hash}`, class: 'preset-link', 'data-preset': e.id }, p.text);
}

export function buildArticle(): void {
  byId('article', HTMLElement).replaceChildren(
    el('h2', {}, 'Why a network needs an activation function, and which one'),
    el(
      'p',
      { class: 'lede' },
      'The story of the guide this project grew from, told with the playground: every underlined claim sets the ',
      'playground up to show it — press ▶ and watch.',
    ),
    ...sections.map((s) =>
      el('section', {}, el('h3', {}, s.heading), ...s.paragraphs.map((p) => el('p', {}, ...p.map(part)))),
    ),
  );
}
