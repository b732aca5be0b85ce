/**
 * A seeded pseudo-random generator that yields the same numbers on every platform and JavaScript engine.
 *
 * Algorithm:
 * - Core: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c), 128-bit state,
 *   32-bit outputs, period 2^128 - 1.
 * - Seeding: the seed is taken modulo 2^32 and fed to splitmix32 (state += 0x9e3779b9; z = state;
 *   z = (z ^ z >>> 16) * 0x21f0aaad; z = (z ^ z >>> 15) * 0x735a2d97; z ^= z >>> 15), whose first four outputs
 *   are the xoshiro state. splitmix32's mixer is a bijection, so the state is never all zero.
 * - uniform(): 53 random bits from two outputs, (a >>> 5) * 2^26 + (b >>> 6), divided by 2^53: a double in [0, 1).
 *   fillUniform on a Float32Array uses one output per element, (a >>> 8) / 2^24, which float32 holds exactly.
 * - normal(): Marsaglia's polar method on two uniform() draws in (-1, 1) each; pairs are cached (the second
 *   value of a pair is returned by the next call). The logarithm it needs is computed here from +, -, *, / only
 *   (ECMAScript pins those, and Math.sqrt, to IEEE 754 but not Math.log), so every engine gives identical bits.
 * - integer(low, high): unbiased, by rejection (no modulo bias).
 * - shuffle/permutation: Fisher–Yates from the last element down, j = integer(0, i + 1).
 */
import { checkFloatArray, describeValue } from './checks';
import type { FloatArray } from './types';

const TWO_POW_26 = 67108864;
const TWO_POW_53_INV = 1 / 9007199254740992;
const TWO_POW_24_INV = 1 / 16777216;
const TWO_POW_32 = 4294967296;
/** Length of `getState()`: four xoshiro words, the cached-normal flag, the cached normal's two halves. */
const STATE_WORDS = 7;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// fdlibm's split of ln 2: LN2_HI has trailing zero bits, so e * LN2_HI is exact for |e| < 2^11.
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
const SQRT2 = Math.SQRT2;
const SQRT1_2 = Math.SQRT1_2;
const TWO_POW_M32 = 2.3283064365386963e-10;

