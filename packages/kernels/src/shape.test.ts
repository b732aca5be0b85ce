import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  arrayFor,
  broadcastShapes,
  dtypeOf,
  normalizeAxis,
  resolveReshape,
  shapesEqual,
  sizeOf,
  stridesOf,
} from './shape';

describe('sizeOf / stridesOf / shapesEqual', () => {
  test('literal cases', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([2, 0, 4])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
    expect(shapesEqual([2, 3], [2, 3])).toBe(true);
    expect(shapesEqual([2, 3], [3, 2])).toBe(false);
    expect(shapesEqual([2], [2, 1])).toBe(false);
  });
});

const dim = fc.integer({ min: 0, max: 5 });
const shape = fc.array(dim, { maxLength: 5 });

describe('broadcastShapes', () => {
  test('NumPy examples', () => {
    expect(broadcastShapes([8, 1, 6, 1], [7, 1, 5])).toEqual([8, 7, 6, 5]);
    expect(broadcastShapes([5, 4], [1])).toEqual([5, 4]);
    expect(broadcastShapes([15, 3, 5], [15, 1, 5])).toEqual([15, 3, 5]);
    expect(broadcastShapes([], [2, 3])).toEqual([2, 3]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
    expect(broadcastShapes([2, 0], [1, 1])).toEqual([2, 0]);
  });

  test('error names the op, both shapes and the fix', () => {
    expect(() => broadcastShapes([2, 3], [4, 3], 'add')).toThrow(/add.*\[2, 3\].*\[4, 3\].*equal or one of them 1/);
    expect(() => broadcastShapes([3], [0])).toThrow(/\[3\] and \[0\]/);
    expect(() => broadcastShapes([2.5], [1], 'mul')).toThrow(
      /mul: shapes \[2\.5\] and \[1\] must hold non-negative integers/,
    );
    expect(() => broadcastShapes([2, 3], [-1, 3])).toThrow(/dimension 0 of the aligned shapes is 2 vs -1/);
  });

  test('properties: commutative, idempotent, scalar identity, rank, each input broadcasts to the result', () => {
    fc.assert(
      fc.property(shape, (s) => {
        expect(broadcastShapes(s, s)).toEqual(s);
        expect(broadcastShapes(s, [])).toEqual(s);
        expect(broadcastShapes([], s)).toEqual(s);
        expect(
          broadcastShapes(
            s,
            s.map(() => 1),
          ),
        ).toEqual(s);
      }),
    );
    // Derive a compatible pair from one target by replacing dims with 1 and dropping leading dims.
    const pair = fc
      .tuple(
        shape,
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        dim,
        dim,
      )
      .map(([t, ma, mb, dropA, dropB]) => {
        const a = t.map((d, i) => (ma[i] ? 1 : d)).slice(Math.min(dropA, t.length));
        const b = t.map((d, i) => (mb[i] ? 1 : d)).slice(Math.min(dropB, t.length));
        return { a, b };
      });
    fc.assert(
      fc.property(pair, ({ a, b }) => {
        const r = broadcastShapes(a, b);
        expect(broadcastShapes(b, a)).toEqual(r);
        expect(r.length).toBe(Math.max(a.length, b.length));
        for (const s of [a, b]) {
          const off = r.length - s.length;
          s.forEach((d, i) => {
            expect(d === 1 || d === r[i + off]).toBe(true);
          });
        }
        // Associativity with a third shape drawn from the result
        expect(broadcastShapes(broadcastShapes(a, b), r)).toEqual(r);
      }),
    );
  });

  test('property: mismatched non-1 dims always throw', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 }), (s, x, y) => {
        fc.pre(x !== y);
        expect(() => broadcastShapes([...s, x], [y])).toThrow(/broadcast/);
      }),
    );
  });
});

describe('resolveReshape', () => {
  test('infers one -1 and checks sizes', () => {
    expect(resolveReshape([2, 3, 4], [6, -1])).toEqual([6, 4]);
    expect(resolveReshape([2, 3, 4], [-1])).toEqual([24]);
    expect(resolveReshape([2, 3], [3, 2])).toEqual([3, 2]);
    expect(resolveReshape([], [1, 1])).toEqual([1, 1]);
    expect(resolveReshape([0, 3], [3, 0])).toEqual([3, 0]);
  });
  test('errors name sizes', () => {
    expect(() => resolveReshape([2, 3], [4, 2])).toThrow(/\[2, 3\] \(6 elements\).*\[4, 2\] \(8 elements\)/);
    expect(() => resolveReshape([2, 3], [-1, -1])).toThrow(/more than one -1/);
    expect(() => resolveReshape([2, 3], [4, -1])).toThrow(/6 is not divisible by 4/);
    expect(() => resolveReshape([2, 3], [2.5, 2])).toThrow(/invalid dimension 2.5/);
  });
});

describe('normalizeAxis', () => {
  test('negative axes and range errors', () => {
    expect(normalizeAxis(-1, 3)).toBe(2);
    expect(normalizeAxis(0, 3)).toBe(0);
    expect(normalizeAxis(-3, 3)).toBe(0);
    expect(() => normalizeAxis(3, 3, 'sum')).toThrow(/sum: axis 3 .* rank 3.*\[-3, 2\]/);
    expect(() => normalizeAxis(-4, 3)).toThrow(/axis -4/);
    expect(() => normalizeAxis(0, 0)).toThrow(/scalar has no axes/);
  });
});

describe('arrayFor / dtypeOf', () => {
  test('dtype round trip', () => {
    expect(arrayFor('float32', 3)).toBeInstanceOf(Float32Array);
    expect(arrayFor('float64', 3)).toBeInstanceOf(Float64Array);
    expect(arrayFor('float64', 3).length).toBe(3);
    expect(dtypeOf(new Float32Array(1))).toBe('float32');
    expect(dtypeOf(new Float64Array(1))).toBe('float64');
  });
});
