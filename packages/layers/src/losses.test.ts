import { type Tensor, tensor } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import { bceLoss, bceWithLogitsLoss, crossEntropyLoss, mseLoss, nllLoss, type Reduction } from './losses';
import { type Encoded, expectClose, fromFixture, readFixture } from './test-fixtures';

interface LossCase {
  loss: 'mseLoss' | 'bceWithLogitsLoss' | 'bceLoss' | 'crossEntropyLoss' | 'nllLoss';
  reduction: Reduction;
  input: Encoded;
  target: Encoded | number[];
  output: Encoded | number;
  gradOutput: Encoded | number;
  gradInput: Encoded;
}
const { cases } = readFixture<{ cases: LossCase[] }>('losses.json');

const asEncoded = (v: Encoded | number): Encoded => (typeof v === 'number' ? { shape: [], data: [v] } : v);

describe('losses match PyTorch (values and gradients, extreme logits included)', () => {
  test.each(cases.map((c, i) => [`${c.loss} ${c.reduction} #${i}`, c] as const))('%s', (_name, c) => {
    const input = fromFixture(c.input, true);
    const options = { reduction: c.reduction };
    let out: Tensor;
    if (c.loss === 'crossEntropyLoss') out = crossEntropyLoss(input, c.target as number[], options);
    else if (c.loss === 'nllLoss') out = nllLoss(input, c.target as number[], options);
    else {
      const target = fromFixture(c.target as Encoded);
      const fn = { mseLoss, bceWithLogitsLoss, bceLoss }[c.loss];
      out = fn(input, target, options);
    }
    expectClose(out, asEncoded(c.output), 1e-12, 1e-14, 'loss');
    out.backward(fromFixture(asEncoded(c.gradOutput)));
    expectClose(input.grad, c.gradInput, 1e-9, 1e-14, 'gradInput');
    for (const v of input.grad!.data) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('loss input checks', () => {
  test('shape mismatch names both shapes', () => {
    const x = tensor([[1], [2]]);
    expect(() => mseLoss(x, tensor([1, 2]))).toThrow(
      /mseLoss: input of shape \[2, 1\] and target of shape \[2\] differ/,
    );
  });
  test('bad reduction, class index out of range, wrong target count, probabilities outside [0, 1]', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => mseLoss(x, x, { reduction: 'avg' as Reduction })).toThrow(
      /reduction must be one of 'mean', 'sum', 'none', got "avg"/,
    );
    expect(() => crossEntropyLoss(x, [3])).toThrow(/target 0 is 3, not a class index in \[0, 2\]/);
    expect(() => crossEntropyLoss(x, [0, 1])).toThrow(/2 targets for an input of shape \[1, 3\]/);
    expect(() => nllLoss(tensor([[[1]]]), [0])).toThrow(/must be \[batch, classes\]/);
    expect(() => bceLoss(tensor([0.5, 1.5]), tensor([1, 0]))).toThrow(/element 1 is 1.5, outside \[0, 1\]/);
    const t = tensor([1, 0], { requiresGrad: true });
    expect(() => bceWithLogitsLoss(tensor([0.5, 1.5]), t)).toThrow(/target requires a gradient/);
  });
  test('mseLoss differentiates its target too; float32 stays float32', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([0, 4], { requiresGrad: true });
    const loss = mseLoss(x, y);
    expect(loss.dtype).toBe('float32');
    loss.backward();
    expect(Array.from(x.grad!.data)).toEqual([1, -2]);
    expect(Array.from(y.grad!.data)).toEqual([-1, 2]);
  });
  test('class targets may be a Tensor or an Int32Array; a 1-D input is one sample', () => {
    const logits = tensor([0.5, -1, 2], { dtype: 'float64' });
    const a = crossEntropyLoss(logits, [2]).item();
    expect(crossEntropyLoss(logits, new Int32Array([2])).item()).toBe(a);
    expect(crossEntropyLoss(logits, tensor([2])).item()).toBe(a);
    expect(crossEntropyLoss(logits, [2], { reduction: 'none' }).shape).toEqual([]);
  });
});
