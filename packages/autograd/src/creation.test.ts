import { Random } from '@actlab/kernels';
import { expect, test } from 'vitest';
import {
  arange,
  eye,
  full,
  linspace,
  manualSeed,
  ones,
  onesLike,
  rand,
  randn,
  tensor,
  zeros,
  zerosLike,
} from './index';

test('zeros, ones, full, *Like: shape, dtype, requiresGrad', () => {
  expect(zeros([2, 3]).toArray()).toEqual([
    [0, 0, 0],
    [0, 0, 0],
  ]);
  expect(ones([2], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
  expect(full([2], 7, { requiresGrad: true }).requiresGrad).toBe(true);
  const like = zerosLike(ones([3], { dtype: 'float64' }));
  expect([like.dtype, like.shape]).toEqual(['float64', [3]]);
  expect(onesLike(zeros([1, 2])).toArray()).toEqual([[1, 1]]);
  expect(() => zeros([2, -1])).toThrow(/^zeros: shape \[2, -1\] is invalid/);
  // Each creation function names itself, and a NaN dimension prints as NaN.
  expect(() => eye(2.5)).toThrow(/^eye: shape \[2\.5, 2\.5\] is invalid/);
  expect(() => randn([Number.NaN], { seed: 1 })).toThrow(/^randn: shape \[NaN\] is invalid/);
  expect(() => zeros([2], { dtype: 'int32' as 'float32' })).toThrow(/unknown dtype "int32"/);
});

// Expected values as printed by PyTorch 1.13: torch.arange(1, 2, 0.25), torch.linspace(0, 1, 5), torch.eye(2, 3).
test('arange, linspace and eye as PyTorch', () => {
  expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
  expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
  expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
  expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
  expect(linspace(-1, 1, 1).toArray()).toEqual([-1]);
  expect(eye(2, 3).toArray()).toEqual([
    [1, 0, 0],
    [0, 1, 0],
  ]);
  expect(() => arange(0, 1, 0)).toThrow(/arange: .*non-zero step/);
});

test('rand and randn are reproducible from a seed or a generator', () => {
  expect(randn([4], { seed: 3 }).toArray()).toEqual(randn([4], { seed: 3 }).toArray());
  expect(randn([4], { seed: 3 }).toArray()).not.toEqual(randn([4], { seed: 4 }).toArray());
  const g1 = new Random(9);
  const g2 = new Random(9);
  expect(rand([5], { generator: g1 }).toArray()).toEqual(rand([5], { generator: g2 }).toArray());
  const u = rand([1000], { low: -2, high: -1, dtype: 'float64' });
  expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
  expect(Math.max(...u.data)).toBeLessThan(-1);
  manualSeed(5);
  const first = randn([3]).toArray();
  manualSeed(5);
  expect(randn([3]).toArray()).toEqual(first);
  const n = randn([2000], { mean: 3, std: 0.5, seed: 1, dtype: 'float64' });
  expect(n.mean().item()).toBeCloseTo(3, 1);
});

test('tensor() from typed arrays keeps float64, converts on request', () => {
  expect(tensor(new Float64Array([1, 2])).dtype).toBe('float64');
  expect(tensor(new Float64Array([1.1]), { dtype: 'float32' }).data[0]).toBe(Math.fround(1.1));
  expect(tensor([[[1]], [[2]]]).shape).toEqual([2, 1, 1]);
  expect(tensor([]).shape).toEqual([0]);
  expect(() => tensor([1, 'a'])).toThrow(/element \[1\] is "a" \(string of length 1\), not a number/);
  // Errors give the full path to the bad row or element.
  expect(() =>
    tensor([
      [[1], [2]],
      [[3], [4, 5]],
    ]),
  ).toThrow(/element \[1\]\[1\] has length 2 where shape \[2, 2, 1\]/);
  expect(() =>
    tensor([
      [1, 2],
      [3, Number.NaN],
      [5, null],
    ]),
  ).toThrow(/element \[2\]\[1\] is null, not a number/);
});
