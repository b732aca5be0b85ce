import { describe, expect, it } from 'vitest';
import { choleskySolve, fitTarget, powersOfTwo, targets } from './approximation';
import { makePlan } from './plan';

const config = { ...makePlan().approximation, maxWidth: 32, points1d: 129, points2d: 12 };
const errors = (target: 'sin' | 'abs' | 'step' | 'bump', entry: 'tanh' | 'sigmoid' | 'identity' | 'relu', seed = 1) =>
  fitTarget(target, entry, seed, config).map((r) => r.error);

describe('universal approximation at a small size', () => {
  it("identity's error is flat in width: a wider linear layer is still a linear fit", () => {
    for (const target of ['sin', 'abs', 'bump'] as const) {
      const e = errors(target, 'identity');
      expect(e).toHaveLength(6);
      for (const v of e) expect(v).toBeCloseTo(e[0]!, 6);
      // Far from zero: a line cannot follow two periods of a sine, a kink or a bump.
      expect(e[0]!).toBeGreaterThan(0.5);
    }
  });

  it("a squashing unit's error falls with width, by more than an order of magnitude", () => {
    for (const entry of ['tanh', 'sigmoid'] as const) {
      for (const target of ['sin', 'abs', 'bump'] as const) {
        const e = errors(target, entry);
        expect(e.at(-1)!).toBeLessThan(e[0]! / 10);
      }
      // The jump can only be approached in the mean: still a fall by a factor of several.
      const step = errors('step', entry);
      expect(step.at(-1)!).toBeLessThan(step[0]! / 3);
    }
  });

  it('the training error never rises with width: a narrow layer is the first units of the wide one', () => {
    const fits = fitTarget('sin', 'relu', 2, config);
    for (let i = 1; i < fits.length; i++)
      expect(fits[i]!.trainError).toBeLessThanOrEqual(fits[i - 1]!.trainError * (1 + 1e-6));
  });

  it('is seeded: the same seed gives the same errors, another seed others', () => {
    expect(errors('sin', 'tanh', 3)).toEqual(errors('sin', 'tanh', 3));
    expect(errors('sin', 'tanh', 4)).not.toEqual(errors('sin', 'tanh', 3));
  });

  it('defines its targets and widths', () => {
    expect(powersOfTwo(256)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(targets.step.f(0, 0)).toBe(0);
    expect(targets.step.f(1e-9, 0)).toBe(1);
    expect(targets.bump.f(0, 0)).toBe(1);
    expect(targets.sin.f(0.25, 0)).toBeCloseTo(1, 15);
  });

  it('solves a positive definite system exactly (Cholesky)', () => {
    // A·[1, −2, 3] = [0, −5, 7], by hand.
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = choleskySolve(a, Float64Array.from([0, -5, 7]), 3);
    expect(Array.from(x).map((v) => Number(v.toFixed(12)))).toEqual([1, -2, 3]);
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow(
      /not positive definite/,
    );
  });
});
