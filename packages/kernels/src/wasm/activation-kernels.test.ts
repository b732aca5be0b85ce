// The wasm activation kernels against their scalar references (the js table entries) and against PyTorch's
// fixtures, entry by entry from the table, so a new entry is covered without new test code.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ActivationEntry,
  type ActivationName,
  activationNames,
  activations,
  getActivation,
  resolveActivationParams,
} from '../activations';
import { Random } from '../random';
import { getNumThreads, setNumThreads, startedThreads } from '../threads';
import { activationKernels, activationThresholds } from './activation-kernels';
import { loadWasmSync } from './heap';

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
  readonly x: Encoded[];
  readonly dy: Encoded[];
  readonly cases: FixtureCase[];
}
const decode = (v: Encoded): number =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/activations-float32.json', import.meta.url), 'utf8'),
);

const { activation, activationGrad } = activationKernels as Required<typeof activationKernels>;

const saved = { ...activationThresholds };
beforeAll(() => {
  expect(loadWasmSync(), 'the wasm module loads here').not.toBeNull();
  // Every size takes the wasm path (the default sends short arrays to js).
  activationThresholds.minElements = 0;
});
afterAll(() => Object.assign(activationThresholds, saved));

/** Every (entry, parameters) pair the fixtures hold, which includes each entry's defaults. */
const cases = fixture.cases.map((c) => {
  const entry: ActivationEntry = getActivation(c.name);
  return { c, entry, p: resolveActivationParams(entry.name, c.params), label: `${c.name} ${JSON.stringify(c.params)}` };
});

function wasmForward(entry: ActivationEntry, x: Float32Array, p: ReturnType<typeof resolveActivationParams>) {
  const y = new Float32Array(x.length);
  activation(entry, x, y, p);
  return y;
}

function wasmBackward(
  entry: ActivationEntry,
  x: Float32Array,
  y: Float32Array,
  dy: Float32Array,
  p: ReturnType<typeof resolveActivationParams>,
) {
  const dx = new Float32Array(x.length);
  activationGrad(entry, x, y, dy, dx, p);
  return dx;
}

/** Where a and b differ beyond |a − b| ≤ rtol·|b| + atol(i), or in NaN-ness or infinities; the first few. */
function disagreements(
  xs: ArrayLike<number>,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol: (i: number) => number,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < expected.length && out.length < 5; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Number.isFinite(a) && Math.abs(a - e) <= rtol * Math.abs(e) + atol(i);
    if (!ok) out.push(`x=${xs[i]} expected ${e} got ${a}`);
  }
  return out;
}

describe('the wasm table covers the activation table', () => {
  test('every entry has a wasm forward and backward', () => {
    for (const name of activationNames) {
      const entry: ActivationEntry = activations[name];
      const p = resolveActivationParams(name);
      const x = Float32Array.of(-1, 0.5, 2);
      expect(() => wasmForward(entry, x, p), name).not.toThrow();
    }
  });
});

describe('PyTorch float32 fixtures on the wasm kernels (rtol 1.3e-6, atol 1e-5, as the js kernels)', () => {
  const x = Float32Array.from(fixture.x.map(decode));
  const dy = Float32Array.from(fixture.dy.map(decode));
  for (const { c, entry, p, label } of cases) {
    test(label, () => {
      const y = wasmForward(entry, x, p);
      expect(
        disagreements(x, y, c.y.map(decode), 1.3e-6, () => 1e-5),
        'forward',
      ).toEqual([]);
      // The backward reads the wasm forward's own y, as autograd does.
      const dx = wasmBackward(entry, x, y, dy, p);
      expect(
        disagreements(x, dx, c.dx.map(decode), 1.3e-6, () => 1e-5),
        'backward',
      ).toEqual([]);
      const special = Float32Array.of(Infinity, -Infinity, Number.NaN);
      expect(
        disagreements(special, wasmForward(entry, special, p), c.nonFiniteY.map(decode), 1.3e-6, () => 1e-5),
      ).toEqual([]);
    });
  }
});

