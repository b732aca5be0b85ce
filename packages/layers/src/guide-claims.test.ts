/**
 * The guide's claims about activation functions, as tests (issue 4, "What must hold"). Tiny networks, full-batch,
 * seeded; the whole file runs in seconds.
 *
 * XOR protocol (the same for every hidden layer; one run per seed, no tuning per seed):
 *   data      the four XOR points centred to {−1, 1}², targets −1 / +1 (class 0 / 1), full batch
 *   init      every weight and bias U(−0.25, 0.25) — Rumelhart-style "small random weights", so every unit starts
 *             in its unsaturated, near-linear range (RBF centres keep the layer's own N(0, 1) init)
 *   training  MSE loss on a linear output, SGD(lr 0.1, momentum 0.9), at most 3000 steps
 *   fitted    all four outputs on the right side of 0 at some step (training stops there)
 * Why not PyTorch's default init with Adam and BCE: there a 2-2-1 tanh or sigmoid net fits XOR for only about half
 * the seeds (PyTorch 1.13, Adam(0.05) × 1500 steps, 40 seeds: tanh 20, sigmoid 17). The failures are the known
 * plateau "at infinity" of the 2-2-1 XOR surface: both hidden units saturate on two points of different classes,
 * the loss sits at ln 2 / 2 (BCE) or 0.5 (MSE) with zero gradient. Small weights keep the units out of saturation
 * while the two hidden features separate; BCE keeps pushing logits (and so hidden units) towards saturation, MSE on
 * ±1 targets does not.
 *
 * First-run success rates under this protocol (fitted / seeds; actlab's seeds draw from its own generator, so
 * only the rates compare). PyTorch 1.13 from fixtures/xor_success_rates.py, seeds 1–40 and 1–200:
 *                 PyTorch 40  PyTorch 200  actlab 40  actlab 200  actlab seeds 1–10 (this test)
 *   sigmoid          38          194          40         199          10
 *   tanh             39          195          40         195          10
 *   softplus         40          197          40         195          10
 *   swish            40          200          40         200          10
 *   Maxout(2,2,2)    33          175          40         185          10
 *   RBF(2,4,γ 0.5)   37          192          40         195          10
 *   relu             17           71          14          70           3
 *   leakyRelu        29          132          27         122           7
 * ReLU and LeakyReLU (slope 0.01) are piecewise linear: a 2-2-1 net of them has genuine bad local minima (a dead
 * unit, or a point in the dead zone of both units), and no standard recipe tried reaches 8/10 on one run. Over 100
 * seeds in PyTorch — SGD with and without momentum (lr 0.02–0.5), Adam (lr 0.001–0.2), MSE or BCE, PyTorch's
 * default, kaiming or small init, biases 0–1, leakyRelu slopes 0.01–0.2 — the best was relu 37%, leakyRelu 70%.
 * For those two the ">= 8 of 10 seeds" claim is tested with restarts: a fresh initialisation from the same seeded
 * generator when a run has not fitted, up to MAX_ATTEMPTS runs; the first-run count is logged and bounded below so
 * a regression still shows.
 */
import { noGrad, type Tensor, tensor } from '@actlab/autograd';
import { type ActivationName, Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { ActivationModule, Tanh } from './activation-modules';
import { uniform } from './init';
import { Linear } from './linear';
import { mseLoss } from './losses';
import { Maxout } from './maxout';
import { type Module, Sequential } from './module';
import { Adam, SGD } from './optim';
import { RBF } from './rbf';

const xorX = tensor([
  [-1, -1],
  [-1, 1],
  [1, -1],
  [1, 1],
]);
const xorY = tensor([[-1], [1], [1], [-1]]);
const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const MAX_ATTEMPTS = 10;
const INIT_BOUND = 0.25;

/** Re-draw every weight and bias U(±INIT_BOUND); RBF centres keep their layer's init. */
function smallInit<M extends Module>(model: M, g: Random): M {
  for (const [name, p] of model.namedParameters()) {
    if (!name.endsWith('centers')) uniform(p, { low: -INIT_BOUND, high: INIT_BOUND, generator: g });
  }
  return model;
}

function accuracy(out: Tensor): number {
  let correct = 0;
  for (let i = 0; i < 4; i++) if (out.data[i]! > 0 === xorY.data[i]! > 0) correct++;
  return correct / 4;
}

/** Train on XOR with the protocol above; the accuracy reached (1 as soon as all four points are right). */
function trainXor(model: Module, steps = 3000): number {
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    const out = model.forward(xorX);
    if (accuracy(out) === 1) return 1;
    mseLoss(out, xorY).backward();
    opt.step();
  }
  return accuracy(noGrad(() => model.forward(xorX)));
}

