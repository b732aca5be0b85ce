import { expect, test } from 'vitest';
import { arange, tensor, zeros } from './index';

test('toString matches the layout of PyTorch repr', () => {
  expect(
    tensor([
      [1, -2],
      [3, 0.5],
    ]).toString(),
  ).toBe('tensor([[ 1.0000, -2.0000],\n        [ 3.0000,  0.5000]])');
  expect(tensor([1, 2, 3]).toString()).toBe('tensor([1., 2., 3.])');
  expect(tensor(2.5).toString()).toBe('tensor(2.5000)');
  expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
  expect(tensor([Number.NaN, Number.POSITIVE_INFINITY, 1.5]).toString()).toBe('tensor([   nan,    inf, 1.5000])');
  expect(tensor([1.5], { dtype: 'float64', requiresGrad: true }).toString()).toBe(
    'tensor([1.5000], dtype=float64, requiresGrad=true)',
  );
  expect(tensor([1.5], { requiresGrad: true }).mul(2).toString()).toBe('tensor([3.], gradFn=<mulBackward>)');
  expect(zeros([0, 3]).toString()).toBe('tensor([], size=[0, 3])');
  expect(arange(8).reshape([2, 2, 2]).toString()).toBe(
    'tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])',
  );
});

test('large tensors are summarised with ... and wrapped at 80 columns, like PyTorch', () => {
  // Expected strings printed by PyTorch 1.13: repr(torch.arange(2000.)) and repr(torch.arange(1600.).reshape(40, 40)).
  expect(arange(2000).toString()).toBe(
    'tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])',
  );
  const s = arange(40 * 40)
    .reshape([40, 40])
    .toString();
  expect(s.split('\n')).toHaveLength(13);
  expect(s.split('\n').slice(0, 2)).toEqual([
    'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 3.7000e+01, 3.8000e+01,',
    '         3.9000e+01],',
  ]);
  expect(s.split('\n')[6]).toBe('        ...,');
  expect(tensor(Array.from({ length: 30 }, (_, i) => i / 4)).toString()).toBe(
    [
      'tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000, 1.2500, 1.5000, 1.7500, 2.0000,',
      '        2.2500, 2.5000, 2.7500, 3.0000, 3.2500, 3.5000, 3.7500, 4.0000, 4.2500,',
      '        4.5000, 4.7500, 5.0000, 5.2500, 5.5000, 5.7500, 6.0000, 6.2500, 6.5000,',
      '        6.7500, 7.0000, 7.2500])',
    ].join('\n'),
  );
});

test('console.log prints the repr', async () => {
  const { inspect } = await import('node:util');
  expect(inspect(tensor([1, 2]))).toBe('tensor([1., 2.])');
});
