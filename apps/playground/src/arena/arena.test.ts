import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { createLayersModel } from '../train/layers-model';
import { DIGIT_FEATURES, loadDigits, parseDigits, stratifiedSplit } from './digits';
import { summarize, trainOne } from './run';
import { digitsPath, hiddenLayersFor, setups } from './setups';
import { curveEpochs } from './train-loop';

describe('digits data', () => {
  const digits = loadDigits(digitsPath);

  it('has 1,797 images of 64 pixels scaled into [0, 1], classes 0–9', () => {
    expect(digits.n).toBe(1797);
    expect(digits.inputs).toBe(DIGIT_FEATURES);
    expect(Math.min(...digits.x)).toBe(0);
    expect(Math.max(...digits.x)).toBe(1);
    expect(new Set(digits.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The first row of the file, by hand: pixel 2 is 5/16 and the class is 0.
    expect(digits.x[2]).toBe(5 / 16);
    expect(digits.y[0]).toBe(0);
  });

  it('splits 75/25 within every class, seeded, with no image on both sides', () => {
    const { train, test } = stratifiedSplit(digits, 0.75, createRng(1));
    expect(train.n + test.n).toBe(1797);
    for (let c = 0; c < 10; c++) {
      const total = digits.y.filter((v) => v === c).length;
      const inTrain = train.y.filter((v) => v === c).length;
      expect(inTrain).toBe(Math.round(0.75 * total));
    }
    const again = stratifiedSplit(digits, 0.75, createRng(1));
    expect(Array.from(again.test.x)).toEqual(Array.from(test.x));
    const other = stratifiedSplit(digits, 0.75, createRng(2));
    expect(Array.from(other.test.x)).not.toEqual(Array.from(test.x));
  });

  it('rejects a malformed row, naming the line', () => {
    expect(() => parseDigits('1,2,3\n')).toThrow(/line 1 has 3 columns, expected 65/);
    expect(() => parseDigits(`${'0,'.repeat(64)}12\n`)).toThrow(/line 1 has class '12'/);
  });
});

describe("the guide's setups", () => {
  it('the same seed gives identical numbers; another seed gives others; curves are read at curveEpochs', () => {
    const xor = setups.find((s) => s.name === 'xor')!;
    const a = trainOne(xor, 'relu', 1, 3, createLayersModel);
    const b = trainOne(xor, 'relu', 1, 3, createLayersModel);
    const c = trainOne(xor, 'relu', 2, 3, createLayersModel);
    expect(a).toEqual(b);
    expect(a.testLossCurve).not.toEqual(c.testLossCurve);
    expect(a.curveEpochs).toEqual([0, 1, 2, 3]);
    expect(a.testLossCurve).toHaveLength(4);
    expect(a.testAccuracyCurve).toHaveLength(4);
    // The epoch-averaged test accuracy lies between the worst and the best epoch.
    const [, ...trained] = a.testAccuracyCurve;
    expect(a.meanTestMetric).toBeGreaterThanOrEqual(Math.min(...trained));
    expect(a.meanTestMetric).toBeLessThanOrEqual(Math.max(...trained));
  });

  it('curves keep at most about 50 points and always the last epoch', () => {
    expect(curveEpochs(3)).toEqual([0, 1, 2, 3]);
    const long = curveEpochs(200);
    expect(long.length).toBeLessThanOrEqual(52);
    expect(long.at(-1)).toBe(200);
    expect(long[1]).toBe(4);
  });

  it('build the right hidden layers for Maxout and RBF', () => {
    const digits = setups.find((s) => s.name === 'digits')!;
    expect(hiddenLayersFor(digits, 'relu')).toEqual([{ kind: 'activation', units: 64, activation: 'relu' }]);
    expect(hiddenLayersFor(digits, 'maxout')).toEqual([{ kind: 'maxout', units: 64, poolSize: 2 }]);
    expect(hiddenLayersFor(digits, 'rbf')).toEqual([{ kind: 'rbf', units: 64, gamma: 0.1 }]);
    expect(digits.options).toEqual({ optimizer: 'adam', learningRate: 3e-3, batchSize: 64, l1: 0, l2: 0 });
    expect(digits.epochs).toBe(30);
  });

  it('summaries group runs by setup × activation, counting seeds that reached the threshold', () => {
    const xor = setups.find((s) => s.name === 'xor')!;
    const runs = [1, 2].flatMap((seed) => [
      trainOne(xor, 'relu', seed, 2, createLayersModel),
      trainOne(xor, 'identity', seed, 2, createLayersModel),
    ]);
    const summaries = summarize(runs);
    expect(summaries.map((s) => [s.setup, s.entry, s.seeds])).toEqual([
      ['xor', 'relu', 2],
      ['xor', 'identity', 2],
    ]);
    const relu = summaries[0]!;
    expect(relu.testAccuracy.mean).toBeCloseTo((runs[0]!.testAccuracy + runs[2]!.testAccuracy) / 2, 12);
    expect(relu.reached).toBe(runs.filter((r) => r.entry === 'relu' && r.epochsToThreshold !== null).length);
  });
});
