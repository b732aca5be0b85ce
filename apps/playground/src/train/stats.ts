import type { LayerTrace } from './model';

/**
 * A unit is saturated where its gain is below this (the guide's |f′| < 0.01). Gains are float32, so the bound is
 * float32 too: LeakyReLU's negative-side slope of exactly 0.01 is at the bound, not below it.
 */
export const SATURATION_GAIN = Math.fround(0.01);

export interface LayerStats {
  readonly units: number;
  /** Units whose gain is exactly 0 on every point: no gradient ever reaches their weights (a dead ReLU). */
  readonly dead: number;
  /** Units whose gain is below 0.01 on more than half of the points (dead units count as saturated too). */
  readonly saturated: number;
  /** Mean output over all units and points: near 0 for zero-centred activations such as tanh. */
  readonly meanActivation: number;
  /** Per unit: fraction of points on which it is active (gain > 0). */
  readonly activeFraction: Float32Array;
  /** Per unit: fraction of points on which its gain is below SATURATION_GAIN. */
  readonly saturatedShare: Float32Array;
}

export function layerStats(trace: LayerTrace, n: number): LayerStats {
  const { units, h, gain } = trace;
  if (h.length < n * units || gain.length < n * units) {
    throw new Error(
      `layerStats: a trace of ${units} units over ${n} points needs ${n * units} values, got h ${h.length}, gain ${gain.length}`,
    );
  }
  const activeCount = new Int32Array(units);
  const saturatedCount = new Int32Array(units);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const row = i * units;
    for (let u = 0; u < units; u++) {
      const g = Math.abs(gain[row + u]);
      if (g > 0) activeCount[u]++;
      if (g < SATURATION_GAIN) saturatedCount[u]++;
      sum += h[row + u];
    }
  }
  let dead = 0;
  let saturated = 0;
  const activeFraction = new Float32Array(units);
  const saturatedShare = new Float32Array(units);
  for (let u = 0; u < units; u++) {
    if (activeCount[u] === 0) dead++;
    if (saturatedCount[u] * 2 > n) saturated++;
    activeFraction[u] = n > 0 ? activeCount[u] / n : 0;
    saturatedShare[u] = n > 0 ? saturatedCount[u] / n : 0;
  }
  return {
    units,
    dead,
    saturated,
    meanActivation: n * units > 0 ? sum / (n * units) : 0,
    activeFraction,
    saturatedShare,
  };
}

export interface NetworkStats {
  readonly layers: LayerStats[];
  readonly deadFraction: number;
  readonly saturatedFraction: number;
}

export function networkStats(traces: readonly LayerTrace[], n: number): NetworkStats {
  const layers = traces.map((t) => layerStats(t, n));
  let units = 0;
  let dead = 0;
  let saturated = 0;
  for (const s of layers) {
    units += s.units;
    dead += s.dead;
    saturated += s.saturated;
  }
  return {
    layers,
    deadFraction: units > 0 ? dead / units : 0,
    saturatedFraction: units > 0 ? saturated / units : 0,
  };
}
