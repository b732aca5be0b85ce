import { Tensor } from '@actlab/autograd';
import { checkBoolean, checkInteger, checkOptions, describeValue, type FloatArray, Random } from '@actlab/kernels';
import { getDefaultGenerator } from './init';

/**
 * Batching, PyTorch's `torch.utils.data.TensorDataset` and `DataLoader` for tensors in memory: no Node APIs, so it
 * runs the same in Node and in the browser. A batch gathers whole rows with one `set` of a contiguous slice per row
 * (one assignment per row when a row is a single value), never a closure per element.
 */

/**
 * Tensors sharing their first dimension, sample i being row i of each (PyTorch's TensorDataset).
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { TensorDataset } from '@actlab/layers';
 *
 * const data = new TensorDataset(tensor([[0, 1], [2, 3], [4, 5]]), tensor([7, 8, 9]));
 * const [x, y] = data.at(1);
 * console.log(data.length, x.toArray().join(' '), y.item()); // 3 2 3 8
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> {
  readonly tensors: T;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new Error('TensorDataset: pass at least one tensor, e.g. new TensorDataset(x, y)');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) {
        // Class labels often come as an Int32Array or a list: say how to make them a tensor the losses read.
        const hint =
          ArrayBuffer.isView(t) || Array.isArray(t)
            ? '; wrap it as new Tensor(Float32Array.from(values), [n]) — class indices as whole numbers, which ' +
              'crossEntropyLoss and nllLoss read as such'
            : '';
        throw new Error(`TensorDataset: argument ${i} is ${describeValue(t)}, not a Tensor${hint}`);
      }
      if (t.shape.length === 0) {
        throw new Error(`TensorDataset: argument ${i} is a 0-d tensor; samples are rows, so give it a first dimension`);
      }
    });
    const n = tensors[0]!.shape[0]!;
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) {
        throw new Error(
          `TensorDataset: size mismatch between tensors: argument 0 has ${n} rows, argument ${i} has ` +
            `${t.shape[0]} (shape [${t.shape.join(', ')}]); every tensor needs the same first dimension`,
        );
      }
    });
    this.tensors = tensors;
  }

  /** Number of samples (rows). */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Sample `index` (negative counts from the end): row `index` of each tensor, as copies. */
  at(index: number): T {
    checkInteger('TensorDataset.at', 'index', index, Number.MIN_SAFE_INTEGER);
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) throw new Error(`TensorDataset.at: index ${index} is out of range for ${n} samples`);
    return this.tensors.map((t) => gather(t, Int32Array.of(i), 0, 1, false).reshape(t.shape.slice(1))) as T;
  }
}

/** Options of `DataLoader`. */
export interface DataLoaderOptions {
  /** Samples per batch (an integer ≥ 1); default 1, as PyTorch. */
  batchSize?: number | undefined;
  /** Draw a new order every epoch; default false. */
  shuffle?: boolean | undefined;
  /** Where shuffling draws from; default the package's default generator (see `manualSeed`), read each epoch. */
  generator?: Random | undefined;
  /** Drop the last batch when it is smaller than `batchSize`; default false. */
  dropLast?: boolean | undefined;
}

/**
 * Where a DataLoader is in its epoch, to resume mid-epoch: `order` (the epoch's shuffled sample order, null when not
 * shuffling or between epochs) and `nextBatch` (batches already yielded; 0 between epochs), with the options and
 * dataset size it belongs to. Between epochs the generator's state is all that matters (save it too).
 */
export interface DataLoaderStateDict {
  size: number;
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
  nextBatch: number;
  order: Int32Array | null;
}

