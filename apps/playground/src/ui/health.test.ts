import { describe, expect, it } from 'vitest';
import type { LayerSummary } from '../train/session';
import { layerHealth } from './health';

const layer = (units: number, dead: number, saturated: number): LayerSummary => ({
  label: 'relu',
  units,
  dead,
  saturated,
  meanActivation: 0,
  unitStatus: new Uint8Array(units),
});

describe('layerHealth', () => {
  it('never calls a layer with a dead or saturated unit, or a vanished gradient, learning', () => {
    for (let units = 1; units <= 4; units++) {
      for (let dead = 0; dead <= units; dead++) {
        for (let saturated = dead; saturated <= units; saturated++) {
          for (const share of [Number.NaN, 1e-6, 5e-3, 0.5, 3]) {
            const h = layerHealth(layer(units, dead, saturated), share);
            const healthy = dead === 0 && saturated === 0 && !(share < 0.01);
            expect(h.kind === 'good', `${units} ${dead} ${saturated} ${share}`).toBe(healthy);
          }
        }
      }
    }
  });

  it('says what is wrong, worst first', () => {
    expect(layerHealth(layer(6, 6, 6), 1)).toEqual({ word: 'dead: no gradient reaches it', kind: 'bad' });
    expect(layerHealth(layer(8, 0, 8), 1).word).toBe('saturated: almost no gradient gets through');
    expect(layerHealth(layer(8, 0, 0), 4.3e-6)).toEqual({
      word: "gradient vanished: 1/2e5 of the output layer's",
      kind: 'bad',
    });
    expect(layerHealth(layer(8, 2, 3), 1).word).toBe('2 of 8 units dead');
    expect(layerHealth(layer(8, 0, 0), 0.004).word).toBe("weak gradient: 1/250 of the output layer's");
    expect(layerHealth(layer(8, 0, 0), Number.NaN)).toEqual({ word: 'learning', kind: 'good' });
  });
});
