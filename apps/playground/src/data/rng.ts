import { Random } from '@actlab/kernels';

/**
 * The seeded random stream the playground draws from: the subset of `Random` from `@actlab/kernels` that datasets
 * and training need. Same seed, same numbers, in Node and in every browser.
 */
export interface Rng {
  uniform(low?: number, high?: number): number;
  normal(mean?: number, std?: number): number;
  permutation(n: number): Int32Array;
}

export function createRng(seed: number): Rng {
  return new Random(seed);
}
