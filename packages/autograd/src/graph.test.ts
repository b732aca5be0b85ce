import { describe, expect, test } from 'vitest';
import {
  customOp,
  enableGrad,
  gradcheck,
  isGradEnabled,
  noGrad,
  type OpDefinition,
  ones,
  onesLike,
  randn,
  recordOp,
  setGradEnabled,
  type Tensor,
  tensor,
  zeroGrad,
} from './index';

describe('second backward through the same graph', () => {
  test('throws once the first backward freed the graph, naming the op and the fix', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    expect(() => y.backward()).toThrow(/backward through the graph a second time \(op sum.*retainGraph: true/);
    // The failed attempt touched nothing.
    expect(x.grad!.toArray()).toEqual(Array.from(x.data, Math.exp).map((v) => Math.fround(v)));
  });

  test('a graph sharing a freed subgraph also throws', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    h.sum().backward();
    expect(() => h.mul(2).sum().backward()).toThrow(/second time \(op mul/);
  });

  test('retainGraph keeps it: gradients accumulate', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    y.backward();
    expect(x.grad!.toArray()).toEqual([4, 8, 12]);
    expect(() => y.backward()).toThrow(/second time/);
  });
});

describe('leaves, non-leaves, detach, noGrad', () => {
  test('non-leaf grads are not kept unless retainGrad()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    const k = x.mul(3).retainGrad();
    h.add(k).sum().backward();
    expect(h.grad).toBeNull();
    expect(k.grad!.toArray()).toEqual([1, 1]);
    expect(x.isLeaf).toBe(true);
    expect(h.isLeaf).toBe(false);
    expect(h.gradFn!.name).toBe('mul');
  });

  test('detach cuts the graph but shares data', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    const y = x.mul(d).sum();
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 4]);
  });

  test('noGrad nests and restores; setGradEnabled and enableGrad', () => {
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      enableGrad(() => expect(isGradEnabled()).toBe(true));
      expect(isGradEnabled()).toBe(false);
    });
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(setGradEnabled(false)).toBe(true);
    expect(ones([1], { requiresGrad: true }).mul(2).requiresGrad).toBe(false);
    setGradEnabled(true);
  });

  test('zeroGrad: set to none by default, zeros on request', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3], { requiresGrad: true });
    a.mul(b).sum().backward();
    zeroGrad([a, b], { setToNone: false });
    expect(a.grad!.toArray()).toEqual([0, 0]);
    zeroGrad([a, b]);
    expect(a.grad).toBeNull();
    expect(b.grad).toBeNull();
  });

  test('an optimiser-style in-place update of data under noGrad', () => {
    const w = tensor([1, -1], { requiresGrad: true });
    for (let step = 0; step < 3; step++) {
      w.zeroGrad();
      w.mul(w).sum().backward();
      noGrad(() => {
        for (let i = 0; i < w.size; i++) w.data[i]! -= 0.25 * w.grad!.data[i]!;
      });
    }
    expect(w.toArray()).toEqual([0.125, -0.125]);
  });

  test('a pass-through gradient reaching two leaves is copied, not aliased', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4], { requiresGrad: true });
    const y = a.add(b);
    y.backward(onesLike(y));
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.mul(2).sum().backward();
    expect(b.grad!.toArray()).toEqual([1, 1]);
    expect(a.grad!.toArray()).toEqual([3, 3]);
  });

  test("the caller's gradient is never aliased by a leaf's .grad", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const seed = tensor([1, 1, 1]);
    x.reshape([3, 1]).reshape([3]).backward(seed);
    seed.data[0] = 9;
    expect(x.grad!.toArray()).toEqual([1, 1, 1]);
  });

  test('backward with an explicit gradient for a non-scalar output', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(x).backward(tensor([1, 0, -1]));
    expect(x.grad!.toArray()).toEqual([2, 0, -6]);
  });

  test('a 10,000-op chain backpropagates without recursion limits', () => {
    const x = tensor([1], { requiresGrad: true, dtype: 'float64' });
    let y = x;
    for (let i = 0; i < 10_000; i++) y = y.mul(1.0001);
    y.sum().backward();
    expect(x.grad!.item()).toBeCloseTo(1.0001 ** 10_000, 6);
  });

  test('to(dtype) converts the gradient back; clone is differentiable, detach().clone() is a leaf', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.to('float64');
    expect(y.dtype).toBe('float64');
    y.mul(y).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.toArray()).toEqual([2, 4]);
    const c = x.clone();
    expect(c.data).not.toBe(x.data);
    c.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7]);
    expect(x.detach().clone().isLeaf).toBe(true);
  });

  test('a backward run from inside a VJP (re-entrant) leaves the outer one intact', () => {
    const inner = tensor([2], { requiresGrad: true });
    const viaInnerGraph = customOp({
      name: 'viaInnerGraph',
      forward: (x) => x.mul(3),
      backward: (g) => {
        enableGrad(() => inner.mul(inner).sum().backward());
        return g.mul(3);
      },
    });
    const x = tensor([1, 2], { requiresGrad: true });
    viaInnerGraph(x.mul(2)).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
    expect(inner.grad!.item()).toBe(4);
  });

  test('recordOp: a fused op from another package, with its hand-written VJP', () => {
    // y = a·b + a, fused: ∂/∂a = g·(b + 1), ∂/∂b = g·a.
    const fused: OpDefinition<null> = {
      name: 'mulAdd',
      vjp: (g, _, { inputs: [a, b] }) => [g.map((v, i) => v * (b!.data[i]! + 1)), g.map((v, i) => v * a!.data[i]!)],
    };
    const a = tensor([1, 2], { requiresGrad: true });
    const b = tensor([3, 4]);
    const y = recordOp(
      fused,
      a.data.map((v, i) => v * b.data[i]! + v),
      [2],
      [a, b],
      null,
    );
    expect(y.gradFn!.name).toBe('mulAdd');
    y.sum().backward();
    expect(a.grad!.toArray()).toEqual([4, 5]);
    expect(b.grad).toBeNull();
    expect(noGrad(() => recordOp(fused, a.data.slice(), [2], [a, b], null)).gradFn).toBeNull();
  });

  test('an output that is itself a leaf', () => {
    const x = tensor(3, { requiresGrad: true });
    x.backward();
    expect(x.grad!.item()).toBe(1);
  });
});

