import { describe, expect, test } from 'vitest';
import { noGrad, ones, Tensor, tensor, zeros } from './index';

describe('Tensor basics', () => {
  test('tensor() infers shape and dtype, copies data', () => {
    const t = tensor([
      [1, -2],
      [3, 0.5],
    ]);
    expect(t.shape).toEqual([2, 2]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([
      [1, -2],
      [3, 0.5],
    ]);
    expect(tensor(2.5).shape).toEqual([]);
    expect(tensor(2.5).item()).toBe(2.5);
    expect(tensor([1, 2], { dtype: 'float64' }).data).toBeInstanceOf(Float64Array);
    const src = new Float32Array([1, 2, 3, 4]);
    const u = tensor(src, { shape: [2, 2] });
    src[0] = 9;
    expect(u.data[0]).toBe(1);
  });

  test('ragged arrays and wrong sizes are refused', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/3 values do not fill shape \[2, 2\]/);
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow(/3 elements but shape \[2, 2\]/);
    expect(() => new Tensor(new Float32Array(2), [-1, -2])).toThrow(/Tensor: shape \[-1, -2\] is invalid/);
    expect(() => new Tensor(new Float32Array(2), [2.5])).toThrow(/Tensor: shape \[2\.5\] is invalid/);
  });

  test('a simple graph: y = sum(x * w + b)', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    const w = tensor([0.5, -1], { requiresGrad: true });
    const b = tensor(2, { requiresGrad: true });
    const y = x.mul(w).add(b).sum();
    expect(y.item()).toBe(0.5 - 2 + 1.5 - 4 + 4 * 2);
    y.backward();
    expect(w.grad!.toArray()).toEqual([4, 6]);
    expect(b.grad!.item()).toBe(4);
    expect(x.grad).toBeNull();
  });

  test('gradients accumulate across backward calls until zeroGrad', () => {
    const w = tensor([1, 2, 3], { requiresGrad: true });
    w.mul(w).sum().backward();
    w.mul(w).sum().backward();
    expect(w.grad!.toArray()).toEqual([4, 8, 12]);
    w.zeroGrad();
    expect(w.grad).toBeNull();
  });

  test('fan-out sums the gradient from every use', () => {
    const x = tensor([2], { requiresGrad: true });
    const y = x.mul(x).add(x).mul(x); // x^3 + x^2 → 3x^2 + 2x = 16
    y.sum().backward();
    expect(x.grad!.item()).toBe(16);
  });

  test('noGrad records nothing', () => {
    const x = ones([2], { requiresGrad: true });
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
  });

  test('matmul forward and backward (2-D)', () => {
    const a = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { requiresGrad: true },
    );
    const b = tensor(
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      { requiresGrad: true },
    );
    const c = a.matmul(b);
    expect(c.toArray()).toEqual([
      [4, 5],
      [10, 11],
    ]);
    c.sum().backward();
    expect(a.grad!.toArray()).toEqual([
      [1, 1, 2],
      [1, 1, 2],
    ]);
    expect(b.grad!.toArray()).toEqual([
      [5, 5],
      [7, 7],
      [9, 9],
    ]);
    expect(zeros([2]).toArray()).toEqual([0, 0]);
  });
});

describe('comparisons and argmax carry no gradient', () => {
  test('values and requiresGrad', () => {
    const x = tensor(
      [
        [1, 5, 5],
        [7, 0, -1],
      ],
      { requiresGrad: true },
    );
    expect(x.gt(1).toArray()).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
    expect(x.le(tensor([1, 0, 5])).toArray()).toEqual([
      [1, 0, 1],
      [0, 1, 1],
    ]);
    expect(x.eq(5).sum().item()).toBe(2);
    expect(x.gt(1).requiresGrad).toBe(false);
    expect(x.argmax(1).toArray()).toEqual([1, 0]);
    expect(x.argmax().item()).toBe(3);
    expect(x.argmax(0, true).shape).toEqual([1, 3]);
    const y = x.where(x.gt(2), 0);
    expect(y.toArray()).toEqual([
      [0, 5, 5],
      [7, 0, 0],
    ]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 1, 1],
      [1, 0, 0],
    ]);
  });
});
