/**
 * Training steps per second of issue 4's tiny playground net: 2-8-8-1 tanh, batch 32, MSE, SGD.
 * Run: `pnpm --filter @actlab/layers speed` (uses the built dist of kernels and autograd; layers from source).
 */
import { Tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { Linear, mseLoss, Sequential, SGD, Tanh } from '../src/index';

const g = new Random(1);
const model = new Sequential(
  new Linear(2, 8, { generator: g }),
  new Tanh(),
  new Linear(8, 8, { generator: g }),
  new Tanh(),
  new Linear(8, 1, { generator: g }),
);
const x = new Tensor(g.fillUniform(new Float32Array(64), -1, 1), [32, 2]);
const y = new Tensor(g.fillUniform(new Float32Array(32), -1, 1), [32, 1]);
const opt = new SGD(model.parameters(), { lr: 0.01 });
const step = () => {
  opt.zeroGrad();
  mseLoss(model.forward(x), y).backward();
  opt.step();
};
for (let i = 0; i < 5000; i++) step();
const rates: number[] = [];
for (let rep = 0; rep < 6; rep++) {
  const n = 40000;
  const t = performance.now();
  for (let i = 0; i < n; i++) step();
  rates.push(n / ((performance.now() - t) / 1000));
}
rates.sort((a, b) => a - b);
console.log(
  `2-8-8-1 tanh, batch 32, MSE, SGD: median ${Math.round(rates[3]!)} steps/s ` +
    `(runs: ${rates.map((r) => Math.round(r)).join(', ')})`,
);
