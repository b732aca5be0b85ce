/**
 * The bench's own seeded generator (mulberry32), so inputs are identical for every contender and every run
 * without depending on @actlab/kernels, which may not have landed when the tfjs side runs.
 */
export class BenchRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextFloat(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  integer(low: number, high: number): number {
    return low + Math.floor((high - low) * this.nextFloat());
  }

  fillUniform(out: Float32Array, low: number, high: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform(low, high);
    return out;
  }
}

export function uniformArray(n: number, low: number, high: number, seed: number): Float32Array {
  return new BenchRandom(seed).fillUniform(new Float32Array(n), low, high);
}
