import { readFileSync } from 'node:fs';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import {
  calculateGain,
  computeFans,
  constant,
  kaimingNormal,
  kaimingUniform,
  manualSeed,
  normal,
  ones,
  uniform,
  xavierNormal,
  xavierUniform,
  zeros,
} from './init';

interface GainCase {
  nonlinearity: string;
  param: number | null;
  gain: number;
}
const gains: { cases: GainCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/gains.json', import.meta.url), 'utf8'),
);

const target = (shape: number[], n = shape.reduce((a, b) => a * b, 1)) => ({ shape, data: new Float64Array(n) });

function stats(data: ArrayLike<number>) {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]!;
    min = Math.min(min, data[i]!);
    max = Math.max(max, data[i]!);
  }
  const mean = sum / data.length;
  let sq = 0;
  for (let i = 0; i < data.length; i++) sq += (data[i]! - mean) ** 2;
  return { mean, std: Math.sqrt(sq / data.length), min, max };
}

describe('calculateGain', () => {
  test.each(gains.cases)('matches PyTorch for $nonlinearity (param $param)', ({ nonlinearity, param, gain }) => {
    expect(calculateGain(nonlinearity, param ?? undefined)).toBe(gain);
  });
  test('refuses an unknown nonlinearity, listing the valid ones', () => {
    expect(() => calculateGain('swishy')).toThrow(/unsupported nonlinearity 'swishy'.*leaky_relu/);
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(/not a finite number/);
  });
});

describe('initialisers', () => {
  test('fans follow PyTorch: [out, in, ...receptive]', () => {
    expect(computeFans([4, 3])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(computeFans([4, 3, 2, 5])).toEqual({ fanIn: 30, fanOut: 40 });
    expect(() => computeFans([3], 'xavierUniform')).toThrow(/xavierUniform: .*at least 2 dimensions.*\[3\]/);
  });

  test('xavierUniform: bounded by gain·√(6/(in+out)), variance gain²·2/(in+out)', () => {
    const t = xavierUniform(target([200, 300]), { gain: 2, generator: new Random(1) });
    const a = 2 * Math.sqrt(6 / 500);
    const s = stats(t.data);
    expect(s.max).toBeLessThanOrEqual(a);
    expect(s.min).toBeGreaterThanOrEqual(-a);
    expect(s.max).toBeGreaterThan(0.99 * a);
    expect(s.std).toBeCloseTo(a / Math.sqrt(3), 2);
  });

  test('xavierNormal std = gain·√(2/(in+out))', () => {
    const s = stats(xavierNormal(target([200, 300]), { generator: new Random(2) }).data);
    expect(Math.abs(s.std / Math.sqrt(2 / 500) - 1)).toBeLessThan(0.02);
    expect(Math.abs(s.mean)).toBeLessThan(0.002);
  });

  test('kaimingUniform: default (a=0, fanIn, leaky_relu) bound √6/√fanIn; Linear default a=√5 gives 1/√fanIn', () => {
    const t = kaimingUniform(target([300, 400]), { generator: new Random(3) });
    const s = stats(t.data);
    expect(s.max).toBeLessThanOrEqual(Math.sqrt(6 / 400));
    expect(s.max).toBeGreaterThan(0.99 * Math.sqrt(6 / 400));
    const l = stats(kaimingUniform(target([300, 400]), { a: Math.sqrt(5), generator: new Random(3) }).data);
    expect(l.max).toBeLessThanOrEqual(1 / Math.sqrt(400) + 1e-15);
    expect(l.max).toBeGreaterThan(0.99 / Math.sqrt(400));
  });

  test('kaimingNormal: mode fanOut with relu gives std √2/√fanOut', () => {
    const s = stats(
      kaimingNormal(target([250, 500]), { mode: 'fanOut', nonlinearity: 'relu', generator: new Random(4) }).data,
    );
    expect(Math.abs(s.std / Math.sqrt(2 / 250) - 1)).toBeLessThan(0.02);
    expect(() => kaimingNormal(target([2, 2]), { nonlinearity: 'tanhh' as 'tanh' })).toThrow(/unsupported/);
  });

  test('uniform, normal, zeros, ones, constant', () => {
    const u = stats(uniform(target([10000]), { low: -2, high: 3, generator: new Random(5) }).data);
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(3);
    expect(u.mean).toBeCloseTo(0.5, 1);
    const n = stats(normal(target([20000]), { mean: 1, std: 0.5, generator: new Random(6) }).data);
    expect(n.mean).toBeCloseTo(1, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
    expect(Array.from(zeros(target([3])).data)).toEqual([0, 0, 0]);
    expect(Array.from(ones(target([2])).data)).toEqual([1, 1]);
    expect(Array.from(constant(target([2]), 0.25).data)).toEqual([0.25, 0.25]);
    expect(() => uniform(target([2]), { low: 1, high: 0 })).toThrow(/uniform: bounds low 1, high 0/);
    expect(() => normal(target([2]), { std: -1 })).toThrow(/normal: .*std -1/);
  });

  test('seeded: the same generator seed gives the same weights; manualSeed resets the default generator', () => {
    const a = xavierUniform(target([3, 4]), { generator: new Random(9) });
    const b = xavierUniform(target([3, 4]), { generator: new Random(9) });
    expect(a.data).toEqual(b.data);
    manualSeed(7);
    const c = kaimingUniform(target([3, 4]));
    manualSeed(7);
    expect(kaimingUniform(target([3, 4])).data).toEqual(c.data);
  });

  test('float32 targets are filled too', () => {
    const t = { shape: [4, 4], data: new Float32Array(16) };
    xavierUniform(t, { generator: new Random(1) });
    expect(t.data.some((v) => v !== 0)).toBe(true);
  });
});
