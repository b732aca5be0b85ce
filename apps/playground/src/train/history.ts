/** A chart's worth of a history: the epochs and, per series, the values at them. */
export interface SeriesSnapshot {
  readonly epochs: number[];
  readonly values: number[][];
}

/**
 * Values of several series over epochs, in bounded memory at any epoch count: every epoch below `full`, then every
 * `stride`-th, the stride doubling whenever more than `cap` points are kept; the latest point is always kept.
 */
export class History {
  private epochs: number[] = [];
  private values: number[][];
  private stride = 1;
  private tail: { epoch: number; values: number[] } | null = null;

  constructor(
    readonly series: number,
    private readonly full = 200,
    private readonly cap = 2000,
  ) {
    this.values = Array.from({ length: series }, () => []);
  }

  private keeps(epoch: number): boolean {
    return epoch < this.full || epoch % this.stride === 0;
  }

  push(epoch: number, values: ArrayLike<number>): void {
    if (values.length !== this.series) {
      throw new Error(`History.push: ${values.length} values for ${this.series} series`);
    }
    const last = this.lastEpoch();
    if (last !== null && epoch <= last) {
      throw new Error(`History.push: epoch ${epoch} after epoch ${last}; epochs must increase`);
    }
    this.tail = null;
    if (!this.keeps(epoch)) {
      this.tail = { epoch, values: Array.from(values) };
      return;
    }
    this.epochs.push(epoch);
    for (let s = 0; s < this.series; s++) this.values[s].push(values[s]);
    if (this.epochs.length > this.cap) this.compact();
  }

  private compact(): void {
    this.stride *= 2;
    const keep: number[] = [];
    for (let i = 0; i < this.epochs.length; i++)
      if (this.keeps(this.epochs[i]) || i === this.epochs.length - 1) keep.push(i);
    this.epochs = keep.map((i) => this.epochs[i]);
    this.values = this.values.map((v) => keep.map((i) => v[i]));
  }

  lastEpoch(): number | null {
    return this.tail?.epoch ?? this.epochs[this.epochs.length - 1] ?? null;
  }

  /** The latest value of series `s` (NaN when empty). */
  latest(s: number): number {
    if (this.tail !== null) return this.tail.values[s];
    return this.values[s][this.values[s].length - 1] ?? Number.NaN;
  }

  /** Points kept (the memory bound). */
  get size(): number {
    return this.epochs.length + (this.tail === null ? 0 : 1);
  }

  /**
   * At most `max` points for a chart whose x axis is log(1 + epoch): the first kept point in each of `max − 1`
   * equal slices of that axis, and the latest.
   */
  select(max: number): SeriesSnapshot {
    const all = this.tail === null ? this.epochs : [...this.epochs, this.tail.epoch];
    const value = (s: number, i: number) => (i < this.epochs.length ? this.values[s][i] : (this.tail?.values[s] ?? 0));
    const n = all.length;
    const picked: number[] = [];
    if (n > 0) {
      const span = Math.log1p(all[n - 1]) || 1;
      let lastBucket = -1;
      for (let i = 0; i < n - 1; i++) {
        const bucket = Math.floor((Math.log1p(all[i]) / span) * (max - 1));
        if (bucket === lastBucket) continue;
        lastBucket = bucket;
        picked.push(i);
      }
      picked.push(n - 1);
    }
    return {
      epochs: picked.map((i) => all[i]),
      values: Array.from({ length: this.series }, (_, s) => picked.map((i) => value(s, i))),
    };
  }
}