/** Copy rows `order[start…end)` of `t` into a new tensor (a plain slice when `contiguous`). */
function gather(t: Tensor, order: Int32Array | null, start: number, end: number, contiguous: boolean): Tensor {
  const rows = end - start;
  const n = t.shape[0]!;
  const rowSize = n === 0 ? 0 : t.size / n;
  const src = t.data;
  let out: FloatArray;
  if (contiguous || order === null) {
    out = src.slice(start * rowSize, end * rowSize);
  } else {
    out = src instanceof Float64Array ? new Float64Array(rows * rowSize) : new Float32Array(rows * rowSize);
    if (rowSize === 1) {
      for (let j = 0; j < rows; j++) out[j] = src[order[start + j]!]!;
    } else {
      for (let j = 0; j < rows; j++) {
        const r = order[start + j]!;
        out.set(src.subarray(r * rowSize, (r + 1) * rowSize), j * rowSize);
      }
    }
  }
  const shape = [rows, ...t.shape.slice(1)];
  return new Tensor(out, shape);
}

/** One epoch's pass, as `for…of` gets it from `DataLoader[Symbol.iterator]()`. */
class DataLoaderIterator<T extends Tensor[]> implements IterableIterator<T> {
  constructor(
    private readonly loader: DataLoader<T>,
    private readonly tensors: T,
    readonly order: Int32Array | null,
    public nextBatch: number,
  ) {}

  next(): IteratorResult<T> {
    const { batchSize, numBatches } = this.loader;
    if (this.nextBatch >= numBatches) return { done: true, value: undefined };
    const n = this.loader.dataset.length;
    const start = this.nextBatch * batchSize;
    const end = Math.min(n, start + batchSize);
    const batch = this.tensors.map((t) => gather(t, this.order, start, end, this.order === null)) as T;
    this.nextBatch++;
    return { done: false, value: batch };
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}

/**
 * Batches of a TensorDataset, PyTorch's DataLoader: iterate it once per epoch (`for (const [x, y] of loader)`);
 * each batch holds `batchSize` rows of every tensor (the last may be smaller unless `dropLast`). With `shuffle`, each
 * epoch draws a permutation from `generator` when its iteration starts, so a seeded generator gives the same
 * batches on every run. `stateDict()` records the position in the current epoch for a mid-epoch checkpoint.
 *
 * @example
 * ```ts
 * import { arange } from '@actlab/autograd';
 * import { Random } from '@actlab/kernels';
 * import { DataLoader, TensorDataset } from '@actlab/layers';
 *
 * const x = arange(0, 10).reshape([5, 2]); // row i is [2i, 2i + 1]
 * const y = arange(0, 5);
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 2, shuffle: true, generator: new Random(0) });
 * const epochs: string[] = [];
 * for (let epoch = 0; epoch < 2; epoch++) {
 *   const batches = [...loader].map(([xb, yb]) => `[${Array.from(yb.data).join(',')}]`);
 *   epochs.push(`epoch ${epoch}: ${batches.join(' ')} (${loader.length} batches)`);
 * }
 * console.log(epochs.join('\n'));
 * // epoch 0: [3,1] [0,2] [4] (3 batches)
 * // epoch 1: [2,3] [0,1] [4] (3 batches)
 * ```
 */
export class DataLoader<T extends Tensor[] = Tensor[]> implements Iterable<T> {
  readonly dataset: TensorDataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  /** The caller's generator; null means the package default, looked up each epoch (it follows `manualSeed`). */
  readonly generator: Random | null;
  #current: DataLoaderIterator<T> | null = null;
  #resume: { order: Int32Array | null; nextBatch: number } | null = null;

