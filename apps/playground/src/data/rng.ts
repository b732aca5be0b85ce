/**
 * The seeded random stream the playground draws from. It is the subset of `Random` from
 * `@actlab/kernels` that datasets and training need, so the kernels generator plugs in unchanged.
 */
export interface Rng {
  uniform(low?: number, high?: number): number;
  normal(mean?: number, std?: number): number;
  permutation(n: number): Int32Array;
}

/**
 * A stop-gap seeded generator (mulberry32 + Box–Muller) used until `Random` from `@actlab/kernels`
 * is available. Same seed, same stream, on every engine that implements IEEE doubles.
 */
export class SeededRng implements Rng {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.next();
  }

  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }
}

export function createRng(seed: number): Rng {
  return new SeededRng(seed);
}