/** Inputs that probe every region: kinks and their neighbours, ±0, the exp/log range ends, huge, subnormal. */
function probeInputs(kinks: readonly number[], rng: Random, n: number): Float32Array {
  const special = [
    0,
    -0,
    1,
    -1,
    3,
    -3,
    6,
    -6,
    20,
    -20,
    20.000002,
    87.3,
    -87.3,
    88,
    -88,
    88.7,
    -88.7,
    89,
    -89,
    103.9,
    -103.9,
    104,
    -104,
    1000,
    -1000,
    1e5,
    -1e5,
    1e10,
    -1e10,
    1e30,
    -1e30,
    3e38,
    -3e38,
    1e-30,
    -1e-30,
    1.1754944e-38,
    -1.1754944e-38,
    1e-40,
    -1e-40,
    1e-45,
    -1e-45,
    Infinity,
    -Infinity,
    Number.NaN,
  ];
  for (const k of kinks) {
    const f = Math.fround(k);
    special.push(f, f + 2 ** -20 * Math.max(1, Math.abs(f)), f - 2 ** -20 * Math.max(1, Math.abs(f)));
  }
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng.uniform();
    // Two thirds uniform in [-12, 12], one third log-uniform magnitudes from 1e-8 to 1e8 with a random sign.
    x[i] = r < 2 / 3 ? 24 * rng.uniform() - 12 : (rng.uniform() < 0.5 ? -1 : 1) * 10 ** (16 * rng.uniform() - 8);
  }
  x.set(special.slice(0, Math.min(n, special.length)));
  return x;
}

describe('wasm kernels agree with their js references (rtol 2e-6; atol 1e-8 forward, 2e-7·max(1, |dy|) backward)', () => {
  const rng = new Random(20261201);
  for (const { c, entry, p, label } of cases) {
    test(label, () => {
      const x = probeInputs(c.kinks, rng, 4099);
      const dy = new Float32Array(x.length);
      for (let i = 0; i < dy.length; i++) dy[i] = 3 * rng.normal();
      dy[0] = Number.NaN;
      dy[1] = Infinity;
      const yJs = new Float32Array(x.length);
      entry.forward(x, yJs, p);
      const yWasm = wasmForward(entry, x, p);
      expect(
        disagreements(x, yWasm, yJs, 2e-6, () => 1e-8),
        'forward',
      ).toEqual([]);
      // Both backwards read the same y (the js one), so each row measures the backward kernel alone.
      const dxJs = new Float32Array(x.length);
      entry.backward(x, yJs, dy, dxJs, p);
      const dxWasm = wasmBackward(entry, x, yJs, dy, p);
      expect(
        disagreements(
          x,
          dxWasm,
          dxJs,
          2e-6,
          (i) => 2e-7 * (Number.isFinite(dy[i]!) ? Math.max(1, Math.abs(dy[i]!)) : 1),
        ),
        'backward',
      ).toEqual([]);
    });
  }
});

describe('NaN in gives NaN out; no finite input gives NaN or ±Infinity (wasm)', () => {
  const extremes = [3e38, 1e38, 1e30, 1e10, 1e5, 1000, 104, 89, 88.7, 20.5, 1e-30, 1e-38, 1e-45, 0];
  for (const { c, entry, p, label } of cases) {
    test(label, () => {
      const x = Float32Array.from([...extremes, ...extremes.map((v) => -v), ...c.kinks]);
      const y = wasmForward(entry, x, p);
      const bad: string[] = [];
      y.forEach((v, i) => {
        if (!Number.isFinite(v)) bad.push(`forward x=${x[i]} gave ${v}`);
      });
      for (const g of [1, -0.5]) {
        const dx = wasmBackward(entry, x, y, new Float32Array(x.length).fill(g), p);
        dx.forEach((v, i) => {
          if (!Number.isFinite(v)) bad.push(`backward x=${x[i]} dy=${g} gave ${v}`);
        });
      }
      expect(bad).toEqual([]);
      const nan = Float32Array.of(Number.NaN);
      const yNan = wasmForward(entry, nan, p);
      expect([yNan[0], wasmBackward(entry, nan, yNan, Float32Array.of(1), p)[0]]).toEqual([Number.NaN, Number.NaN]);
    });
  }
});