/** Seeds (of 10) that fit XOR on their first run, and within MAX_ATTEMPTS runs from the same generator. */
function fitRate(make: (g: Random) => Module): { fitted: number; firstRun: number } {
  let fitted = 0;
  let firstRun = 0;
  for (const seed of seeds) {
    const g = new Random(seed);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (trainXor(smallInit(make(g), g)) === 1) {
        fitted++;
        if (attempt === 0) firstRun++;
        break;
      }
    }
  }
  return { fitted, firstRun };
}

const twoTwoOne = (name: ActivationName) => (g: Random) =>
  new Sequential(new Linear(2, 2, { generator: g }), new ActivationModule(name), new Linear(2, 1, { generator: g }));

describe('without a hidden non-linearity a network is linear and cannot fit XOR', () => {
  test('Linear(2,2) → Linear(2,1): accuracy <= 75% for every seed', () => {
    for (const seed of seeds) {
      const g = new Random(seed);
      const model = new Sequential(new Linear(2, 2, { generator: g }), new Linear(2, 1, { generator: g }));
      expect(trainXor(smallInit(model, g), 800)).toBeLessThanOrEqual(0.75);
    }
  });
});

describe('a 2-2-1 network fits XOR on its first run (>= 8 of 10 seeds, no restarts)', () => {
  const smooth: ActivationName[] = ['sigmoid', 'tanh', 'softplus', 'swish'];
  test.each(smooth)('%s', (name) => {
    const { firstRun } = fitRate(twoTwoOne(name));
    console.log(`XOR 2-2-1 ${name}: ${firstRun}/10 seeds fitted on the first run`);
    expect(firstRun).toBeGreaterThanOrEqual(8);
  });

  test('Maxout hidden layer: Maxout(2, 2, poolSize 2) → Linear(2, 1)', () => {
    const { firstRun } = fitRate(
      (g) => new Sequential(new Maxout(2, 2, 2, { generator: g }), new Linear(2, 1, { generator: g })),
    );
    console.log(`XOR Maxout(2,2,2): ${firstRun}/10 seeds fitted on the first run`);
    expect(firstRun).toBeGreaterThanOrEqual(8);
  });

  test('RBF hidden layer: RBF(2, 4, { gamma: 0.5 }) → Linear(4, 1)', () => {
    const { firstRun } = fitRate(
      (g) => new Sequential(new RBF(2, 4, { gamma: 0.5, generator: g }), new Linear(4, 1, { generator: g })),
    );
    console.log(`XOR RBF(2,4): ${firstRun}/10 seeds fitted on the first run`);
    expect(firstRun).toBeGreaterThanOrEqual(8);
  });
});

describe('a 2-2-1 relu / leakyRelu network fits XOR (>= 8 of 10 seeds WITH restarts: bad minima are real)', () => {
  // First-run rates under the same protocol, PyTorch: relu 71/200, leakyRelu 132/200 (see the header).
  const piecewiseLinear: [ActivationName, number][] = [
    ['relu', 2],
    ['leakyRelu', 4],
  ];
  test.each(piecewiseLinear)('%s', (name, minFirstRun) => {
    const { fitted, firstRun } = fitRate(twoTwoOne(name));
    console.log(
      `XOR 2-2-1 ${name}: ${firstRun}/10 seeds fitted on the first run (below the 8/10 bar: restarts needed), ` +
        `${fitted}/10 within ${MAX_ATTEMPTS} runs`,
    );
    expect(fitted).toBeGreaterThanOrEqual(8);
    expect(firstRun).toBeGreaterThanOrEqual(minFirstRun);
  });
});

describe('universal approximation', () => {
  test('one hidden tanh layer fits sin(x) on [-π, π] to MSE < 1e-3', () => {
    const n = 64;
    const xs = new Float32Array(n);
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = -Math.PI + (2 * Math.PI * i) / (n - 1);
      ys[i] = Math.sin(xs[i]!);
    }
    const x = tensor(xs, { shape: [n, 1] });
    const y = tensor(ys, { shape: [n, 1] });
    const g = new Random(1);
    const model = new Sequential(new Linear(1, 16, { generator: g }), new Tanh(), new Linear(16, 1, { generator: g }));
    const opt = new Adam(model.parameters(), { lr: 0.01 });
    for (let s = 0; s < 3000; s++) {
      opt.zeroGrad();
      mseLoss(model.forward(x), y).backward();
      opt.step();
    }
    expect(noGrad(() => mseLoss(model.forward(x), y)).item()).toBeLessThan(1e-3);
  });
});
