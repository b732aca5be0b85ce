// The activation table against real PyTorch. Every test iterates over the table or over the fixture's
// cases, so a new entry is covered by adding it and its reference values, with no new test code.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  type ActivationEntry,
  type ActivationName,
  activationAliases,
  activationBackward,
  activationForward,
  activationNames,
  activations,
  getActivation,
  isActivationName,
  resolveActivationParams,
} from './activations';
import { erf, erfc } from './activations/erf';
import { expm1NonPositive, log1pUnit, log1pUnitFloat32, tableExp, tanhScalar } from './activations/fast-math';
import type { FloatArray } from './types';

type Encoded = number | 'nan' | 'inf' | '-inf';

interface FixtureCase {
  readonly name: string;
  readonly params: Record<string, number | string>;
  readonly kinks: number[];
  readonly y: Encoded[];
  readonly dx: Encoded[];
  readonly nonFiniteY: Encoded[];
}

interface Fixture {
  readonly torch: string;
  readonly dtype: 'float32' | 'float64';
  readonly x: Encoded[];
  readonly dy: Encoded[];
  readonly cases: FixtureCase[];
  readonly math?: Record<string, { x: Encoded[]; y: Encoded[] }>;
}

const decode = (v: Encoded): number =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;

function loadFixture(dtype: 'float32' | 'float64'): Fixture {
  const url = new URL(`../fixtures/activations-${dtype}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

const fixtures = { float32: loadFixture('float32'), float64: loadFixture('float64') };

function typed(dtype: 'float32' | 'float64', values: readonly Encoded[] | readonly number[]): FloatArray {
  const numbers = values.map((v) => (typeof v === 'number' ? v : decode(v)));
  return dtype === 'float32' ? Float32Array.from(numbers) : Float64Array.from(numbers);
}

/** torch.testing's float32 tolerance; float64 gets 1e-12 both ways (torch's own is rtol 1e-7, atol 1e-7). */
const TOLERANCE = {
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-12, atol: 1e-12 },
} as const;

function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** The first few disagreements, readable in a failure message; [] when all agree. */
function mismatches(
  xs: ArrayLike<number>,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol: number,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < expected.length && out.length < 5; i++) {
    if (!close(actual[i]!, expected[i]!, rtol, atol)) {
      out.push(`x=${xs[i]} expected ${expected[i]} got ${actual[i]}`);
    }
  }
  return out;
}

const caseLabel = (c: FixtureCase) => `${c.name} ${JSON.stringify(c.params)}`;

function entryOf(c: FixtureCase): ActivationEntry {
  return getActivation(c.name);
}

describe('the fixtures cover the table', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`${dtype}: every table entry has PyTorch reference values with its default parameters`, () => {
      const fixture = fixtures[dtype];
      const missing = activationNames.filter((name) => {
        const defaults = resolveActivationParams(name);
        return !fixture.cases.some(
          (c) =>
            c.name === name && JSON.stringify(resolveActivationParams(name, c.params)) === JSON.stringify(defaults),
        );
      });
      expect(missing, 'add these to CASES in fixtures/generate.py and rerun it').toEqual([]);
    });

    test(`${dtype}: every fixture case names a table entry with valid parameters`, () => {
      for (const c of fixtures[dtype].cases) {
        expect(isActivationName(c.name), c.name).toBe(true);
        expect(() => resolveActivationParams(c.name as ActivationName, c.params)).not.toThrow();
      }
    });
  }

  test('the fixtures hold every point the issue asks for', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const xs = fixtures[dtype].x.map(decode);
      for (const p of [1000, 100, 88.7, 30, 20.5, 20, 6, 3, 1, 1e-4, 0]) {
        expect(xs.some((v) => v === Math.fround(p) || v === p)).toBe(true);
        expect(xs.some((v) => v === -Math.fround(p) || v === -p)).toBe(true);
      }
      expect(xs.filter((v) => v >= -10 && v <= 10).length).toBeGreaterThanOrEqual(1000);
    }
  });
});

for (const dtype of ['float32', 'float64'] as const) {
  const fixture = fixtures[dtype];
  const { rtol, atol } = TOLERANCE[dtype];
  const x = typed(dtype, fixture.x);
  const dy = typed(dtype, fixture.dy);

  describe(`${dtype}: forward and backward match PyTorch ${fixture.torch} (rtol ${rtol}, atol ${atol})`, () => {
    for (const c of fixture.cases) {
      test(caseLabel(c), () => {
        const entry = entryOf(c);
        const p = resolveActivationParams(entry.name, c.params);
        const y = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
        entry.forward(x, y, p);
        expect(mismatches(x, y, c.y.map(decode), rtol, atol), 'forward').toEqual([]);
        const dx = dtype === 'float32' ? new Float32Array(x.length) : new Float64Array(x.length);
        // The backward reads our own y, as autograd will.
        entry.backward(x, y, dy, dx, p);
        expect(mismatches(x, dx, c.dx.map(decode), rtol, atol), 'backward').toEqual([]);
      });

      test(`${caseLabel(c)} at +inf, -inf, nan`, () => {
        const entry = entryOf(c);
        const inputs = typed(dtype, [Infinity, -Infinity, Number.NaN]);
        const y = activationForward(entry.name, inputs, c.params);
        expect(mismatches(inputs, y, c.nonFiniteY.map(decode), rtol, atol)).toEqual([]);
      });
    }
  });
}

describe('float64 gradients agree with central finite differences (away from kinks)', () => {
  const fixture = fixtures.float64;
  // The fixture's 1,000 uniform points in [-10, 10], and a few larger magnitudes.
  const xs = fixture.x
    .map(decode)
    .filter((v) => Math.abs(v) <= 10)
    .concat([-40, -25, 15, 25, 40]);
  for (const c of fixture.cases) {
    test(caseLabel(c), () => {
      const entry = entryOf(c);
      const p = resolveActivationParams(entry.name, c.params);
      const points = Float64Array.from(xs.filter((v) => c.kinks.every((k) => Math.abs(v - k) > 1e-3)));
      const n = points.length;
      const step = points.map((v) => 1e-6 * Math.max(1, Math.abs(v)));
      const plus = points.map((v, i) => v + step[i]!);
      const minus = points.map((v, i) => v - step[i]!);
      const fPlus = new Float64Array(n);
      const fMinus = new Float64Array(n);
      entry.forward(plus, fPlus, p);
      entry.forward(minus, fMinus, p);
      const y = new Float64Array(n);
      entry.forward(points, y, p);
      const dx = new Float64Array(n);
      entry.backward(points, y, new Float64Array(n).fill(1), dx, p);
      const bad: string[] = [];
      for (let i = 0; i < n && bad.length < 5; i++) {
        const numeric = (fPlus[i]! - fMinus[i]!) / (plus[i]! - minus[i]!);
        if (Math.abs(numeric - dx[i]!) > 1e-6 * Math.max(1, Math.abs(numeric))) {
          bad.push(`x=${points[i]} finite difference ${numeric} backward ${dx[i]}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});

