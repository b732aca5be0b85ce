/**
 * The training-step path keeps no memory: issue 4's tiny playground net (2-8-8-1 tanh, batch 32, MSE, SGD).
 * Its speed is measured by `pnpm bench` (and `pnpm --filter @actlab/layers speed`), never in a timed test.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { expect, test } from 'vitest';
import { Tanh } from './activation-modules';
import { Linear } from './linear';
import { mseLoss } from './losses';
import { Sequential } from './module';
import { SGD } from './optim';

function tinyNet() {
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
  return () => {
    opt.zeroGrad();
    mseLoss(model.forward(x), y).backward();
    opt.step();
  };
}

test('training keeps the heap flat: 30,000 steps retain no graph, buffer or state', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const step = tinyNet();
  for (let i = 0; i < 2000; i++) step();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 30000; i++) step();
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  // A retained graph would keep about a kilobyte per step (30 MB here).
  expect(grown).toBeLessThan(2_000_000);
});
