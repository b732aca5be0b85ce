import { Random } from '@actlab/kernels';
import { expect, test } from 'vitest';
import { getDefaultGenerator, getRngState, manualSeed, rand, randn, setRngState } from './index';

test('getRngState / setRngState replay the default stream (torch.get_rng_state / set_rng_state)', () => {
  manualSeed(3);
  randn([3]); // a cached normal deviate is part of the state
  const state = getRngState();
  expect(state).toHaveLength(7);
  const a = [...randn([5]).data, ...rand([4]).data];
  setRngState(state);
  expect([...randn([5]).data, ...rand([4]).data]).toEqual(a);
  // a copy: drawing more does not change a saved state
  expect(Array.from(getRngState())).not.toEqual(Array.from(state));
  setRngState(Array.from(state));
  expect(Array.from(getRngState())).toEqual(Array.from(state));
});

test('getDefaultGenerator is what rand/randn draw from, and manualSeed installs a fresh one', () => {
  manualSeed(11);
  const g = getDefaultGenerator();
  expect(g).toBeInstanceOf(Random);
  const copy = g.clone();
  expect(Array.from(randn([4]).data)).toEqual(Array.from(copy.fillNormal(new Float32Array(4))));
  manualSeed(11);
  expect(getDefaultGenerator()).not.toBe(g);
  expect(Array.from(getDefaultGenerator().getState())).toEqual(Array.from(new Random(11).getState()));
});

test('a corrupt state is refused and changes nothing', () => {
  manualSeed(5);
  const before = Array.from(getRngState());
  expect(() => setRngState([1, 2, 3])).toThrow(/^setRngState: expected the 7 unsigned 32-bit words/);
  expect(() => setRngState([0, 0, 0, 0, 0, 0, 0])).toThrow(/all zero/);
  expect(Array.from(getRngState())).toEqual(before);
});