describe('recycled gradient buffers', () => {
  // The engine reuses consumed intermediate gradients (takeGradientBuffer); nothing user-visible may change.
  function step(x: ReturnType<typeof randn>, w: ReturnType<typeof randn>): void {
    const h = x.matmul(w).tanh();
    // h reaches the loss twice (fan-in) and through a pass-through (add), and tanh's buffer feeds both.
    h.tanh().add(h.mul(h).tanh()).sum().backward();
  }

  test('a .grad taken by one backward is never overwritten by a later one', () => {
    const x = randn([4, 3], { seed: 1, requiresGrad: true });
    const w = randn([3, 5], { seed: 2, requiresGrad: true });
    step(x, w);
    const firstW = w.grad!;
    const firstX = x.grad!;
    const snapshotW = Float32Array.from(firstW.data);
    const snapshotX = Float32Array.from(firstX.data);
    for (let i = 0; i < 3; i++) {
      zeroGrad([x, w]);
      step(x, w);
      expect(Array.from(w.grad!.data)).toEqual(Array.from(snapshotW));
      expect(Array.from(x.grad!.data)).toEqual(Array.from(snapshotX));
    }
    expect(Array.from(firstW.data)).toEqual(Array.from(snapshotW));
    expect(Array.from(firstX.data)).toEqual(Array.from(snapshotX));
  });

  test('a recycled gradient passed through to two nodes stays intact (checked by finite differences)', () => {
    const x = randn([3, 4], { seed: 5, dtype: 'float64', requiresGrad: true });
    // The outer tanh hands add a recycled buffer, which add passes through to both branches.
    // Branches of unequal depth, in both orders, so that one branch takes buffers while the other still holds it.
    const deep = (t: Tensor) => t.mul(t).tanh().tanh();
    expect(gradcheck((t: Tensor) => t.tanh().add(deep(t)).tanh().sum(), [x])).toBe(true);
    expect(gradcheck((t: Tensor) => deep(t).add(t.tanh()).tanh().sum(), [x])).toBe(true);
  });

  test('accumulation into existing grads and retainGrad match a run without reuse', () => {
    const x = randn([4, 3], { seed: 3, requiresGrad: true });
    const w = randn([3, 5], { seed: 4, requiresGrad: true });
    step(x, w);
    const once = Float32Array.from(w.grad!.data);
    step(x, w);
    // Two equal gradients summed in float32: exactly twice the first.
    expect(Array.from(w.grad!.data)).toEqual(Array.from(once, (v) => Math.fround(2 * v)));
    const h = x.matmul(w).tanh().retainGrad();
    const loss = h.tanh().sum();
    loss.backward(undefined, { retainGraph: true });
    const kept = Float32Array.from(h.grad!.data);
    loss.backward();
    expect(Array.from(h.grad!.data)).toEqual(Array.from(kept, (v) => Math.fround(2 * v)));
  });
});

