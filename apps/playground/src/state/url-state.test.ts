import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetNames } from '../data/datasets';
import { featureNames } from '../data/features';
import { activationNames } from '../train/activation-catalog';
import type { HiddenLayerSpec } from '../train/network-spec';
import { initNames, optimizerNames } from '../train/network-spec';
import { experiments } from '../ui/experiments';
import { checkHash, runFuzz, stateViolations } from './url-fuzz';
import {
  type CompareEntry,
  defaultState,
  formatField,
  limits,
  MAX_HASH_LENGTH,
  MAX_LAYERS,
  type PlaygroundState,
  parseState,
  serializeState,
  speeds,
  stateKeys,
} from './url-state';

const nonNegative = (max: number) => fc.double({ min: 0, max, noNaN: true }).map((v) => (v === 0 ? 0 : v));
const onGrid = ({ min, max, step }: { min: number; max: number; step: number }) =>
  fc.integer({ min: 0, max: Math.floor((max - min) / step) }).map((k) => min + k * step);

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
  noise: onGrid(limits.noise),
  trainPercent: onGrid(limits.trainPercent),
  points: onGrid(limits.points),
  seed: fc.integer({ min: 0, max: limits.seed.max }),
  features: fc.uniqueArray(fc.constantFrom(...featureNames), { minLength: 1 }),
  layers: fc.array(layerArb, { maxLength: MAX_LAYERS }),
  init: fc.constantFrom(...initNames),
  optimizer: fc.constantFrom(...optimizerNames),
  learningRate: fc.double({ min: limits.learningRate.min, max: limits.learningRate.max, noNaN: true }),
  batchSize: fc.integer({ min: 1, max: limits.batchSize.max }),
  l1: nonNegative(1),
  l2: nonNegative(1),
  mode: fc.constantFrom('single' as const, 'compare' as const),
  compare: compareArb,
  speed: fc.constantFrom(...speeds),
  showTest: fc.boolean(),
  discretize: fc.boolean(),
});

