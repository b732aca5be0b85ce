import { describe, expect, test } from 'vitest';
import { portableLog, Random } from './random';

// Known answers from the independent C reference fixtures/random-reference.c (gcc, libm), not from this code:
// xoshiro128** 1.1 seeded by splitmix32, seed 42.
const SEED_42_UINT32 = [660444221, 3652823732, 77672526, 910233633, 2297337756, 3786072677, 3123505064, 1891482476];
const SEED_42_UNIFORM = [
  0.15377165265745885, 0.018084542542176507, 0.53489062846834756, 0.72724769592579508, 0.57291102265613147,
  0.28770895750168213,
];
// The reference uses libm's log; ours is portable arithmetic, so these agree to a few ulps, not bit for bit.
const SEED_42_NORMAL = [
  0.26752683279886763, 1.7424408507579792, 0.58139026458463028, -1.6928022796929545, 0.81531991536142467,
  -0.45752324532919458, -0.98801548417595619, 1.8635442838891301,
];
const SEED_42_FLOAT32_UNIFORM = [0.153771639, 0.850489259, 0.0180845261, 0.211930275, 0.534890592, 0.881513715];
// Further reference outputs: seeds 0 and 2^32 - 1.
const SEED_0_UINT32 = [1789933344, 44971166, 2521387044, 3848737593];
const SEED_MAX_UINT32 = [4104197751, 1825856343, 1152209388, 2427537429];

describe('Random: known answers (xoshiro128** seeded by splitmix32)', () => {
  test('raw 32-bit outputs', () => {
    const r = new Random(42);
    expect(SEED_42_UINT32.map(() => r.nextUint32())).toEqual(SEED_42_UINT32);
    const r0 = new Random(0);
    expect(SEED_0_UINT32.map(() => r0.nextUint32())).toEqual(SEED_0_UINT32);
    const rMax = new Random(4294967295);
    expect(SEED_MAX_UINT32.map(() => rMax.nextUint32())).toEqual(SEED_MAX_UINT32);
    // Seeds are taken modulo 2^32.
    expect(new Random(-1).nextUint32()).toBe(SEED_MAX_UINT32[0]);
    expect(new Random(2 ** 32 + 42).nextUint32()).toBe(SEED_42_UINT32[0]);
  });

  test('uniform doubles are bit-exact', () => {
    const r = new Random(42);
    expect(SEED_42_UNIFORM.map(() => r.uniform())).toEqual(SEED_42_UNIFORM);
    const f = new Random(42).fillUniform(new Float32Array(6));
    expect(Array.from(f)).toEqual(SEED_42_FLOAT32_UNIFORM.map(Math.fround));
  });

  test('normal matches the polar-method reference', () => {
    const r = new Random(42);
    for (const want of SEED_42_NORMAL) {
      const got = r.normal();
      expect(Math.abs(got - want)).toBeLessThanOrEqual(4 * Number.EPSILON * Math.abs(want));
    }
    const filled = new Random(42).fillNormal(new Float64Array(8), 1, 2);
    filled.forEach((v, i) => {
      expect(v).toBeCloseTo(1 + 2 * SEED_42_NORMAL[i]!, 14);
    });
  });
});

describe('portableLog', () => {
  test('agrees with Math.log to about one ulp from 1e-300 to 1e300, exact specials', () => {
    const r = new Random(7);
    for (let i = 0; i < 20000; i++) {
      const x = 10 ** r.uniform(-300, 300);
      const want = Math.log(x);
      expect(Math.abs(portableLog(x) - want)).toBeLessThanOrEqual(2 * Number.EPSILON * Math.max(1, Math.abs(want)));
    }
    for (let i = 0; i < 20000; i++) {
      const x = r.uniform(0.5, 2);
      expect(Math.abs(portableLog(x) - Math.log(x))).toBeLessThanOrEqual(
        2 * Number.EPSILON * Math.abs(Math.log(x)) + 1e-300,
      );
    }
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(Number.NaN)).toBeNaN();
    expect(portableLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(Math.abs(portableLog(Number.MIN_VALUE) - Math.log(Number.MIN_VALUE))).toBeLessThan(1e-12);
  });
});

