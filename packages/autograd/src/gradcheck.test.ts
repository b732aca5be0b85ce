import { activationNames } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import {
  concat,
  customOp,
  gradcheck,
  indexSelect,
  maximum,
  minimum,
  randn,
  stack,
  type Tensor,
  tensor,
  where,
} from './index';

let seed = 1;
/** Standard normal float64 leaf. */
const randomInput = (shape: number[]): Tensor => randn(shape, { seed: seed++, dtype: 'float64', requiresGrad: true });
/** Values with |x| in [lo, hi], random sign: away from the kinks at 0. */
function awayFromZero(shape: number[], lo = 0.2, hi = 2.5): Tensor {
  const t = randn(shape, { seed: seed++, dtype: 'float64' });
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i]!;
    t.data[i] = Math.sign(v || 1) * (lo + ((Math.abs(v) * 7.31) % (hi - lo)));
  }
  t.requiresGrad = true;
  return t;
}
/** Positive values in [0.5, 2.5]. */
function positive(shape: number[]): Tensor {
  const t = awayFromZero(shape, 0.5, 2.5);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.abs(t.data[i]!);
  return t;
}

describe('gradcheck: elementwise and broadcasting ops', () => {
  const cases: [string, (...x: Tensor[]) => Tensor, Tensor[]][] = [
    ['add (broadcast [2,3] + [3])', (a, b) => a.add(b), [randomInput([2, 3]), randomInput([3])]],
    ['add (broadcast [2,1] + [1,3])', (a, b) => a.add(b), [randomInput([2, 1]), randomInput([1, 3])]],
    ['add scalar', (a) => a.add(1.5), [randomInput([4])]],
    ['sub (broadcast [3] - [2,3])', (a, b) => a.sub(b), [randomInput([3]), randomInput([2, 3])]],
    ['mul (broadcast [2,3] * [2,1])', (a, b) => a.mul(b), [randomInput([2, 3]), randomInput([2, 1])]],
    ['mul scalar', (a) => a.mul(-3), [randomInput([2, 2])]],
    ['div (broadcast)', (a, b) => a.div(b), [randomInput([2, 3]), awayFromZero([3])]],
    ['div scalar numerator', (a) => a.div(2).add(tensor(1, { dtype: 'float64' }).div(a)), [awayFromZero([3])]],
    ['pow tensor ** tensor', (a, b) => a.pow(b), [positive([2, 3]), randomInput([3])]],
    ['pow scalar 3', (a) => a.pow(3), [randomInput([5])]],
    ['pow scalar 0.5', (a) => a.pow(0.5), [positive([5])]],
    ['pow scalar 0', (a) => a.pow(0), [randomInput([3])]],
    ['neg', (a) => a.neg(), [randomInput([3])]],
    ['exp', (a) => a.exp(), [randomInput([2, 3])]],
    ['log', (a) => a.log(), [positive([2, 3])]],
    ['sqrt', (a) => a.sqrt(), [positive([4])]],
    ['abs', (a) => a.abs(), [awayFromZero([6])]],
    ['square', (a) => a.square(), [randomInput([6])]],
    ['clamp', (a) => a.clamp(-0.1, 0.1), [awayFromZero([8])]],
    ['clamp (min only)', (a) => a.clamp(0.05), [awayFromZero([8])]],
    ['maximum (broadcast)', (a, b) => maximum(a, b), [randomInput([3, 4]), randomInput([4])]],
    ['minimum', (a, b) => minimum(a, b), [randomInput([3, 4]), randomInput([3, 4])]],
    [
      'where',
      (a, b) => where(tensor([1, 0, 1], { dtype: 'float64' }), a, b),
      [randomInput([2, 3]), randomInput([2, 1])],
    ],
  ];
  test.each(cases)('%s', (_, fn, inputs) => {
    expect(gradcheck(fn, inputs)).toBe(true);
  });
});

describe('gradcheck: matmul', () => {
  const cases: [string, number[], number[]][] = [
    ['vector · vector', [4], [4]],
    ['vector · matrix', [3], [3, 2]],
    ['matrix · vector', [2, 3], [3]],
    ['matrix · matrix', [2, 3], [3, 4]],
    ['batch · matrix (shared B)', [2, 3, 4], [4, 5]],
    ['matrix · batch (shared A)', [3, 4], [2, 4, 5]],
    ['batch · batch', [2, 3, 4], [2, 4, 2]],
    ['broadcast batches [2,1] × [1,3]', [2, 1, 2, 3], [1, 3, 3, 2]],
    ['vector · batch', [3], [2, 3, 2]],
  ];
  test.each(cases)('%s', (_, aShape, bShape) => {
    expect(gradcheck((a, b) => a.matmul(b), [randomInput(aShape), randomInput(bShape)])).toBe(true);
  });
});

