import v8 from 'node:v8';
import vm from 'node:vm';
import { expect, test } from 'vitest';
import { noGrad, randn, type Tensor } from './index';

v8.setFlagsFromString('--expose-gc');
const collectGarbage: () => void = vm.runInNewContext('gc');

function heapAfterGc(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

test('100,000 forward+backward+SGD steps of a small MLP keep the heap flat', { timeout: 60_000 }, () => {
  const x = randn([8, 2], { seed: 1 });
  const target = randn([8, 1], { seed: 2 });
  const params: Tensor[] = [
    randn([2, 8], { seed: 3, std: 0.5, requiresGrad: true }),
    randn([8], { seed: 4, std: 0.1, requiresGrad: true }),
    randn([8, 1], { seed: 5, std: 0.5, requiresGrad: true }),
    randn([1], { seed: 6, std: 0.1, requiresGrad: true }),
  ];
  const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor];
  const step = (): number => {
    for (const p of params) p.zeroGrad();
    const loss = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(target).square().mean();
    loss.backward();
    noGrad(() => {
      for (const p of params) for (let i = 0; i < p.size; i++) p.data[i]! -= 0.05 * p.grad!.data[i]!;
    });
    return loss.item();
  };
  const first = step();
  for (let i = 0; i < 10_000; i++) step();
  const before = heapAfterGc();
  let last = 0;
  for (let i = 0; i < 90_000; i++) last = step();
  const after = heapAfterGc();
  expect(last).toBeLessThan(first);
  // Generous: a leak of even one small object per step would add several MB.
  expect(after - before).toBeLessThan(2 * 1024 * 1024);
});
