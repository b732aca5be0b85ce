import { describe, expect, it } from 'vitest';
import { createRng } from '../data/rng';
import { createLayersModel } from '../train/layers-model';
import { assessClaims } from './claims';
import { DIGIT_FEATURES, loadDigits, parseDigits, stratifiedSplit } from './digits';
import { markdownTable, textTable, toJson, toSvg } from './report';
import { meanSd, type Summary, summarize, trainOne } from './run';
import { digitsPath, hiddenLayersFor, setups } from './setups';

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

describe('arena runs', () => {
  it('the same seed gives identical numbers; another seed gives others', () => {
    const xor = setups.find((s) => s.name === 'xor')!;
    const a = trainOne(xor, 'relu', 1, 3, createLayersModel);
    const b = trainOne(xor, 'relu', 1, 3, createLayersModel);
    const c = trainOne(xor, 'relu', 2, 3, createLayersModel);
    expect(a).toEqual(b);
    expect(a.testLossCurve).not.toEqual(c.testLossCurve);
    expect(a.testLossCurve).toHaveLength(4);
  });
});

describe('arena summaries and reports', () => {
  it('mean and sample standard deviation', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: Math.sqrt(5 / 3) });
    expect(meanSd([7])).toEqual({ mean: 7, sd: 0 });
  });

  it('setups build the right hidden layers for Maxout and RBF', () => {
    const digits = setups.find((s) => s.name === 'digits')!;
    expect(hiddenLayersFor(digits, 'relu')).toEqual([{ kind: 'activation', units: 64, activation: 'relu' }]);
    expect(hiddenLayersFor(digits, 'maxout')).toEqual([{ kind: 'maxout', units: 64, poolSize: 2 }]);
    expect(hiddenLayersFor(digits, 'rbf')).toEqual([{ kind: 'rbf', units: 64, gamma: 0.1 }]);
    expect(digits.options).toEqual({ optimizer: 'adam', learningRate: 1e-3, batchSize: 64, l1: 0, l2: 0 });
    expect(digits.epochs).toBe(100);
  });

  const run = (entry: 'relu' | 'identity' | 'leakyRelu', seed: number, acc: number, dead: number) => ({
    setup: 'xor' as const,
    entry,
    seed,
    epochs: 10,
    trainLoss: 1 - acc,
    testLoss: 1 - acc,
    trainAccuracy: acc,
    testAccuracy: acc,
    epochsToThreshold: acc > 0.9 ? 5 + seed : null,
    deadFraction: dead,
    saturatedFraction: 0,
    initialDeadFraction: 0,
    initialSaturatedFraction: 0,
    testLossCurve: [1, 1 - acc],
  });

  it('groups runs by setup × activation, counting seeds that reached the threshold', () => {
    const summaries = summarize([
      run('relu', 1, 0.96, 0.25),
      run('relu', 2, 0.98, 0),
      run('identity', 1, 0.5, 0),
      run('identity', 2, 0.52, 0),
    ]);
    const relu = summaries.find((s) => s.entry === 'relu')!;
    expect(relu.testAccuracy.mean).toBeCloseTo(0.97, 12);
    expect(relu.reached).toBe(2);
    expect(relu.epochsToThreshold.mean).toBe(6.5);
    expect(summaries.find((s) => s.entry === 'identity')!.reached).toBe(0);
  });

  it('reads the XOR and dead-unit claims off the numbers', () => {
    const summaries: Summary[] = summarize([
      run('relu', 1, 0.96, 0.25),
      run('leakyRelu', 1, 0.97, 0),
      run('identity', 1, 0.5, 0),
    ]);
    const claims = assessClaims(summaries).join('\n');
    expect(claims).toMatch(/No non-linearity, no XOR\*\* — supported: the identity network reaches 50.0%/);
    expect(claims).toMatch(/LeakyReLU fixes it\*\* — supported: ReLU dead units up to 25.0% \(xor\)/);
  });

  it('formats tables, JSON without NaN, and a well-formed SVG', () => {
    expect(textTable(['a', 'b'], [['x', '1.0']])).toBe('a    b\n─  ───\nx  1.0');
    expect(markdownTable(['a', 'bb'], [['xy', '1']])).toBe('| a   |  bb |\n| :-- | --: |\n| xy  |   1 |');
    const summaries = summarize([run('relu', 1, 0.9, 0), { ...run('identity', 1, 0.5, 0), testLoss: Number.NaN }]);
    const meta = { quick: true, seeds: [1], entries: ['relu', 'identity'] as const, epochs: { xor: 10 } };
    const json = JSON.parse(toJson({ ...meta, entries: [...meta.entries] }, summaries, []));
    expect(json.summaries[1].testLoss.mean).toBeNull();
    const svg = toSvg([setups[0]], summaries, { ...meta, entries: [...meta.entries] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('90.0%');
  });
});