describe('gradcheck: reductions, softmax', () => {
  const x = () => randomInput([2, 3, 4]);
  const cases: [string, (a: Tensor) => Tensor][] = [
    ['sum all', (a) => a.sum()],
    ['sum axis 1', (a) => a.sum(1)],
    ['sum axes [0, 2] keepDim', (a) => a.sum([0, 2], true)],
    ['mean all keepDim', (a) => a.mean(null, true)],
    ['mean axis -1', (a) => a.mean(-1)],
    ['mean axes [0, 1]', (a) => a.mean([0, 1])],
    ['max all', (a) => a.max()],
    ['max axis 1 keepDim', (a) => a.max(1, true)],
    ['max axes [0, 2]', (a) => a.max([0, 2])],
    ['min axis 0', (a) => a.min(0)],
    ['min axes [1, 2] keepDim', (a) => a.min([1, 2], true)],
    ['logsumexp axis 1', (a) => a.logsumexp(1)],
    ['logsumexp keepDim', (a) => a.logsumexp(-1, true)],
    ['softmax axis -1', (a) => a.softmax(-1)],
    ['softmax axis 0', (a) => a.softmax(0)],
    ['logSoftmax axis 1', (a) => a.logSoftmax(1)],
  ];
  test.each(cases)('%s', (_, fn) => {
    expect(gradcheck(fn, [x()])).toBe(true);
  });
});

describe('gradcheck: shape ops', () => {
  const cases: [string, (...a: Tensor[]) => Tensor, Tensor[]][] = [
    ['reshape', (a) => a.reshape([4, -1]).mul(a.reshape([4, 3])), [randomInput([2, 6])]],
    ['flatten', (a) => a.flatten(1), [randomInput([2, 3, 2])]],
    ['unsqueeze/squeeze', (a) => a.unsqueeze(1).mul(a.unsqueeze(0)).squeeze(), [randomInput([3])]],
    ['expand', (a) => a.expand([2, 3, 4]), [randomInput([3, 1])]],
    ['transpose', (a) => a.transpose(0, 2), [randomInput([2, 3, 4])]],
    ['permute', (a) => a.permute([2, 0, 1]), [randomInput([2, 3, 4])]],
    ['slice', (a) => a.slice(1, 1, -1), [randomInput([2, 5])]],
    ['slice with step', (a) => a.slice(0, 0, undefined, 2), [randomInput([5, 2])]],
    ['indexSelect with repeats', (a) => indexSelect(a, 1, [2, 0, 2]), [randomInput([2, 3])]],
    [
      'gather',
      (a) =>
        a.gather(1, [
          [0, 2],
          [1, 1],
        ]),
      [randomInput([2, 3])],
    ],
    ['gather axis 0', (a) => a.gather(0, [[1, 0, 1]]), [randomInput([2, 3])]],
    ['concat', (a, b) => concat([a, b, a], 1), [randomInput([2, 1]), randomInput([2, 3])]],
    ['stack', (a, b) => stack([a, b], 1), [randomInput([2, 3]), randomInput([2, 3])]],
    ['to float64', (a) => a.to('float64').mul(2), [randomInput([3])]],
  ];
  test.each(cases)('%s', (_, fn, inputs) => {
    expect(gradcheck(fn, inputs)).toBe(true);
  });
});

describe('gradcheck: every activation of the kernels table', () => {
  // |x| in [0.2, 2.5]: away from every kink of the table (0, ±3, 6).
  test.each(activationNames.map((name) => [name]))('%s', (name) => {
    expect(gradcheck((a) => a.activation(name), [awayFromZero([3, 4])])).toBe(true);
  });
  test('with non-default parameters', () => {
    expect(gradcheck((a) => a.leakyRelu({ negativeSlope: 0.2 }), [awayFromZero([5])])).toBe(true);
    expect(gradcheck((a) => a.softplus({ beta: 2, threshold: 3 }), [awayFromZero([5])])).toBe(true);
    expect(gradcheck((a) => a.elu({ alpha: 0.5 }), [awayFromZero([5])])).toBe(true);
    expect(gradcheck((a) => a.gelu({ approximate: 'tanh' }), [awayFromZero([5])])).toBe(true);
    expect(gradcheck((a) => a.swish({ beta: 1.5 }), [awayFromZero([5])])).toBe(true);
  });
});

describe('gradcheck: customOp and composites', () => {
  test('a user-defined cube with its own gradient', () => {
    const cube = customOp({
      name: 'cube',
      forward: (x: Tensor) => ({ output: x.pow(3), saved: x }),
      backward: (g, { saved }) => g.mul(saved.square().mul(3)),
    });
    const x = randomInput([4]);
    expect(gradcheck((a) => cube(a), [x])).toBe(true);
    expect(cube(x).gradFn!.name).toBe('cube');
  });
  test('a two-input custom op with a broadcast gradient', () => {
    const scaledAdd = customOp({
      name: 'scaledAdd',
      forward: (a: Tensor, b: Tensor) => a.add(b.mul(2)),
      backward: (g) => [g, g.mul(2)],
    });
    expect(gradcheck((a, b) => scaledAdd(a, b), [randomInput([2, 3]), randomInput([3])])).toBe(true);
  });
  test('gradcheck reports a wrong gradient', () => {
    const wrong = customOp({ name: 'wrong', forward: (x: Tensor) => x.exp(), backward: (g) => g });
    expect(() => gradcheck((a) => wrong(a), [randomInput([2])])).toThrow(/gradcheck: Jacobian mismatch for input 0/);
    expect(gradcheck((a) => wrong(a), [randomInput([2])], { raiseException: false })).toBe(false);
  });
  test('gradcheck refuses float32 inputs', () => {
    expect(() => gradcheck((a) => a.exp(), [randn([2], { requiresGrad: true })])).toThrow(/float32.*float64/);
  });
});