describe('Random: distributions', () => {
  test('uniform moments and range', () => {
    const r = new Random(1);
    const n = 200000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform(-2, 4);
      if (!(u >= -2 && u < 4)) outside++;
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(outside).toBe(0);
    expect(Math.abs(mean - 1)).toBeLessThan(0.02); // sd of the mean: sqrt(3 / n) = 0.0039
    expect(Math.abs(variance - 3)).toBeLessThan(0.05);
  });

  test('normal moments (float32 and float64 fills)', () => {
    for (const out of [new Float64Array(200000), new Float32Array(200000)]) {
      new Random(2).fillNormal(out, 3, 2);
      let s = 0;
      let s2 = 0;
      let s4 = 0;
      for (const v of out) s += v;
      const mean = s / out.length;
      for (const v of out) {
        s2 += (v - mean) ** 2;
        s4 += (v - mean) ** 4;
      }
      const variance = s2 / out.length;
      expect(Math.abs(mean - 3)).toBeLessThan(0.02); // sd of the mean: 2 / sqrt(n) = 0.0045
      expect(Math.abs(variance - 4)).toBeLessThan(0.06);
      expect(Math.abs(s4 / out.length / variance ** 2 - 3)).toBeLessThan(0.1); // kurtosis of a normal is 3
    }
  });

  test('integer is uniform over [low, high) and validates', () => {
    const r = new Random(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) {
      const v = r.integer(-2, 4);
      counts[v + 2]!++;
    }
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(500);
    const big = r.integer(0, 2 ** 40);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 40).toBe(true);
    expect(() => r.integer(3, 3)).toThrow(/Random.integer: \[3, 3\) is not a non-empty integer range/);
    expect(() => r.integer(0, 1.5)).toThrow(/Random.integer/);
  });

  test('shuffle and permutation are permutations, reproducible, and clone continues the stream', () => {
    const p = new Random(5).permutation(100);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(new Random(5).permutation(100))).toEqual(Array.from(p));
    const items = Array.from({ length: 100 }, (_, i) => i);
    // shuffle and permutation draw the same indices, so they give the same order
    expect(new Random(5).shuffle(items)).toEqual(Array.from(p));
    const r = new Random(9);
    r.normal();
    const c = r.clone();
    expect([c.normal(), c.nextUint32(), c.uniform()]).toEqual([r.normal(), r.nextUint32(), r.uniform()]);
  });

  test('getState/setState continue the stream bit for bit, including a cached normal deviate', () => {
    const r = new Random(11);
    r.normal(); // leaves the pair's second value cached
    const saved = r.getState();
    expect(saved).toBeInstanceOf(Uint32Array);
    expect(saved).toHaveLength(7);
    expect(saved[4]).toBe(1);
    const expected = [r.normal(), r.nextUint32(), r.uniform(), r.normal(), r.normal(), r.integer(0, 1000)];
    // a different generator, restored from the saved words (as a plain array, as JSON would carry them)
    const other = new Random(99).setState(JSON.parse(JSON.stringify(Array.from(saved))));
    expect([
      other.normal(),
      other.nextUint32(),
      other.uniform(),
      other.normal(),
      other.normal(),
      other.integer(0, 1000),
    ]).toEqual(expected);
    // getState is a copy: drawing does not change a saved state
    const snapshot = Array.from(saved);
    r.uniform();
    expect(Array.from(saved)).toEqual(snapshot);
    // with no deviate cached, the flag is 0 and restoring twice gives the same draws
    const fresh = new Random(3);
    const s0 = fresh.getState();
    expect(s0[4]).toBe(0);
    const a = fresh.normal();
    expect(fresh.setState(s0).normal()).toBe(a);
  });

  test('setState refuses a corrupt state and leaves the generator unchanged', () => {
    const r = new Random(4);
    const before = Array.from(r.getState());
    expect(() => r.setState([1, 2, 3])).toThrow(
      /Random.setState: expected the 7 unsigned 32-bit words .* got 3 values/,
    );
    expect(() => r.setState([1, 2, 3, 4, 0, 0, -1])).toThrow(/Random.setState/);
    expect(() => r.setState([1, 2, 3, 4.5, 0, 0, 0])).toThrow(/Random.setState/);
    expect(() => r.setState([0, 0, 0, 0, 0, 0, 0])).toThrow(/all zero/);
    expect(() => r.setState([1, 2, 3, 4, 2, 0, 0])).toThrow(/word 4/);
    // the cached deviate NaN (high word 0x7ff80000)
    expect(() => r.setState([1, 2, 3, 4, 1, 0, 0x7ff80000])).toThrow(/not a finite number/);
    expect(() => r.setState(JSON.parse('null'))).toThrow(/Random.setState: .* got null/);
    expect(Array.from(r.getState())).toEqual(before);
  });

  test('bad arguments name the method', () => {
    expect(() => new Random(0.5)).toThrow(/Random: seed 0.5 is not a safe integer/);
    expect(() => new Random(0).fillUniform(new Float32Array(1), 2, 1)).toThrow(/Random.fillUniform: range \[2, 1\)/);
    expect(() => new Random(0).fillNormal(new Float32Array(1), 0, -1)).toThrow(/Random.fillNormal/);
    expect(() => new Random(0).permutation(-1)).toThrow(/Random.permutation: n = -1/);
  });
});
