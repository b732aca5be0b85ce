import { Tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { Tanh } from './activation-modules';
import { Linear } from './linear';
import { mseLoss } from './losses';
import { Sequential } from './module';
import { SGD } from './optim';

/**
 * Issue 4's tiny playground network and its training step: 2-8-8-1 tanh, batch 32, MSE, SGD lr 0.01, seeded. Not
 * exported by the package; the heap test and the speed script (scripts/train-step-speed.ts) measure this same step.
 */
export function tinyPlaygroundNet(seed = 1): {
  model: Sequential;
  x: Tensor;
  y: Tensor;
  /** One training step: zero the gradients, forward, MSE, backward, SGD update. */
  step: () => void;
} {
  const g = new Random(seed);
  const model = new Sequential(
    new Linear(2, 8, { generator: g }),
    new Tanh(),
    new Linear(8, 8, { generator: g }),
    new Tanh(),
    new Linear(8, 1, { generator: g }),
  );
  const x = new Tensor(g.fillUniform(new Float32Array(64), -1, 1), [32, 2]);
  const y = new Tensor(g.fillUniform(new Float32Array(32), -1, 1), [32, 1]);
  const optimizer = new SGD(model.parameters(), { lr: 0.01 });
  const step = () => {
    optimizer.zeroGrad();
    mseLoss(model.forward(x), y).backward();
    optimizer.step();
  };
  return { model, x, y, step };
}
