import { describe, expect, test } from 'vitest';
import { checkChoice, checkInteger, checkNumber, checkOptions, describeValue } from './checks';

describe('checkOptions', () => {
  test('accepts undefined, known keys and keys set to undefined', () => {
    expect(() => checkOptions('SGD', undefined, ['lr', 'momentum'])).not.toThrow();
    expect(() => checkOptions('SGD', { lr: 0.1, momentum: undefined }, ['lr', 'momentum'])).not.toThrow();
  });
  test('an unknown key names it and lists the valid keys', () => {
    expect(() => checkOptions('SGD', { lr: 0.1, mommentum: 0.9 }, ['lr', 'momentum'])).toThrow(
      "SGD: unknown option 'mommentum'. Valid options: lr, momentum.",
    );
  });
  test('a non-object options argument is refused with what came', () => {
    expect(() => checkOptions('mseLoss', 'sum', ['reduction'])).toThrow(
      'mseLoss: options must be an object such as { reduction: … }, got "sum" (string of length 3). Valid options: reduction.',
    );
    for (const bad of [null, 3, [1], new Float32Array(2), () => 1]) {
      expect(() => checkOptions('op', bad, ['a'])).toThrow(/^op: options must be an object/);
    }
  });
  test('inherited keys are not options', () => {
    const proto = { inherited: 1 };
    expect(() => checkOptions('op', Object.create(proto), ['a'])).not.toThrow();
  });
});

describe('value checks', () => {
  test('checkInteger names the op, the argument, the range and what came', () => {
    expect(() => checkInteger('Linear', 'inFeatures', 2.5)).toThrow(
      'Linear: inFeatures must be an integer ≥ 0, got 2.5',
    );
    expect(() => checkInteger('transpose', 'dim1', 7, -1, 0)).toThrow(
      'transpose: dim1 must be an integer in [-1, 0], got 7',
    );
    expect(() => checkInteger('op', 'n', '3')).toThrow('got "3" (string of length 1)');
    expect(() => checkInteger('op', 'n', 3)).not.toThrow();
  });
  test('checkNumber refuses NaN, infinities by default and out-of-range values', () => {
    expect(() => checkNumber('SGD', 'lr', Number.NaN, { min: 0, minExclusive: true })).toThrow(
      'SGD: lr must be a finite number > 0, got NaN',
    );
    expect(() => checkNumber('op', 'x', Number.POSITIVE_INFINITY)).toThrow('must be a finite number, got Infinity');
    expect(() => checkNumber('op', 'x', Number.POSITIVE_INFINITY, { finite: false })).not.toThrow();
    expect(() => checkNumber('Random.normal', 'std', -1, { min: 0 })).toThrow(
      'std must be a finite number ≥ 0, got -1',
    );
  });
  test('checkChoice lists the choices', () => {
    expect(() => checkChoice('mseLoss', 'reduction', 'summ', ['mean', 'sum', 'none'])).toThrow(
      "mseLoss: reduction must be one of 'mean', 'sum', 'none', got \"summ\" (string of length 4)",
    );
  });
  test('describeValue is bounded for long strings', () => {
    const shown = describeValue('x'.repeat(1_000_000));
    expect(shown.length).toBeLessThan(120);
    expect(shown).toContain('length 1000000');
    expect(describeValue(new Map())).toBe('a Map');
    expect(describeValue({})).toBe('a plain object');
    expect(describeValue(new Float64Array(4))).toBe('Float64Array(4)');
    expect(describeValue(-0)).toBe('-0');
  });
});
