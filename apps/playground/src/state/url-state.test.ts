import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetNames } from '../data/datasets';
import { featureNames } from '../data/features';
import { activationNames } from '../train/activation-catalog';
import type { HiddenLayerSpec } from '../train/network-spec';
import { optimizerNames } from '../train/network-spec';
import { experiments } from '../ui/experiments';
import {
  type CompareEntry,
  defaultState,
  limits,
  MAX_LAYERS,
  type PlaygroundState,
  parseState,
  serializeState,
} from './url-state';

const nonNegative = (max: number) => fc.double({ min: 0, max, noNaN: true }).map((v) => (v === 0 ? 0 : v));

const layerArb: fc.Arbitrary<HiddenLayerSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('activation' as const),
    units: fc.integer({ min: 1, max: 16 }),
    activation: fc.constantFrom(...activationNames),
  }),
  fc.record({
    kind: fc.constant('maxout' as const),
    units: fc.integer({ min: 1, max: 16 }),
    poolSize: fc.integer({ min: 2, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('rbf' as const),
    units: fc.integer({ min: 1, max: 16 }),
    gamma: fc.double({ min: limits.gamma.min, max: limits.gamma.max, noNaN: true }),
  }),
);

const compareArb = fc.uniqueArray(fc.constantFrom<CompareEntry>(...activationNames, 'maxout', 'rbf'), {
  minLength: 2,
  maxLength: 6,
});

const stateArb: fc.Arbitrary<PlaygroundState> = fc.record({
  dataset: fc.constantFrom(...datasetNames),
  noise: fc.integer({ min: 0, max: 50 }),
  trainPercent: fc.integer({ min: 10, max: 90 }),
  points: fc.integer({ min: limits.points.min, max: limits.points.max }),
  seed: fc.integer({ min: 0, max: limits.seed.max }),
  features: fc.uniqueArray(fc.constantFrom(...featureNames), { minLength: 1 }),
  layers: fc.array(layerArb, { maxLength: MAX_LAYERS }),
  optimizer: fc.constantFrom(...optimizerNames),
  learningRate: fc.double({ min: limits.learningRate.min, max: limits.learningRate.max, noNaN: true }),
  batchSize: fc.integer({ min: 1, max: limits.batchSize.max }),
  l1: nonNegative(1),
  l2: nonNegative(1),
  mode: fc.constantFrom('single' as const, 'compare' as const),
  compare: compareArb,
});

/** Every field of a state is within its documented range: what the page can always render. */
function expectValid(state: PlaygroundState): void {
  const within = (v: number, { min, max }: { min: number; max: number }) => v >= min && v <= max;
  const integerWithin = (v: number, range: { min: number; max: number }) => Number.isInteger(v) && within(v, range);
  expect(datasetNames).toContain(state.dataset);
  expect(integerWithin(state.noise, limits.noise)).toBe(true);
  expect(integerWithin(state.trainPercent, limits.trainPercent)).toBe(true);
  expect(integerWithin(state.points, limits.points)).toBe(true);
  expect(integerWithin(state.seed, limits.seed)).toBe(true);
  expect(state.features.length).toBeGreaterThan(0);
  expect(new Set(state.features).size).toBe(state.features.length);
  for (const f of state.features) expect(featureNames).toContain(f);
  expect(state.layers.length).toBeLessThanOrEqual(MAX_LAYERS);
  for (const layer of state.layers) {
    expect(integerWithin(layer.units, limits.units)).toBe(true);
    if (layer.kind === 'activation') expect(activationNames).toContain(layer.activation);
    else if (layer.kind === 'maxout') expect(integerWithin(layer.poolSize, limits.pool)).toBe(true);
    else expect(within(layer.gamma, limits.gamma)).toBe(true);
  }
  expect(optimizerNames).toContain(state.optimizer);
  expect(within(state.learningRate, limits.learningRate)).toBe(true);
  expect(integerWithin(state.batchSize, limits.batchSize)).toBe(true);
  expect(within(state.l1, limits.regularization) && within(state.l2, limits.regularization)).toBe(true);
  expect(['single', 'compare']).toContain(state.mode);
  expect(within(state.compare.length, limits.compare)).toBe(true);
  expect(new Set(state.compare).size).toBe(state.compare.length);
  for (const entry of state.compare) expect([...activationNames, 'maxout', 'rbf']).toContain(entry);
}

describe('URL state', () => {
  it('an empty hash is the default state, with no notice', () => {
    expect(parseState('')).toEqual({ state: defaultState, problems: [] });
    expect(parseState('#')).toEqual({ state: defaultState, problems: [] });
  });

  it('round-trips the default and a hand-written state', () => {
    expect(parseState(serializeState(defaultState))).toEqual({ state: defaultState, problems: [] });
    const hash =
      'dataset=spiral&noise=15&train=70&points=500&seed=42&features=x1,x2,sinX1&layers=8:relu,6:maxout:2,4:rbf:0.5' +
      '&optimizer=momentum&lr=0.003&batch=32&l1=0&l2=0.001&mode=compare&compare=relu,leakyRelu,maxout';
    const { state, problems } = parseState(`#${hash}`);
    expect(problems).toEqual([]);
    expect(state.layers).toEqual([
      { kind: 'activation', units: 8, activation: 'relu' },
      { kind: 'maxout', units: 6, poolSize: 2 },
      { kind: 'rbf', units: 4, gamma: 0.5 },
    ]);
    expect(serializeState(state)).toBe(hash);
  });

  it('round-trips every valid state exactly (fuzzed)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        const parsed = parseState(`#${serializeState(state)}`);
        expect(parsed.problems).toEqual([]);
        expect(parsed.state).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input and always yields a valid state (fuzzed)', () => {
    const keyArb = fc.constantFrom(
      'dataset',
      'noise',
      'train',
      'points',
      'seed',
      'features',
      'layers',
      'optimizer',
      'lr',
      'batch',
      'l1',
      'l2',
      'mode',
      'compare',
    );
    const partArb = fc.oneof(
      fc.string(),
      fc.tuple(keyArb, fc.string()).map(([k, v]) => `${k}=${v}`),
      fc.tuple(keyArb, fc.string({ unit: 'binary' })).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
    );
    fc.assert(
      fc.property(fc.array(partArb, { maxLength: 8 }), (parts) => {
        const { state } = parseState(`#${parts.join('&')}`);
        expectValid(state);
      }),
      { numRuns: 500 },
    );
  });

  it('always raises a notice for junk that is not key=value (fuzzed)', () => {
    const junk = fc.string({ minLength: 1 }).filter((t) => !t.includes('&') && !t.includes('='));
    fc.assert(
      fc.property(fc.array(junk, { minLength: 1, maxLength: 5 }), (parts) => {
        const hash = parts.join('&');
        fc.pre(hash.trim() !== '');
        const { state, problems } = parseState(`#${hash}`);
        expect(problems.length).toBeGreaterThan(0);
        expect(state).toEqual(defaultState);
      }),
      { numRuns: 300 },
    );
  });

  it('replaces each bad part by its default and names it in a notice', () => {
    const { state, problems } = parseState(
      '#dataset=donut&noise=12&layers=4:tanh,99:relu&lr=-1&batch=1e9&features=&bogus=1&compare=relu',
    );
    expect(state.dataset).toBe(defaultState.dataset);
    expect(state.noise).toBe(12);
    expect(state.layers).toEqual(defaultState.layers);
    expect(state.learningRate).toBe(defaultState.learningRate);
    expect(state.batchSize).toBe(defaultState.batchSize);
    expect(state.features).toEqual(defaultState.features);
    expect(state.compare).toEqual(defaultState.compare);
    expect(problems.join('\n')).toMatch(/dataset='donut' is invalid/);
    expect(problems.join('\n')).toMatch(/unknown setting 'bogus'/);
    expect(problems).toHaveLength(7);
  });

  it('reports broken percent-encoding and repeated keys instead of throwing', () => {
    const { state, problems } = parseState('#noise=%E0%A4%A&noise=5&noise=6');
    expect(state.noise).toBe(5);
    expect(problems).toHaveLength(2);
  });

  it("every guide experiment link is a valid state (a typo would greet the click with the 'invalid' notice)", () => {
    for (const e of experiments) {
      const { state, problems } = parseState(`#${e.hash}`);
      expect(problems, e.id).toEqual([]);
      expect(state, e.id).not.toEqual(defaultState);
    }
    expect(new Set(experiments.map((e) => e.id)).size).toBe(experiments.length);
  });

  it('an absurd hash shows the defaults and a notice', () => {
    const { state, problems } = parseState('#%%%garbage<script>');
    expect(state).toEqual(defaultState);
    expect(problems.length).toBeGreaterThan(0);
  });
});