/**
 * Natural logarithm of a positive finite `x` from IEEE basic arithmetic alone: x = m * 2^e with m in
 * [1/sqrt 2, sqrt 2), log m = 2 atanh(f), f = (m - 1) / (m + 1), |f| <= 0.1716, summed as an odd series to
 * f^25 (the next term is below 1e-20 relative). Accurate to about one unit in the last place.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) {
    if (x === 0) return Number.NEGATIVE_INFINITY;
    return x === Number.POSITIVE_INFINITY ? x : Number.NaN;
  }
  let e = 0;
  while (x < TWO_POW_M32) {
    x *= TWO_POW_32;
    e -= 32;
  }
  while (x >= TWO_POW_32) {
    x *= TWO_POW_M32;
    e += 32;
  }
  while (x < SQRT1_2) {
    x *= 2;
    e--;
  }
  while (x >= SQRT2) {
    x *= 0.5;
    e++;
  }
  const f = (x - 1) / (x + 1);
  const f2 = f * f;
  // 1 + f2/3 + f2^2/5 + ... + f2^12/25, Horner form.
  let p = 1 / 25;
  p = p * f2 + 1 / 23;
  p = p * f2 + 1 / 21;
  p = p * f2 + 1 / 19;
  p = p * f2 + 1 / 17;
  p = p * f2 + 1 / 15;
  p = p * f2 + 1 / 13;
  p = p * f2 + 1 / 11;
  p = p * f2 + 1 / 9;
  p = p * f2 + 1 / 7;
  p = p * f2 + 1 / 5;
  p = p * f2 + 1 / 3;
  const logM = 2 * f + 2 * f * (f2 * p);
  return e * LN2_HI + (logM + e * LN2_LO);
}

function checkFiniteRange(op: string, low: number, high: number): void {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new Error(
      `Random.${op}: range [${describeValue(low)}, ${describeValue(high)}) is invalid; pass finite numbers with ` +
        'low <= high',
    );
  }
}

function checkMeanStd(op: string, mean: number, std: number): void {
  if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
    throw new Error(
      `Random.${op}: mean ${describeValue(mean)}, std ${describeValue(std)} are invalid; pass finite numbers with ` +
        'std >= 0 (a standard deviation is never negative)',
    );
  }
}

/** A seeded xoshiro128** generator: uniform, normal, integer and shuffling draws (algorithm in the module comment). */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  /** `seed`: any integer (taken modulo 2^32). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`Random: seed ${describeValue(seed)} is not a safe integer; pass an integer such as 42`);
    }
    const words = new Uint32Array(4);
    let sm = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      sm = (sm + 0x9e3779b9) >>> 0;
      let z = sm;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      words[i] = z ^ (z >>> 15);
    }
    this.s0 = words[0]! | 0;
    this.s1 = words[1]! | 0;
    this.s2 = words[2]! | 0;
    this.s3 = words[3]! | 0;
  }

  /** The next raw 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** A double uniform in [low, high) (default [0, 1)), with 53 random bits. */
  uniform(low = 0, high = 1): number {
    // The default range (Dropout draws one per element) costs two comparisons; any other is checked.
    const unit = low === 0 && high === 1;
    if (!unit) checkFiniteRange('uniform', low, high);
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    const u = (a * TWO_POW_26 + b) * TWO_POW_53_INV;
    return unit ? u : low + (high - low) * u;
  }

  /** A normal deviate (Marsaglia's polar method; see the module comment). */
  normal(mean = 0, std = 1): number {
    if (!(mean === 0 && std === 1)) checkMeanStd('normal', mean, std);
    return this.#normalUnchecked(mean, std);
  }

  /** `normal` without the check of mean and std, for fillNormal, which checks them once. */
  #normalUnchecked(mean: number, std: number): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + std * this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * portableLog(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return mean + std * (u * f);
  }

  /** An integer uniform in [low, high), without modulo bias. Needs integers with 0 < high - low <= 2^53. */
  integer(low: number, high: number): number {
    const range = high - low;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || !(range >= 1) || range > 2 ** 53) {
      throw new Error(
        `Random.integer: [${low}, ${high}) is not a non-empty integer range; pass safe integers with low < high`,
      );
    }
    if (range <= TWO_POW_32) {
      // Reject the lowest 2^32 mod range outputs so every residue is equally likely.
      const threshold = (TWO_POW_32 - range) % range;
      let x = this.nextUint32();
      while (x < threshold) x = this.nextUint32();
      return low + (x % range);
    }
    const limit = 2 ** 53 - (2 ** 53 % range);
    for (;;) {
      const x = (this.nextUint32() >>> 5) * TWO_POW_26 + (this.nextUint32() >>> 6);
      if (x < limit) return low + (x % range);
    }
  }

  /** Shuffle `items` in place (Fisher–Yates) and return it. */
  shuffle<T>(items: T[]): T[] {
    if (!Array.isArray(items)) {
      throw new Error(`Random.shuffle: items must be an array (shuffled in place), got ${describeValue(items)}`);
    }
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
      throw new Error(`Random.permutation: n = ${describeValue(n)} is not an integer in [0, 2^31); pass a length`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const tmp = p[i]!;
      p[i] = p[j]!;
      p[j] = tmp;
    }
    return p;
  }

  /**
   * Fill `out` with uniform values in [low, high). A Float32Array gets 24 random bits per element; after
   * rounding to float32 a value may equal `high` when the range is not [0, 1).
   */
  fillUniform(out: FloatArray, low = 0, high = 1): FloatArray {
    checkFloatArray('Random.fillUniform', 'out', out);
    checkFiniteRange('fillUniform', low, high);
    const width = high - low;
    if (out instanceof Float32Array) {
      for (let i = 0; i < out.length; i++) out[i] = low + width * ((this.nextUint32() >>> 8) * TWO_POW_24_INV);
    } else {
      for (let i = 0; i < out.length; i++) out[i] = low + width * this.uniform();
    }
    return out;
  }

  /** Fill `out` with normal deviates; the same stream as repeated normal() calls. */
  fillNormal(out: FloatArray, mean = 0, std = 1): FloatArray {
    checkFloatArray('Random.fillNormal', 'out', out);
    checkMeanStd('fillNormal', mean, std);
    for (let i = 0; i < out.length; i++) out[i] = this.#normalUnchecked(mean, std);
    return out;
  }

  /**
   * The generator's whole state as 7 unsigned 32-bit words — the four xoshiro words, whether a normal deviate is
   * cached (0 or 1), and that cached double's low and high 32 bits — so `setState` continues the stream bit for bit
   * (PyTorch's `Generator.get_state`). The array is a copy; it survives JSON as `Array.from(state)`.
   *
   * @example
   * ```ts
   * import { Random } from '@actlab/kernels';
   *
   * const rng = new Random(7);
   * const saved = rng.getState();
   * const a = [rng.uniform(), rng.normal()];
   * rng.setState(saved);
   * const b = [rng.uniform(), rng.normal()];
   * console.log(a.join() === b.join(), saved.length); // true 7
   * ```
   */
  getState(): Uint32Array {
    const spare = new Float64Array([this.spare]);
    const halves = new Uint32Array(spare.buffer);
    // Word order is fixed (low word first), not the host's: a saved state reads the same on any platform.
    const lowFirst = LITTLE_ENDIAN_HOST ? [halves[0]!, halves[1]!] : [halves[1]!, halves[0]!];
    return Uint32Array.of(
      this.s0 >>> 0,
      this.s1 >>> 0,
      this.s2 >>> 0,
      this.s3 >>> 0,
      this.hasSpare ? 1 : 0,
      lowFirst[0]!,
      lowFirst[1]!,
    );
  }

  /**
   * Restore a state from `getState()` (a Uint32Array or an array of 7 integers in [0, 2^32)); checks it fully
   * before changing anything. Returns this generator.
   */
  setState(state: ArrayLike<number>): this {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      state.length === STATE_WORDS &&
      Array.from({ length: STATE_WORDS }, (_, i) => state[i]).every(
        (w) => typeof w === 'number' && Number.isInteger(w) && w >= 0 && w < TWO_POW_32,
      );
    if (!ok) {
      throw new Error(
        `Random.setState: expected the ${STATE_WORDS} unsigned 32-bit words that getState() returns, got ` +
          `${state === null || typeof state !== 'object' ? String(state) : `${state.length} values`}; ` +
          'pass rng.getState() (or Array.from of it)',
      );
    }
    if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) {
      throw new Error(
        'Random.setState: the xoshiro words are all zero, which no generator reaches; the state is corrupt',
      );
    }
    if (state[4] !== 0 && state[4] !== 1) {
      throw new Error(`Random.setState: word 4 (normal deviate cached) must be 0 or 1, got ${state[4]}`);
    }
    const halves = LITTLE_ENDIAN_HOST ? [state[5]!, state[6]!] : [state[6]!, state[5]!];
    const spare = new Float64Array(new Uint32Array(halves).buffer)[0]!;
    if (state[4] === 1 && !Number.isFinite(spare)) {
      throw new Error('Random.setState: the cached normal deviate is not a finite number; the state is corrupt');
    }
    this.s0 = state[0]! | 0;
    this.s1 = state[1]! | 0;
    this.s2 = state[2]! | 0;
    this.s3 = state[3]! | 0;
    this.hasSpare = state[4] === 1;
    this.spare = spare;
    return this;
  }

  /** An independent generator in the same state: both produce the same stream from here. */
  clone(): Random {
    const r = new Random(0);
    r.s0 = this.s0;
    r.s1 = this.s1;
    r.s2 = this.s2;
    r.s3 = this.s3;
    r.spare = this.spare;
    r.hasSpare = this.hasSpare;
    return r;
  }
}
