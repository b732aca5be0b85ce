import { describe, expect, it } from 'vitest';
import { classifyChange } from './changes';
import { defaultState } from './url-state';

describe('classifyChange', () => {
  it('re-choosing the current settings is no change at all', () => {
    expect(classifyChange(defaultState, { ...defaultState })).toEqual({
      reset: null,
      options: false,
      speed: false,
      view: false,
      none: true,
    });
  });

  it('optimiser-side settings keep the weights; speed and view settings do not touch training', () => {
    for (const patch of [
      { learningRate: 0.1 },
      { optimizer: 'sgd' as const },
      { batchSize: 4 },
      { l1: 0.01 },
      { l2: 0.1 },
    ]) {
      const change = classifyChange(defaultState, { ...defaultState, ...patch });
      expect(change).toMatchObject({ reset: null, options: true, none: false });
    }
    expect(classifyChange(defaultState, { ...defaultState, speed: 'max' })).toMatchObject({ reset: null, speed: true });
    expect(classifyChange(defaultState, { ...defaultState, showTest: false })).toMatchObject({
      reset: null,
      view: true,
    });
  });

  it('data, features, architecture, initialisation and seed reset, and say why', () => {
    const cases: [Partial<typeof defaultState>, RegExp][] = [
      [{ dataset: 'xor' }, /the dataset changed \(Circle → XOR\)/],
      [{ noise: 10 }, /the noise changed \(0% → 10%\)/],
      [{ trainPercent: 70 }, /training share/],
      [{ points: 200 }, /number of points changed \(400 → 200\)/],
      [{ seed: 2 }, /the seed changed \(1 → 2\)/],
      [{ features: ['x1'] }, /input features/],
      [{ layers: [] }, /hidden layers/],
      [{ init: 'kaiming' }, /initialisation changed \(pytorch → kaiming\)/],
      [{ mode: 'compare' }, /compare mode started/],
    ];
    for (const [patch, reason] of cases) {
      expect(classifyChange(defaultState, { ...defaultState, ...patch }).reset).toMatch(reason);
    }
    const both = classifyChange(defaultState, { ...defaultState, seed: 5, learningRate: 1 });
    expect(both.reset).toMatch(/seed/);
    expect(both.options).toBe(true);
  });

  it('the compare list matters only in compare mode', () => {
    const compare = { ...defaultState, mode: 'compare' as const };
    expect(classifyChange(compare, { ...compare, compare: ['relu', 'tanh'] }).reset).toMatch(/compared activations/);
    const single = classifyChange(defaultState, { ...defaultState, compare: ['relu', 'tanh'] });
    expect(single).toMatchObject({ reset: null, none: false });
  });
});
