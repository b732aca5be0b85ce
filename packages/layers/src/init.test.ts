import { readFileSync } from 'node:fs';
import { type FloatArray, Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import {
  calculateGain,
  computeFans,
  constant,
  type KaimingOptions,
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
import { Linear } from './linear';

interface GainCase {
  nonlinearity: string;
  param: number | null;
  gain: number;
}
interface Range {
  low: number;
  high: number;
}
interface InitCase {
  init: string;
  shape: number[];
  options: KaimingOptions & { gain?: number };
  low?: number;
  high?: number;
  std?: number;
  weight?: Range;
  bias?: Range;
}
type InitName = 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal';
const gains: { cases: GainCase[]; inits: InitCase[] } = JSON.parse(
  readFileSync(new URL('../fixtures/gains.json', import.meta.url), 'utf8'),
);

/** A generator that records each fill's range: the exact numbers an initialiser computed. */
class RecordingRandom extends Random {
  readonly calls: { kind: 'uniform' | 'normal'; a: number; b: number }[] = [];
  override fillUniform(out: FloatArray, low = 0, high = 1): FloatArray {
    this.calls.push({ kind: 'uniform', a: low, b: high });
    return super.fillUniform(out, low, high);
  }
  override fillNormal(out: FloatArray, mean = 0, std = 1): FloatArray {
    this.calls.push({ kind: 'normal', a: mean, b: std });
    return super.fillNormal(out, mean, std);
  }
}

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
    expect(() => calculateGain('swishy')).toThrow(/^calculateGain: unsupported nonlinearity "swishy" .*leaky_relu/);
    expect(() => calculateGain('leaky_relu', Number.NaN)).toThrow(/must be a finite number or omitted, got NaN/);
    expect(() => calculateGain('relu', 'x' as unknown as number)).toThrow(/^calculateGain: param/);
  });
});

describe('initialisers', () => {
  test('fans follow PyTorch: [out, in, ...receptive]', () => {
    expect(computeFans([4, 3])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(computeFans([4, 3, 2, 5])).toEqual({ fanIn: 30, fanOut: 40 });
    expect(() => computeFans([3], 'xavierUniform')).toThrow(/xavierUniform: .*at least 2 dimensions.*\[3\]/);
  });

  // PyTorch's exact ranges, captured from the uniform_/normal_ call each initialiser makes (fixtures/generate.py);
  // actlab's are captured the same way, from the generator call, so fans, gains and modes are compared exactly.
  test.each(gains.inits.filter((c) => c.init !== 'Linear(400, 50)'))(
    '$init $shape $options draws from the range PyTorch computes',
    (c) => {
      const generator = new RecordingRandom(1);
      const init = { xavierUniform, xavierNormal, kaimingUniform, kaimingNormal }[c.init as InitName];
      const t = init(target(c.shape), { ...c.options, generator });
      expect(generator.calls).toHaveLength(1);
      const call = generator.calls[0]!;
      if (c.std !== undefined) {
        expect(call.kind).toBe('normal');
        expect(call.a).toBe(0);
        expect(call.b).toBeCloseTo(c.std, 15);
      } else {
        expect(call.kind).toBe('uniform');
        expect(call.a).toBeCloseTo(c.low!, 15);
        expect(call.b).toBeCloseTo(c.high!, 15);
      }
      expect(t.data.some((v) => v !== 0)).toBe(true);
    },
  );

  test("Linear's default init draws weight and bias from PyTorch's ranges", () => {
    const ref = gains.inits.find((c) => c.init === 'Linear(400, 50)')!;
    const generator = new RecordingRandom(1);
    new Linear(400, 50, { generator });
    expect(generator.calls.map((c) => c.kind)).toEqual(['uniform', 'uniform']);
    const [weight, bias] = generator.calls;
    expect([weight!.a, weight!.b]).toEqual([expect.closeTo(ref.weight!.low, 15), expect.closeTo(ref.weight!.high, 15)]);
    expect([bias!.a, bias!.b]).toEqual([expect.closeTo(ref.bias!.low, 15), expect.closeTo(ref.bias!.high, 15)]);
  });

  test('the generator really fills: xavierNormal has the std it asked for', () => {
    const s = stats(xavierNormal(target([200, 300]), { generator: new Random(2) }).data);
    expect(Math.abs(s.std / Math.sqrt(2 / 500) - 1)).toBeLessThan(0.02);
    expect(Math.abs(s.mean)).toBeLessThan(0.002);
  });

  test('kaiming refuses an unknown nonlinearity or mode', () => {
    expect(() => kaimingNormal(target([2, 2]), { nonlinearity: 'tanhh' as 'tanh' })).toThrow(
      /^kaimingNormal: nonlinearity must be one of .*'leaky_relu'.*got "tanhh"/,
    );
    expect(() => kaimingUniform(target([2, 2]), { mode: 'fan_in' as 'fanIn' })).toThrow(
      /^kaimingUniform: mode must be one of 'fanIn', 'fanOut', got "fan_in"/,
    );
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
    expect(() => uniform(target([2]), { low: 1, high: 0 })).toThrow('uniform: high must be a finite number ≥ 1, got 0');
    expect(() => normal(target([2]), { std: -1 })).toThrow('normal: std must be a finite number ≥ 0, got -1');
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
