import { describe, expect, test } from 'vitest';
import { tensor } from './creation';
import { argmax, argmin, maxWithIndices, minWithIndices } from './ops/reduce';

// Expected values printed by PyTorch 1.13 (Debian python3-torch) for the same inputs:
//   torch.max(x, 1), torch.min(x, 1), torch.max(x, 0), x.argmax(), x.argmin(), x.argmax(1), x.argmin(0).
const NaN_ = Number.NaN;
const x = () =>
  tensor(
    [
      [1, 3, 3, 2],
      [NaN_, 5, NaN_, 0],
      [-1, -1, -2, -2],
    ],
    { dtype: 'float64', requiresGrad: true },
  );

describe('max/min along an axis with indices, argmax/argmin (PyTorch semantics)', () => {
  test('values and indices: first index on ties, NaN wins and its first index is returned', () => {
    const max1 = maxWithIndices(x(), 1);
    expect(Array.from(max1.values.data)).toEqual([3, NaN_, -1]);
    expect(Array.from(max1.indices.data)).toEqual([1, 0, 0]);
    const min1 = minWithIndices(x(), 1);
    expect(Array.from(min1.values.data)).toEqual([1, NaN_, -2]);
    expect(Array.from(min1.indices.data)).toEqual([0, 0, 2]);
    const max0 = x().maxWithIndices(0);
    expect(Array.from(max0.values.data)).toEqual([NaN_, 5, NaN_, 2]);
    expect(Array.from(max0.indices.data)).toEqual([1, 1, 1, 0]);
    expect(argmax(x()).item()).toBe(4);
    expect(argmin(x()).item()).toBe(4);
    expect(Array.from(x().argmax(1).data)).toEqual([1, 0, 0]);
    expect(Array.from(argmin(x(), 0).data)).toEqual([1, 2, 1, 2]);
  });

  test('the gradient goes to the first maximal element; indices need none and keep x dtype', () => {
    const y = tensor([[1, 3, 3, 2]], { requiresGrad: true });
    const { values, indices } = y.maxWithIndices(1, true);
    expect(values.shape).toEqual([1, 1]);
    expect(indices.shape).toEqual([1, 1]);
    expect(indices.requiresGrad).toBe(false);
    expect(indices.dtype).toBe('float32');
    values.sum().backward();
    expect(Array.from(y.grad!.data)).toEqual([0, 1, 0, 0]);
  });

  test('negative axes, keepDim, 0-d tensors (index 0), and errors', () => {
    const t = tensor([[[5, 1]], [[0, 9]]]);
    expect(maxWithIndices(t, -1).indices.shape).toEqual([2, 1]);
    expect(Array.from(minWithIndices(t, 0, true).indices.data)).toEqual([1, 0]);
    expect(minWithIndices(t, 0, true).indices.shape).toEqual([1, 1, 2]);
    const s = tensor(2.5);
    expect(maxWithIndices(s, 0).values.item()).toBe(2.5);
    expect(maxWithIndices(s, 0).indices.item()).toBe(0);
    expect(argmin(s).item()).toBe(0);
    expect(argmax(t, undefined, true).shape).toEqual([1, 1, 1]);
    expect(() => maxWithIndices(t, 3)).toThrow(/maxWithIndices/);
    expect(() => minWithIndices(tensor([]), 0)).toThrow(/minWithIndices: cannot reduce an empty tensor/);
    expect(() => argmin(tensor([]))).toThrow(/argmin: cannot reduce an empty tensor/);
  });
});