describe('NaN in gives NaN out; no finite input gives NaN or ±Infinity', () => {
  const extremes = {
    float32: [3e38, 1e38, 1e30, 1e10, 1e5, 1000, 104, 89, 88.7, 20.5, 1e-30, 1e-38, 1e-45, 0],
    float64: [1e307, 1e300, 1e200, 1e155, 1e154, 1e100, 1e10, 1000, 746, 745.2, 710, 709.79, 1e-300, 5e-324, 0],
  };
  for (const dtype of ['float32', 'float64'] as const) {
    for (const c of fixtures[dtype].cases) {
      test(`${dtype} ${caseLabel(c)}`, () => {
        const entry = entryOf(c);
        const p = resolveActivationParams(entry.name, c.params);
        const xs = typed(dtype, [...extremes[dtype], ...extremes[dtype].map((v) => -v), ...c.kinks]);
        const n = xs.length;
        const y = activationForward(entry.name, xs, p);
        const bad: string[] = [];
        y.forEach((v, i) => {
          if (!Number.isFinite(v)) bad.push(`forward x=${xs[i]} gave ${v}`);
        });
        for (const g of [1, -0.5]) {
          const dx = activationBackward(entry.name, xs, y, typed(dtype, new Array(n).fill(g)), p);
          dx.forEach((v, i) => {
            if (!Number.isFinite(v)) bad.push(`backward x=${xs[i]} dy=${g} gave ${v}`);
          });
        }
        expect(bad).toEqual([]);

        const nan = typed(dtype, [Number.NaN]);
        const yNan = activationForward(entry.name, nan, p);
        const dxNan = activationBackward(entry.name, nan, yNan, typed(dtype, [1]), p);
        expect([yNan[0], dxNan[0]]).toEqual([Number.NaN, Number.NaN]);
      });
    }
  }
});