describe('clear errors', () => {
  const a = randn([2, 3]);
  test('mismatched shapes name the op and both shapes', () => {
    expect(() => a.add(randn([4]))).toThrow(/add: shapes \[2, 3\] and \[4\] do not broadcast/);
    expect(() => a.mul(randn([3, 2]))).toThrow(/mul: shapes \[2, 3\] and \[3, 2\]/);
  });
  test('matmul inner dimension mismatch', () => {
    expect(() => a.matmul(randn([2, 5]))).toThrow(/matmul: inner dimensions differ: \[2, 3\] @ \[2, 5\]/);
    expect(() => randn([3]).matmul(randn([4]))).toThrow(/matmul: inner dimensions differ: \[3\] @ \[4\]/);
  });
  test('float32 mixed with float64', () => {
    expect(() => a.add(randn([3], { dtype: 'float64' }))).toThrow(
      /add: cannot mix float32 \[2, 3\] with float64 \[3\]; convert one operand with \.to/,
    );
    expect(() => a.matmul(randn([3, 2], { dtype: 'float64' }))).toThrow(/matmul: cannot mix float32/);
  });
  test('reshape to the wrong size', () => {
    expect(() => a.reshape([4, 2])).toThrow(
      /reshape: cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\] \(8 elements\)/,
    );
    expect(() => a.reshape([4, -1])).toThrow(/reshape: cannot reshape \[2, 3\]/);
  });
  test('axis out of range', () => {
    expect(() => a.sum(2)).toThrow(/sum: axis 2 is out of range for a tensor of rank 2/);
    expect(() => a.softmax(-3)).toThrow(/softmax: axis -3 is out of range/);
    expect(() => a.transpose(0, 5)).toThrow(/transpose: axis 5 \(axis1\) is out of range/);
    expect(() => a.max(3)).toThrow(/max: axis 3/);
  });
  test('backward on a non-scalar without a gradient', () => {
    const y = randn([2, 3], { requiresGrad: true }).mul(2);
    expect(() => y.backward()).toThrow(/backward: the output has shape \[2, 3\], not a scalar.*onesLike/);
    expect(() => y.backward(tensor([1, 2]))).toThrow(/backward: the gradient is float32 \[2\] but the output is/);
    // A number is a scalar output's gradient, never silently broadcast over a tensor.
    expect(() => y.backward(2)).toThrow(/backward: the output has shape \[2, 3\], not a scalar/);
    const x = tensor([1.5], { requiresGrad: true });
    x.mul(x).backward(2);
    expect(x.grad!.item()).toBe(6);
  });
  test('backward on a tensor that does not require a gradient', () => {
    expect(() => a.sum().backward()).toThrow(/does not require a gradient/);
  });
  test('bad indices and bad custom gradients', () => {
    expect(() => a.indexSelect(1, [0, 3])).toThrow(/indexSelect: index 3 is out of range for axis 1 of shape \[2, 3\]/);
    expect(() => a.gather(0, [[0, 2, 0]])).toThrow(/gather: index 2 is out of range for axis 0/);
    const bad = customOp({ name: 'bad', forward: (x) => x.sum(), backward: (g) => g.reshape([1]).expand([5]) });
    expect(() => bad(randn([3], { requiresGrad: true })).backward()).toThrow(/customOp 'bad'.*shape \[5\]/);
    // The right number of elements in the wrong shape is not reinterpreted.
    const transposed = customOp({ name: 'transposed', forward: (x) => x.sum(), backward: (g) => g.expand([3, 2]) });
    expect(() => transposed(randn([2, 3], { requiresGrad: true })).backward()).toThrow(
      /customOp 'transposed': backward's gradient 0 has shape \[3, 2\]; it must have the input's shape \[2, 3\]/,
    );
    // An output-shaped gradient is summed back only when the input broadcast to the output.
    const rowSum = customOp({ name: 'rowSum', forward: (x) => x.sum(1), backward: (g) => g });
    expect(() =>
      rowSum(randn([2, 3], { requiresGrad: true }))
        .sum()
        .backward(),
    ).toThrow(/customOp 'rowSum'.*shape \[2\]; it must have the input's shape \[2, 3\] \(the input does not broadcast/);
  });
  test('expand to a bad target names the dimension', () => {
    const x = randn([2, 3]);
    expect(() => x.expand([-1, 2, 3])).toThrow(/expand: cannot expand \[2, 3\] to \[-1, 2, 3\]: dimension 0 is -1/);
    expect(() => x.expand([2, 3.5])).toThrow(/dimension 1 is 3\.5/);
    expect(() => x.expand([4, 3])).toThrow(/expand: shapes \[2, 3\] and \[4, 3\] do not broadcast/);
    expect(() => x.expand([1, 3])).toThrow(/expand: cannot expand \[2, 3\] to \[1, 3\]/);
    expect(x.expand([4, -1, -1]).shape).toEqual([4, 2, 3]);
  });
  test('item on a tensor with several elements', () => {
    expect(() => a.item()).toThrow(/item: tensor of shape \[2, 3\] has 6 elements/);
  });
});
