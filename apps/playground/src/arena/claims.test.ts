import { describe, expect, it } from 'vitest';
import type { ApproximationResult } from './approximation';
import { assessClaims, type Claim } from './claims';
import { makePlan } from './plan';
import type { RunResult } from './run';
import type { ArenaEntry } from './setups';
import { decide, verdictLabel } from './verdict';

describe('the decision rule', () => {
  const word = (test: Parameters<typeof decide>[0], low: number, high: number) => decide(test, low, high, 1, true).word;

  it('superiority: supported above 0 and beyond δ, refuted below +δ (tied or worse), inconclusive between', () => {
    expect(word('superiority', 0.5, 3)).toBe('supported');
    expect(word('superiority', -3, -1)).toBe('refuted');
    expect(word('superiority', 0.1, 0.9)).toBe('refuted'); // significant, but within the tie margin
    expect(word('superiority', -0.5, 0.8)).toBe('refuted');
    expect(word('superiority', -0.5, 2)).toBe('inconclusive');
  });

  it('non-inferiority and equivalence', () => {
    expect(word('non-inferiority', -0.5, 2)).toBe('supported');
    expect(word('non-inferiority', -3, -1.5)).toBe('refuted');
    expect(word('non-inferiority', -2, 0.5)).toBe('inconclusive');
    expect(word('equivalence', -0.5, 0.5)).toBe('supported');
    expect(word('equivalence', 1.5, 3)).toBe('refuted');
    expect(word('equivalence', -0.5, 1.5)).toBe('inconclusive');
  });

  it('an interval that is not finite (a diverged run, one seed) decides nothing', () => {
    expect(word('superiority', Number.NaN, Number.NaN)).toBe('inconclusive');
    expect(word('superiority', -Infinity, Infinity)).toBe('inconclusive');
  });

  it('a quick run is only ever indicative, with the leaning the full rule would give', () => {
    expect(decide('superiority', 0.5, 3, 1, false)).toEqual({ word: 'indicative', leaning: 'for' });
    expect(decide('superiority', -3, -1, 1, false)).toEqual({ word: 'indicative', leaning: 'against' });
    expect(verdictLabel(decide('superiority', -0.5, 2, 1, false))).toBe('indicative (leans neither way)');
    expect(verdictLabel(decide('superiority', 0.5, 3, 1, true))).toBe('supported');
  });
});

/** A guide-setup result with only what a claim reads filled in meaningfully. */
function fakeRun(entry: ArenaEntry, seed: number, accuracy: number, dead = 0): RunResult {
  return {
    setup: 'xor',
    entry,
    seed,
    epochs: 10,
    trainLoss: 1 - accuracy,
    testLoss: 1 - accuracy,
    trainAccuracy: accuracy,
    testAccuracy: accuracy,
    epochsToThreshold: accuracy > 0.9 ? 5 : null,
    meanTestMetric: accuracy - 0.05,
    deadFraction: dead,
    saturatedFraction: 0,
    initialDeadFraction: 0,
    initialSaturatedFraction: entry === 'rbf' ? 0.6 : 0,
    curveEpochs: [0, 10],
    testLossCurve: [1, 1 - accuracy],
    testAccuracyCurve: [0.5, accuracy],
  };
}

describe('claims read off the numbers', () => {
  const entries: ArenaEntry[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'identity'];
  const setupRuns = (seeds: readonly number[]) =>
    seeds.flatMap((seed) => {
      const wobble = ((seed * 37) % 11) / 1000; // seed-to-seed noise, the same for every activation
      return [
        fakeRun('sigmoid', seed, 0.96 + wobble),
        fakeRun('tanh', seed, 0.962 + wobble + (seed % 2) * 0.002),
        fakeRun('relu', seed, 0.97 + wobble, 0.2 + wobble),
        fakeRun('leakyRelu', seed, 0.97 + wobble, 0),
        fakeRun('identity', seed, 0.5 + wobble * 3),
      ];
    });
  const claimsFor = (quick: boolean): Claim[] => {
    const plan = makePlan({ quick, seeds: 10, experiments: ['setups'], setups: ['xor'], entries });
    return assessClaims({ plan, setups: setupRuns(plan.seeds), approximation: [], depth: [], gelu: [] });
  };
  const byId = (claims: Claim[], id: string) => claims.find((c) => c.id === id)!;

  it('supports what the numbers show, refutes a tie, and pairs by seed', () => {
    const claims = claimsFor(false);
    const xor = byId(claims, 'no-nonlinearity-no-xor');
    expect(xor.primary.verdict.word).toBe('supported');
    expect(xor.primary.n).toBe(10);
    expect(xor.primary.estimate).toBeGreaterThan(40);
    // tanh is ahead by 0.2 points, 0.4 on odd seeds (mean 0.3): well inside the 1-point tie margin.
    const tanh = byId(claims, 'tanh-beats-sigmoid');
    expect(tanh.primary.verdict.word).toBe('refuted');
    expect(tanh.primary.high).toBeLessThan(1);
    expect(tanh.primary.estimate).toBeCloseTo(0.3, 10);
    const dead = byId(claims, 'relu-dead-units');
    expect(dead.primary.verdict.word).toBe('supported');
    expect(dead.details.map((d) => d.label)).toEqual(['xor']);
    // Swish, softplus, Maxout and RBF did not run: their claims are left out, not guessed.
    expect(claims.map((c) => c.id)).not.toContain('swish-beats-relu');
  });

  it('the same numbers from a quick run give only indicative verdicts', () => {
    const claims = claimsFor(true);
    expect(claims.length).toBeGreaterThan(2);
    for (const c of claims) expect(c.primary.verdict.word).toBe('indicative');
    expect(byId(claims, 'no-nonlinearity-no-xor').primary.verdict.leaning).toBe('for');
  });

  it('universal approximation: identity flat is supported as a tie, a falling tanh as a fall', () => {
    const plan = {
      ...makePlan({ experiments: ['approximation'] }),
      approximation: { ...makePlan().approximation, entries: ['tanh', 'identity'] as ArenaEntry[], maxWidth: 4 },
    };
    const approximation: ApproximationResult[] = plan.seeds.flatMap((seed) =>
      plan.approximation.targets.flatMap((target) =>
        [1, 2, 4].flatMap((width) => [
          { target, entry: 'identity' as const, width, seed, error: 0.8 + seed / 100, trainError: 0.8 },
          { target, entry: 'tanh' as const, width, seed, error: 0.5 / width ** (3 + seed / 10), trainError: 0 },
        ]),
      ),
    );
    const claims = assessClaims({ plan, setups: [], approximation, depth: [], gelu: [] });
    expect(byId(claims, 'identity-does-not-approximate').primary.verdict.word).toBe('supported');
    const squash = byId(claims, 'squashing-units-approximate');
    expect(squash.primary.verdict.word).toBe('supported');
    // error(1)/error(4) = 4^(3 + seed/10): log10 of it averaged over seeds 1…10.
    expect(squash.primary.estimate).toBeCloseTo(Math.log10(4) * 3.55, 10);
    expect(squash.primary.unit).toBe('factor');
  });
});