describe('PyTorch kink values, stated plainly (the fixtures check them too)', () => {
  const at = (name: ActivationName, x: number, params = {}) => {
    const xs = new Float64Array([x]);
    const y = activationForward(name, xs, params);
    return activationBackward(name, xs, y, new Float64Array([1]), params)[0];
  };
  test.each([
    ['relu', 0, {}, 0],
    ['leakyRelu', 0, {}, 0.01],
    ['leakyRelu', 0, { negativeSlope: 0.2 }, 0.2],
    ['relu6', 0, {}, 0],
    ['relu6', 6, {}, 0],
    ['hardswish', -3, {}, -0.5],
    ['hardswish', 3, {}, 1],
    ['hardsigmoid', -3, {}, 0],
    ['hardsigmoid', 3, {}, 0],
    ['elu', 0, {}, 1],
    ['elu', 0, { alpha: 0.5 }, 0.5],
    ['softplus', 20.000001, {}, 1],
  ] as const)("%s'(%d) with %j is %d", (name, x, params, expected) => {
    expect(at(name, x, params)).toBe(expected);
  });

  test('leakyRelu with a slope so large that slope + (1 - slope) is not 1 (the branchy path)', () => {
    // PyTorch 1.13: leaky_relu([-2, 0, 3, -1e-4], 1e17) and its gradient for dy = 0.5.
    const x = new Float64Array([-2, 0, 3, -1e-4]);
    const params = { negativeSlope: 1e17 };
    const y = activationForward('leakyRelu', x, params);
    expect(Array.from(y)).toEqual([-2e17, 0, 3, -1e13]);
    const dx = activationBackward('leakyRelu', x, y, new Float64Array(4).fill(0.5), params);
    expect(Array.from(dx)).toEqual([5e16, 5e16, 0.5, 5e16]);
  });

  test('softplus is the log form at beta*x = threshold and exactly x above it', () => {
    const xs = new Float64Array([20, 20.000001]);
    const y = activationForward('softplus', xs);
    expect(y[0]).toBeGreaterThan(20);
    expect(y[1]).toBe(20.000001);
  });
});

describe('the table', () => {
  test.each(activationNames)('%s is complete and its defaults are valid', (name) => {
    const entry: ActivationEntry = activations[name];
    expect(entry.name).toBe(name);
    expect(Object.isFrozen(entry)).toBe(true);
    for (const text of [entry.formula, entry.stableForm, entry.derivative]) expect(text.length).toBeGreaterThan(0);
    expect(Object.isFrozen(entry.onnx) && Object.isFrozen(entry.onnx.expression)).toBe(true);
    // A lowering whose operator is newer than some opset says which, and how to compute it before.
    expect(entry.onnx.since === undefined).toBe(entry.onnx.olderOpsets === undefined);
    expect(entry.torch.functional).toMatch(/^torch\./);
    expect(entry.torch.module).toMatch(/^torch\.nn\./);
    expect(['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']).toContain(entry.gain);
    expect(['input', 'output']).toContain(entry.backwardUses);
    expect(() => resolveActivationParams(name)).not.toThrow();
  });

  test('an output-based backward reads only y, an input-based one only x', () => {
    for (const name of activationNames) {
      const entry: ActivationEntry = activations[name];
      const p = resolveActivationParams(name);
      const xs = new Float64Array([-2, -0.5, 0.5, 2]);
      const y = activationForward(name, xs, p);
      const garbage = new Float64Array(4).fill(123.25);
      const expected = activationBackward(name, xs, y, new Float64Array(4).fill(1), p);
      const dx = new Float64Array(4);
      if (entry.backwardUses === 'output') entry.backward(garbage, y, new Float64Array(4).fill(1), dx, p);
      else entry.backward(xs, garbage, new Float64Array(4).fill(1), dx, p);
      expect(Array.from(dx), name).toEqual(Array.from(expected));
    }
  });

  test('out may alias x and dx may alias dy; dtypes are preserved', () => {
    for (const name of activationNames) {
      const p = resolveActivationParams(name);
      const source = [-4, -1, -0.25, 0.5, 2, 7];
      const x32 = Float32Array.from(source);
      const y32 = activationForward(name, x32, p);
      expect(y32).toBeInstanceOf(Float32Array);
      const inPlace = Float32Array.from(source);
      activationForward(name, inPlace, p, inPlace);
      expect(Array.from(inPlace), name).toEqual(Array.from(y32));
      const dy = Float64Array.from([0.5, -1, 2, 1, -3, 0.25]);
      const x64 = Float64Array.from(source);
      const dx = activationBackward(name, x64, null, dy, p);
      expect(dx).toBeInstanceOf(Float64Array);
      const dyCopy = Float64Array.from(dy);
      activationBackward(name, x64, activationForward(name, x64, p), dyCopy, p, dyCopy);
      expect(Array.from(dyCopy), name).toEqual(Array.from(dx));
    }
  });

  test('empty arrays are fine', () => {
    for (const name of activationNames) {
      expect(activationForward(name, new Float32Array(0)).length).toBe(0);
      expect(activationBackward(name, new Float64Array(0), null, new Float64Array(0)).length).toBe(0);
    }
  });

  test("the alias map and the entries' own aliases agree", () => {
    const fromEntries = activationNames.flatMap((name) => activations[name].aliases.map((alias) => [alias, name]));
    expect(Object.fromEntries(fromEntries)).toEqual({ ...activationAliases });
    for (const [alias, name] of Object.entries(activationAliases)) expect(getActivation(alias).name).toBe(name);
  });

  test('silu is an alias of swish', () => {
    expect(getActivation('silu')).toBe(activations.swish);
    expect(Array.from(activationForward('silu', new Float64Array([1])))).toEqual(
      Array.from(activationForward('swish', new Float64Array([1]))),
    );
  });
});

