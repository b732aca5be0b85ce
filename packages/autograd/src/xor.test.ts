import { expect, test } from 'vitest';
import { tensor } from './index';

// Goodfellow, Bengio & Courville, Deep Learning §6.1: the exact XOR solution of a ReLU network.
test('the deep-learning-book XOR solution h = relu(xW + c), y = h·w + b gives XOR exactly', () => {
  const x = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const W = tensor([
    [1, 1],
    [1, 1],
  ]);
  const c = tensor([0, -1]);
  const w = tensor([1, -2]);
  const b = tensor(0);
  const h = x.matmul(W).add(c).relu();
  const y = h.matmul(w).add(b);
  expect(y.shape).toEqual([4]);
  expect(y.toArray()).toEqual([0, 1, 1, 0]);
  // Without the non-linearity the same weights give a linear map, which cannot be XOR.
  expect(x.matmul(W).add(c).matmul(w).add(b).toArray()).not.toEqual([0, 1, 1, 0]);
});