function expectValid(state: PlaygroundState): void {
  expect(stateViolations(state)).toEqual([]);
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
      '&init=xavier&optimizer=momentum&lr=0.003&batch=32&l1=0&l2=0.001&mode=compare&compare=relu,leakyRelu,maxout' +
      '&speed=max&showtest=0&discretize=1';
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
    const keyArb = fc.constantFrom(...stateKeys);
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

  it('replaces each bad part by its default and names it, and the value used, in a notice', () => {
    const { state, problems } = parseState(
      '#dataset=donut&noise=15&layers=4:tanh,99:relu&lr=-1&batch=1e9&features=&bogus=1&compare=relu',
    );
    expect(state.dataset).toBe(defaultState.dataset);
    expect(state.noise).toBe(15);
    expect(state.layers).toEqual(defaultState.layers);
    expect(state.learningRate).toBe(defaultState.learningRate);
    expect(state.batchSize).toBe(defaultState.batchSize);
    expect(state.features).toEqual(defaultState.features);
    expect(state.compare).toEqual(defaultState.compare);
    expect(problems.join('\n')).toMatch(/dataset='donut' is invalid .*; using circle/);
    expect(problems.join('\n')).toMatch(/lr='-1' is invalid .*; using 0.03/);
    expect(problems.join('\n')).toMatch(/unknown setting 'bogus'/);
    expect(problems).toHaveLength(7);
  });

  it('reports broken percent-encoding and repeated keys instead of throwing', () => {
    const { state, problems } = parseState('#noise=%E0%A4%A&noise=5&noise=10');
    expect(state.noise).toBe(0);
    expect(problems).toEqual([
      "noise='%E0%A4%A' is not valid URL encoding; using 0",
      "'noise' given twice; the repeat is ignored, using 0",
      "'noise' given twice; the repeat is ignored, using 0",
    ]);
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

  it("a number off its slider's grid moves to the nearest allowed value, and the notice says which", () => {
    const { state, problems } = parseState('#noise=12&train=95&points=1e99&seed=abc&speed=7');
    expect(state).toMatchObject({ noise: 10, trainPercent: 90, points: 1000, seed: 1, speed: 10 });
    expect(problems).toEqual([
      "noise='12' is not allowed (expected a percentage 0–50 in steps of 5); using 10, the nearest allowed value",
      "train='95' is not allowed (expected a percentage 10–90 in steps of 10); using 90, the nearest allowed value",
      "points='1e99' is not allowed (expected 50–1000 in steps of 50); using 1000, the nearest allowed value",
      "seed='abc' is invalid (expected an integer 0–2147483647); using 1",
      "speed='7' is invalid (expected epochs per second, one of 1, 2, 5, 10, 20, 50, 100, 200, 500, max); using 10",
    ]);
  });

  it('bounds the work before parsing: an over-long hash is refused whole, an over-long field is not parsed', () => {
    // 11.7 s with the old backtracking number pattern; now the field's length cap refuses it unread.
    const hostile = parseState(`noise=${'1'.repeat(100_000)}x`);
    expect(hostile.state).toEqual(defaultState);
    expect(hostile.problems).toHaveLength(1);
    expect(hostile.problems[0]).toMatch(/100007 characters long, more than the 2048/);
    const long = parseState(`noise=${'1'.repeat(1000)}x&seed=7`);
    expect(long.state.seed).toBe(7);
    expect(long.problems).toEqual([
      `noise='${'1'.repeat(40)}… (1001 characters)' is too long (at most 24 characters); using 0`,
    ]);
    // Every notice line quotes at most 40 characters of the link.
    for (const p of parseState(`${'x'.repeat(2000)}=1`).problems) expect(p.length).toBeLessThan(300);
    const parts = parseState(Array.from({ length: 60 }, () => 'seed=2').join('&'));
    expect(parts.problems[0]).toBe('the link has 60 parts; only the first 40 were read');
  });

  it('the longest valid hash fits the cap with room to spare', () => {
    const longest: PlaygroundState = {
      ...defaultState,
      dataset: 'gaussians',
      seed: limits.seed.max,
      features: [...featureNames],
      layers: Array.from({ length: MAX_LAYERS }, () => ({ kind: 'rbf', units: 16, gamma: 0.30000000000000004 })),
      learningRate: 0.0000012345678901234,
      compare: ['hardsigmoid', 'logSigmoid', 'leakyRelu', 'hardswish', 'softsign', 'softplus'],
      optimizer: 'momentum',
    };
    const hash = serializeState(longest);
    expect(parseState(hash).problems).toEqual([]);
    expect(hash.length).toBeLessThan(MAX_HASH_LENGTH / 3);
  });

  it('formatField writes a field as the URL does', () => {
    expect(formatField('lr', defaultState)).toBe('0.03');
    expect(formatField('layers', defaultState)).toBe('4:tanh,2:tanh');
    expect(formatField('showtest', defaultState)).toBe('1');
    expect(() => formatField('nope', defaultState)).toThrow(/unknown key 'nope'; valid keys are dataset, noise/);
  });

  it("the fuzzer's checker catches a parser that breaks a promise (it can fail)", () => {
    // A hand-made broken result: a notice-free hash whose value is not what the page uses.
    expect(checkHash('noise=10')).toEqual([]);
    expect(stateViolations({ ...defaultState, noise: 12 })).toEqual(['noise']);
    expect(stateViolations({ ...defaultState, speed: 3 })).toEqual(['speed']);
  });

  it('fuzz: 3,000 seeded mutated links — no throw, a renderable state, a notice naming every value not used as written', () => {
    const report = runFuzz(20261201, 3000);
    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    // The cases reach the interesting paths: most raise a notice, some are far beyond the length cap.
    expect(report.withNotice).toBeGreaterThan(1500);
    expect(report.withNotice).toBeLessThan(3000);
    expect(report.longestHash).toBeGreaterThan(MAX_HASH_LENGTH * 10);
  }, 60_000);
});
