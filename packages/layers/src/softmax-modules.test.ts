import { logSoftmax, softmax, tensor } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import { Linear } from './linear';
import { crossEntropyLoss, nllLoss } from './losses';
import { Sequential } from './module';
import { LogSoftmax, Softmax } from './softmax-modules';

const x = tensor(
  [
    [
      [1, 2],
      [3, -1],
    ],
    [
      [0, 0],
      [5, 4],
    ],
  ],
  { dtype: 'float64', requiresGrad: true },
);

describe('Softmax and LogSoftmax modules', () => {
  test.each([0, 1, 2, -1])('dim %i gives softmax / logSoftmax along that axis, with gradients', (dim) => {
    expect(new Softmax({ dim }).forward(x).toArray()).toEqual(softmax(x, dim).toArray());
    expect(new LogSoftmax({ dim }).forward(x).toArray()).toEqual(logSoftmax(x, dim).toArray());
    const y = new Softmax({ dim }).forward(x);
    const sums = y.sum(dim).data;
    for (const s of sums) expect(s).toBeCloseTo(1, 14);
  });

  test("without dim: PyTorch's implicit axis where it is the last one, an Error from rank 3", () => {
    const m = tensor([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    expect(new Softmax().forward(m).toArray()).toEqual(softmax(m, 1).toArray());
    expect(new LogSoftmax().forward(tensor([1, 2])).toArray()).toEqual(logSoftmax(tensor([1, 2]), 0).toArray());
    expect(() => new Softmax().forward(x)).toThrow(
      /Softmax: no dim given for an input of rank 3; pass new Softmax\(\{ dim \}\)/,
    );
  });

  test('print as PyTorch, hold no parameters, refuse bad options', () => {
    expect(new Softmax({ dim: 1 }).toString()).toBe('Softmax(dim=1)');
    expect(new LogSoftmax().toString()).toBe('LogSoftmax(dim=None)');
    expect(new Softmax({ dim: -1 }).parameters()).toEqual([]);
    expect(() => new Softmax({ axis: 1 } as object)).toThrow(/Softmax: unknown option 'axis'. Valid options: dim/);
    const positional: unknown = 1;
    expect(() => new LogSoftmax(positional as object)).toThrow(/LogSoftmax: options must be an object/);
    expect(() => new Softmax({ dim: 0.5 })).toThrow(/Softmax: options.dim must be an integer/);
    expect(() => new Softmax({ dim: 3 }).forward(x)).toThrow(/softmax/);
  });

  test('LogSoftmax + nllLoss in a Sequential equals crossEntropyLoss on the logits', () => {
    const lin = new Linear(3, 4, { dtype: 'float64' });
    const input = tensor(
      [
        [0.5, -1, 2],
        [1, 1, 1],
      ],
      { dtype: 'float64' },
    );
    const model = new Sequential(lin, new LogSoftmax({ dim: 1 }));
    const a = nllLoss(model.forward(input), [3, 0]).item();
    const b = crossEntropyLoss(lin.forward(input), [3, 0]).item();
    expect(a).toBeCloseTo(b, 14);
  });
});
