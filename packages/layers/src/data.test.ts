import { arange, Tensor, tensor, zeros } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { DataLoader, TensorDataset } from './data';
import { manualSeed } from './init';
import { crossEntropyLoss } from './losses';

const x = arange(0, 20, 1, { dtype: 'float64' }).reshape([10, 2]); // row i = [2i, 2i + 1]
const y = arange(0, 10, 1);
const dataset = () => new TensorDataset(x, y);
const firstColumn = (t: { data: ArrayLike<number> }) => Array.from(t.data).filter((_, i) => i % 2 === 0);

describe('TensorDataset', () => {
  test('samples are rows of every tensor', () => {
    const d = dataset();
    expect(d.length).toBe(10);
    const [xi, yi] = d.at(3);
    expect(xi.shape).toEqual([2]);
    expect(Array.from(xi.data)).toEqual([6, 7]);
    expect(xi.dtype).toBe('float64');
    expect(yi.shape).toEqual([]);
    expect(yi.item()).toBe(3);
    expect(d.at(-1)[1].item()).toBe(9);
  });

  test('checks', () => {
    expect(() => new TensorDataset()).toThrow(/pass at least one tensor/);
    expect(() => new TensorDataset(x, arange(0, 9, 1))).toThrow(/argument 0 has 10 rows, argument 1 has 9/);
    expect(() => new TensorDataset(x, tensor(3))).toThrow(/argument 1 is a 0-d tensor/);
    expect(() => new TensorDataset(x, [1, 2] as never)).toThrow(/argument 1 is an array of length 2, not a Tensor/);
    expect(() => dataset().at(10)).toThrow(/TensorDataset.at: index 10 is out of range for 10 samples/);
  });
});

