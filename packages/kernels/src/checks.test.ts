import { describe, expect, test } from 'vitest';
import {
  allocateFloatArray,
  checkAllocation,
  checkChoice,
  checkDtype,
  checkFloatArray,
  checkInteger,
  checkNumber,
  checkOptions,
  checkShape,
  describeValue,
  MAX_ELEMENTS,
} from './checks';

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

describe('array, shape and allocation checks', () => {
  test('checkShape returns the element count and names the bad dimension', () => {
    expect(checkShape('zeros', 'shape', [2, 3])).toBe(6);
    expect(checkShape('zeros', 'shape', [])).toBe(1);
    expect(() => checkShape('zeros', 'shape', [2, -1])).toThrow(
      'zeros: shape must be an array of non-negative integers such as [2, 3], but dimension 1 is -1',
    );
    expect(() => checkShape('zeros', 'shape', 'x')).toThrow('got "x" (string of length 1)');
  });
  test('checkDtype and checkFloatArray say what came', () => {
    expect(() => checkDtype('to', 'dtype', 'float16')).toThrow(
      `to: dtype must be 'float32' or 'float64', got "float16" (string of length 7)`,
    );
    expect(() => checkFloatArray('exp', 'x', [1, 2])).toThrow(
      'exp: x must be a Float32Array or a Float64Array, got an array of length 2',
    );
    expect(() => checkFloatArray('exp', 'x', new Float64Array(1))).not.toThrow();
  });
  test('a size no typed array can hold is named, with its bytes, before anything is allocated', () => {
    expect(() => allocateFloatArray('matmul', 'float64', 2 ** 33)).toThrow(
      'matmul: the result needs 8589934592 float64 elements, 68.7 GB (68719476736 bytes): more than a typed array ' +
        'can hold (4294967296 elements); use smaller sizes (or split the work into batches)',
    );
    expect(() => checkAllocation('zeros', 'float32', MAX_ELEMENTS + 1)).toThrow(/^zeros: the result needs 4294967297/);
    expect(() => checkAllocation('zeros', 'float32', MAX_ELEMENTS)).not.toThrow();
    expect(() => allocateFloatArray('op', 'float32', -1)).toThrow('op: cannot allocate -1 elements');
    expect(() => allocateFloatArray('op', 'float32', 1.5)).toThrow('op: cannot allocate 1.5 elements');
    expect(allocateFloatArray('op', 'float64', 3)).toEqual(new Float64Array(3));
    expect(allocateFloatArray('op', 'float32', 2 ** 26 + 1)).toHaveLength(2 ** 26 + 1);
  });
});