describe('signed zeros', () => {
  test('tanh keeps the sign of ±0; relu, relu6 and softplus give +0 for −0', () => {
    const x = Float32Array.of(0, -0);
    const at = (name: ActivationName) => Array.from(wasmForward(activations[name], x, resolveActivationParams(name)));
    expect(at('tanh').map((v) => Object.is(v, -0))).toEqual([false, true]);
    expect(at('relu').map((v) => Object.is(v, -0))).toEqual([false, false]);
    expect(at('relu6').map((v) => Object.is(v, -0))).toEqual([false, false]);
    expect(at('sigmoid')).toEqual([0.5, 0.5]);
  });
});

describe('lengths, aliasing, positions and threads', () => {
  const rng = new Random(7);
  test.each([0, 1, 3, 4, 5, 17, 64, 1023])('length %i: the same numbers as one long call', (n) => {
    for (const name of activationNames) {
      const entry: ActivationEntry = activations[name];
      const p = resolveActivationParams(name);
      const long = probeInputs([], rng, 1031);
      const yLong = wasmForward(entry, long, p);
      // Any slice, at any offset, gives each element the result it had in the long call.
      const start = rng.integer(0, 1031 - n);
      const y = wasmForward(entry, long.slice(start, start + n), p);
      expect(Array.from(y), `${name} at ${start}`).toEqual(Array.from(yLong.subarray(start, start + n)));
    }
  });

  test('out may alias x and dx may alias dy', () => {
    for (const name of activationNames) {
      const entry: ActivationEntry = activations[name];
      const p = resolveActivationParams(name);
      const x = probeInputs([], rng, 37);
      const y = wasmForward(entry, x, p);
      const inPlace = x.slice();
      activation(entry, inPlace, inPlace, p);
      expect(Array.from(inPlace), name).toEqual(Array.from(y));
      const dy = x.map(() => rng.normal());
      const dx = wasmBackward(entry, x, y, dy, p);
      const dyCopy = dy.slice();
      activationGrad(entry, x, y, dyCopy, dyCopy, p);
      expect(Array.from(dyCopy), name).toEqual(Array.from(dx));
    }
  });

  test('float64 arrays and wrong lengths go to the js kernels (their results, their errors)', () => {
    const entry: ActivationEntry = activations.tanh;
    const p = resolveActivationParams('tanh');
    const x = Float64Array.of(-1, 0.5, 2);
    const y = new Float64Array(3);
    activation(entry, x, y, p);
    const expected = new Float64Array(3);
    entry.forward(x, expected, p);
    expect(Array.from(y)).toEqual(Array.from(expected));
    expect(() => activation(entry, new Float32Array(3), new Float32Array(2), p)).toThrow(
      /tanh forward: out has 2 elements but x has 3/,
    );
    expect(() =>
      activationGrad(entry, new Float32Array(3), new Float32Array(3), new Float32Array(4), new Float32Array(3), p),
    ).toThrow(/tanh backward: y has 3 elements, dy 4, dx 3/);
  });

  test('results are bit-identical for 1, 2 and 3 threads', async () => {
    const before = getNumThreads();
    const minPerThread = activationThresholds.minPerThread;
    activationThresholds.minPerThread = 1024;
    try {
      const x = probeInputs([], rng, 10007);
      // Workers start on first use, asynchronously: call until two have.
      setNumThreads(3);
      for (let i = 0; i < 200 && startedThreads() < 3; i++) {
        wasmForward(activations.sigmoid, x, resolveActivationParams('sigmoid'));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(startedThreads()).toBe(3);
      const dy = x.map(() => rng.normal());
      const results = [1, 2, 3].map((threads) => {
        setNumThreads(threads);
        return (['sigmoid', 'gelu', 'softplus'] as ActivationName[]).map((name) => {
          const entry: ActivationEntry = activations[name];
          const p = resolveActivationParams(name);
          const y = wasmForward(entry, x, p);
          return [Array.from(y), Array.from(wasmBackward(entry, x, y, dy, p))];
        });
      });
      expect(results[1]).toEqual(results[0]);
      expect(results[2]).toEqual(results[0]);
    } finally {
      activationThresholds.minPerThread = minPerThread;
      setNumThreads(before);
    }
  });
});