describe('errors list what is valid', () => {
  test('an unknown name', () => {
    expect(() => getActivation('gelu2')).toThrow(
      /^getActivation: unknown activation "gelu2" \(string of length 5\)\. Valid names: sigmoid, tanh, relu.*silu → swish/,
    );
    expect(() => activationForward('Relu' as ActivationName, new Float32Array(1))).toThrow(/Valid names/);
  });

  test.each([
    [
      'softplus',
      { beta: 0 },
      /softplus: parameter beta must be a finite number > 0, got 0\. .*beta \(a finite number > 0, default 1\)/,
    ],
    ['softplus', { beta: -1 }, /beta must be a finite number > 0, got -1/],
    ['softplus', { threshold: Number.NaN }, /threshold must be a finite number, got NaN/],
    ['leakyRelu', { negativeSlope: Number.NaN }, /negativeSlope must be a finite number, got NaN.*default 0\.01/],
    ['leakyRelu', { negativeSlope: Infinity }, /negativeSlope must be a finite number, got Infinity/],
    ['gelu', { approximate: 'foo' }, /approximate must be one of 'none', 'tanh', got 'foo'/],
    ['elu', { alpha: '1' }, /alpha must be a finite number, got '1'/],
    [
      'leakyRelu',
      { slope: 0.2 },
      /leakyRelu: unknown parameter 'slope'\. Valid parameters of leakyRelu: negativeSlope/,
    ],
    ['relu', { negativeSlope: 0.2 }, /relu: unknown parameter 'negativeSlope'\. relu takes no parameters/],
  ] as const)('%s %j', (name, params, message) => {
    expect(() => resolveActivationParams(name as ActivationName, params as never)).toThrow(message);
  });

  test('defaults are filled in and given values kept', () => {
    expect(resolveActivationParams('softplus', { beta: 2 })).toEqual({ beta: 2, threshold: 20 });
    expect(resolveActivationParams('silu')).toEqual({ beta: 1 });
    expect(resolveActivationParams('gelu', { approximate: 'tanh' })).toEqual({ approximate: 'tanh' });
    // The defaults are resolved once and shared (frozen, so no caller can change them for another).
    const defaults = resolveActivationParams('softplus');
    expect(resolveActivationParams('softplus')).toBe(defaults);
    expect(Object.isFrozen(defaults)).toBe(true);
  });

  test('mismatched lengths name the op and the lengths', () => {
    expect(() => activationForward('relu', new Float32Array(3), {}, new Float32Array(2))).toThrow(
      /activationForward: out has 2 elements but the result has 3/,
    );
    expect(() =>
      activationBackward(
        'tanh',
        new Float32Array(3),
        new Float32Array(3),
        new Float32Array(4),
        {},
        new Float32Array(3),
      ),
    ).toThrow(/activationBackward: dy has 4 elements but x has 3/);
  });
});

describe('scalar helpers match PyTorch float64 (exp, expm1, tanh, log1p, erf, erfc)', () => {
  const math = fixtures.float64.math;
  const helpers: Record<string, (v: number) => number> = {
    exp: tableExp,
    expm1: expm1NonPositive,
    tanh: tanhScalar,
    log1p: log1pUnit,
    erf,
    erfc,
  };
  test.each(Object.keys(helpers))('%s within 4e-15 relative', (key) => {
    const reference = math?.[key];
    expect(reference, `fixture math.${key}`).toBeDefined();
    const xs = reference!.x.map(decode);
    const got = xs.map(helpers[key]!);
    // Subnormal results carry no relative precision; 1e-307 absolute covers them.
    expect(mismatches(xs, got, reference!.y.map(decode), 4e-15, 1e-307)).toEqual([]);
  });

  test('the float32-grade log1p is within 2e-9 relative (float32 rounding is 6e-8)', () => {
    const reference = math!.log1p!;
    const xs = reference.x.map(decode);
    expect(mismatches(xs, xs.map(log1pUnitFloat32), reference.y.map(decode), 2e-9, 0)).toEqual([]);
  });
});