  constructor(dataset: TensorDataset<T>, options?: DataLoaderOptions) {
    const op = 'DataLoader';
    if (!(dataset instanceof TensorDataset)) {
      throw new Error(`${op}: expected a TensorDataset (new TensorDataset(x, y)), got ${describeValue(dataset)}`);
    }
    checkOptions(op, options, ['batchSize', 'shuffle', 'generator', 'dropLast']);
    const { batchSize = 1, shuffle = false, generator, dropLast = false } = options ?? {};
    checkInteger(op, 'batchSize', batchSize, 1);
    checkBoolean(op, 'shuffle', shuffle);
    checkBoolean(op, 'dropLast', dropLast);
    if (generator !== undefined && !(generator instanceof Random)) {
      throw new Error(`${op}: generator must be a Random (new Random(seed)), got ${describeValue(generator)}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator ?? null;
  }

  /** Batches per epoch (PyTorch's `len(loader)`). */
  get length(): number {
    return this.numBatches;
  }

  /** @internal */
  get numBatches(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Start an epoch (or resume the one a loaded state was in). */
  [Symbol.iterator](): IterableIterator<T> {
    const resume = this.#resume;
    this.#resume = null;
    let it: DataLoaderIterator<T>;
    if (resume !== null) {
      it = new DataLoaderIterator(this, this.dataset.tensors, resume.order, resume.nextBatch);
    } else {
      const order = this.shuffle ? (this.generator ?? getDefaultGenerator()).permutation(this.dataset.length) : null;
      it = new DataLoaderIterator(this, this.dataset.tensors, order, 0);
    }
    this.#current = it;
    return it;
  }

  /**
   * The position in the current epoch (see `DataLoaderStateDict`): taken between two batches, it lets
   * `loadStateDict` resume with the remaining batches of that epoch, in the same order.
   */
  stateDict(): DataLoaderStateDict {
    const it = this.#resume ?? this.#current;
    const inEpoch = it !== null && it.nextBatch < this.numBatches;
    return {
      size: this.dataset.length,
      batchSize: this.batchSize,
      shuffle: this.shuffle,
      dropLast: this.dropLast,
      nextBatch: inEpoch ? it.nextBatch : 0,
      order: inEpoch && it.order !== null ? Int32Array.from(it.order) : null,
    };
  }

  /** Resume from `stateDict()` of a loader with the same dataset size and options (checked in full first). */
  loadStateDict(state: DataLoaderStateDict): void {
    this.prepareLoadStateDict(state)();
  }

  /** The checks of `loadStateDict`, and a function that then applies it. @internal */
  prepareLoadStateDict(state: unknown): () => void {
    const op = 'DataLoader.loadStateDict';
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new Error(`${op}: expected a state from stateDict(), got ${describeValue(state)}`);
    }
    checkOptions(op, state, ['size', 'batchSize', 'shuffle', 'dropLast', 'nextBatch', 'order']);
    const s = state as Partial<DataLoaderStateDict>;
    const own: Record<string, unknown> = {
      size: this.dataset.length,
      batchSize: this.batchSize,
      shuffle: this.shuffle,
      dropLast: this.dropLast,
    };
    for (const key of Object.keys(own)) {
      if ((s as Record<string, unknown>)[key] !== own[key]) {
        throw new Error(
          `${op}: the state was saved with ${key} = ${describeValue((s as Record<string, unknown>)[key])}, this ` +
            `loader has ${describeValue(own[key])}; build the loader as it was built`,
        );
      }
    }
    checkInteger(op, 'nextBatch', s.nextBatch, 0, Math.max(0, this.numBatches - 1));
    const n = this.dataset.length;
    let order: Int32Array | null = null;
    if (s.order !== null && s.order !== undefined) {
      if (!this.shuffle) throw new Error(`${op}: the state has a sample order, but this loader does not shuffle`);
      const o: unknown = s.order;
      if (!(o instanceof Int32Array) || o.length !== n) {
        throw new Error(`${op}: order must be an Int32Array of the ${n} sample indices, got ${describeValue(o)}`);
      }
      // A permutation of 0…n−1, or a batch would read outside the data or repeat samples.
      const seen = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const v = o[i]!;
        if (v < 0 || v >= n || seen[v] === 1) {
          throw new Error(`${op}: order is not a permutation of 0…${n - 1} (entry ${i} is ${v})`);
        }
        seen[v] = 1;
      }
      order = Int32Array.from(o);
    } else if (this.shuffle && s.nextBatch > 0) {
      throw new Error(
        `${op}: the state is mid-epoch (nextBatch ${s.nextBatch}) of a shuffling loader but has no order`,
      );
    }
    const nextBatch = s.nextBatch;
    return () => {
      this.#resume = nextBatch === 0 && order === null ? null : { order, nextBatch };
      this.#current = null;
    };
  }
}
