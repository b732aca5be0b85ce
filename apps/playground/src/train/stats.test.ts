import { describe, expect, it } from 'vitest';
import type { LayerTrace } from './model';
import { layerStats, networkStats } from './stats';

const spec = { kind: 'activation', units: 3, activation: 'relu' } as const;

function trace(units: number, h: number[], gain: number[]): LayerTrace {
  return {
    spec: { ...spec, units },
    units,
    h: new Float32Array(h),
    gain: new Float32Array(gain),
    z: new Float32Array(h),
  };
}

describe('layer statistics', () => {
  it('counts a unit with zero gain on every point as dead, and only that one', () => {
    // 4 points × 3 units. Unit 0: a ReLU that is off everywhere. Unit 1: on for one point. Unit 2: on everywhere.
    const t = trace(3, [0, 0, 1, 0, 0, 2, 0, 0.5, 3, 0, 0, 4], [0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1]);
    const s = layerStats(t, 4);
    expect(s.dead).toBe(1);
    expect(Array.from(s.activeFraction)).toEqual([0, 0.25, 1]);
    // Units 0 and 1 have gain < 0.01 on more than half the points.
    expect(s.saturated).toBe(2);
    expect(s.meanActivation).toBeCloseTo((1 + 2 + 0.5 + 3 + 4) / 12, 6);
  });

  it('calls a sigmoid unit saturated when |f′| < 0.01 on most points but never dead', () => {
    // sigmoid′(8) ≈ 0.000335, sigmoid′(0) = 0.25: three saturated points of four.
    const t = trace(1, [0.99966, 0.99966, 0.99966, 0.5], [0.000335, 0.000335, 0.000335, 0.25]);
    const s = layerStats(t, 4);
    expect(s.dead).toBe(0);
    expect(s.saturated).toBe(1);
  });

  it('does not call a LeakyReLU saturated on its negative side: a slope of 0.01 is not below 0.01', () => {
    const slope = Math.fround(0.01);
    const s = layerStats(trace(1, [-0.01, -0.02, -0.03], [slope, slope, slope]), 3);
    expect(s.saturated).toBe(0);
    expect(s.dead).toBe(0);
  });

  it('does not call a unit saturated on exactly half the points', () => {
    const s = layerStats(trace(1, [0, 0], [0.001, 0.5]), 2);
    expect(s.saturated).toBe(0);
  });

  it('sums over layers into network fractions', () => {
    const a = trace(2, [0, 1], [0, 1]);
    const b = trace(2, [1, 1], [1, 1]);
    const s = networkStats([a, b], 1);
    expect(s.deadFraction).toBe(0.25);
    expect(s.saturatedFraction).toBe(0.25);
    expect(s.layers.length).toBe(2);
  });

  it('rejects a trace shorter than n×units, naming both', () => {
    expect(() => layerStats(trace(3, [0], [0]), 2)).toThrow(/3 units over 2 points needs 6 values, got h 1, gain 1/);
  });
});