describe('DataLoader', () => {
  test('batches in order, the last one smaller; dropLast drops it; length counts batches', () => {
    const loader = new DataLoader(dataset(), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map(([xb, yb]) => [xb.shape, yb.shape])).toEqual([
      [[4, 2], [4]],
      [[4, 2], [4]],
      [[2, 2], [2]],
    ]);
    expect(Array.from(batches[2]![0].data)).toEqual([16, 17, 18, 19]);
    expect(batches[0]![0].dtype).toBe('float64');
    const dropping = new DataLoader(dataset(), { batchSize: 4, dropLast: true });
    expect(dropping.length).toBe(2);
    expect([...dropping]).toHaveLength(2);
    expect([...new DataLoader(dataset())]).toHaveLength(10); // batchSize 1 by default, as PyTorch
  });

  test('shuffle: each epoch a permutation from the generator, rows kept together, reproducible by seed', () => {
    const epochs = (seed: number) => {
      const loader = new DataLoader(dataset(), { batchSize: 3, shuffle: true, generator: new Random(seed) });
      return [0, 1].map(() =>
        [...loader].flatMap(([xb, yb]) => {
          // rows stay whole: x row i is [2i, 2i + 1] and goes with label i
          expect(firstColumn(xb)).toEqual(Array.from(yb.data, (v) => 2 * v));
          return Array.from(yb.data);
        }),
      );
    };
    const [a, b] = epochs(5);
    expect([...a!].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a).not.toEqual(b);
    expect(epochs(5)).toEqual([a, b]);
    expect(epochs(6)[0]).not.toEqual(a);
    // the order is the generator's permutation, drawn when the epoch's iteration starts
    expect(a).toEqual(Array.from(new Random(5).permutation(10)));
  });

  test('without a generator, shuffling follows manualSeed', () => {
    const loader = new DataLoader(dataset(), { batchSize: 10, shuffle: true });
    manualSeed(3);
    const a = [...loader][0]![1].data;
    manualSeed(3);
    const b = [...loader][0]![1].data;
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  test('stateDict mid-epoch resumes the same epoch in the same order, then continues as an unbroken run', () => {
    const run = (interruptAt: number | null) => {
      const rng = new Random(9);
      let loader = new DataLoader(dataset(), { batchSize: 3, shuffle: true, generator: rng });
      const seen: number[][] = [];
      let count = 0;
      // 3 epochs of 4 batches; each for…of is one epoch (or the rest of a resumed one)
      while (count < 12) {
        for (const [, yb] of loader) {
          seen.push(Array.from(yb.data));
          if (++count === interruptAt) {
            const saved = { loader: loader.stateDict(), rng: rng.getState() };
            // a new process: fresh objects, restored
            const rng2 = new Random(123).setState(saved.rng);
            loader = new DataLoader(dataset(), { batchSize: 3, shuffle: true, generator: rng2 });
            loader.loadStateDict(saved.loader);
            break;
          }
        }
      }
      return seen;
    };
    const whole = run(null);
    expect(run(6)).toEqual(whole);
    expect(run(2)).toEqual(whole);
    expect(run(4)).toEqual(whole); // at an epoch boundary (4 batches per epoch)
  });

  test('loadStateDict checks everything first', () => {
    const loader = new DataLoader(dataset(), { batchSize: 3, shuffle: true, generator: new Random(1) });
    const it = loader[Symbol.iterator]();
    it.next();
    const saved = loader.stateDict();
    expect(saved.nextBatch).toBe(1);
    expect(saved.order).toHaveLength(10);
    const other = new DataLoader(dataset(), { batchSize: 4, shuffle: true });
    expect(() => other.loadStateDict(saved)).toThrow(/saved with batchSize = 3, this loader has 4/);
    const bad = Int32Array.from(saved.order!);
    bad[0] = bad[1]!;
    expect(() => loader.loadStateDict({ ...saved, order: bad })).toThrow(/order is not a permutation of 0…9/);
    expect(() => loader.loadStateDict({ ...saved, nextBatch: 4 })).toThrow(/nextBatch must be an integer in \[0, 3\]/);
    expect(() => loader.loadStateDict({ ...saved, order: null })).toThrow(/mid-epoch .* but has no order/);
    expect(() => loader.loadStateDict({ ...saved, extra: 1 } as never)).toThrow(/unknown option 'extra'/);
  });

  test('edge sizes: batchSize above the dataset, an empty dataset, a dataset of one', () => {
    const big = new DataLoader(dataset(), { batchSize: 64 });
    expect(big.length).toBe(1);
    expect([...big].map(([xb, yb]) => [xb.shape, yb.shape])).toEqual([[[10, 2], [10]]]);
    const dropping = new DataLoader(dataset(), { batchSize: 64, dropLast: true, shuffle: true });
    expect([dropping.length, [...dropping].length]).toEqual([0, 0]); // as PyTorch: len 0, no batch
    const empty = new DataLoader(new TensorDataset(zeros([0, 3]), zeros([0])), { batchSize: 4, shuffle: true });
    expect([empty.length, [...empty].length]).toEqual([0, 0]);
    empty.loadStateDict(empty.stateDict());
    const one = [...new DataLoader(new TensorDataset(zeros([1, 3]), zeros([1])), { batchSize: 4, shuffle: true })];
    expect(one.map(([xb]) => xb.shape)).toEqual([[1, 3]]);
  });

  test('batches are fresh constants: no gradient flows back into the dataset, float64 stays float64', () => {
    const x64 = arange(0, 12, 1, { dtype: 'float64', requiresGrad: true }).reshape([6, 2]);
    const [xb] = [...new DataLoader(new TensorDataset(x64), { batchSize: 4 })][0]!;
    expect([xb.dtype, xb.requiresGrad]).toEqual(['float64', false]);
    xb.data[0] = 99;
    expect(x64.data[0]).toBe(0);
  });

  test('class labels: an Int32Array wrapped as a tensor feeds crossEntropyLoss; unwrapped it is a clear Error', () => {
    const labels = Int32Array.of(0, 2, 1, 2);
    expect(() => new TensorDataset(zeros([4, 3]), labels as never)).toThrow(
      /argument 1 is Int32Array\(4\), not a Tensor; wrap it as new Tensor\(Float32Array.from\(values\), \[n\]\)/,
    );
    const logits = tensor([
      [2, 0, 0],
      [0, 0, 3],
      [0, 1, 0],
      [1, 1, 4],
    ]);
    const loader = new DataLoader(new TensorDataset(logits, new Tensor(Float32Array.from(labels), [4])), {
      batchSize: 3,
    });
    const losses = [...loader].map(([xb, yb]) => crossEntropyLoss(xb, yb, { reduction: 'sum' }).item());
    const all = crossEntropyLoss(logits, labels, { reduction: 'sum' }).item();
    expect(losses).toHaveLength(2);
    expect(losses[0]! + losses[1]!).toBeCloseTo(all, 6);
  });

  test('options are checked', () => {
    expect(() => new DataLoader(dataset(), { batchSize: 0 })).toThrow(
      /DataLoader: batchSize must be an integer ≥ 1, got 0/,
    );
    expect(() => new DataLoader(dataset(), { batch_size: 4 } as never)).toThrow(
      /unknown option 'batch_size'. Valid options: batchSize, shuffle, generator, dropLast/,
    );
    expect(() => new DataLoader(dataset(), { shuffle: 1 } as never)).toThrow(/shuffle must be true or false/);
    expect(() => new DataLoader(dataset(), { generator: 42 } as never)).toThrow(/generator must be a Random/);
    expect(() => new DataLoader([x, y] as never)).toThrow(/expected a TensorDataset/);
  });
});
