import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { randn, sum, type Tensor, tensor } from './index';

/** A shape of rank 0–4 with small dimensions. */
const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });

/** Two shapes that broadcast: b is a suffix of a with some dimensions replaced by 1, possibly swapped. */
const broadcastPairArb = fc
  .tuple(shapeArb, fc.integer({ min: 0, max: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([a, drop, ones, swap]) => {
    const suffix = a.slice(Math.min(drop, a.length));
    const b = suffix.map((d, i) => (ones[i] ? 1 : d));
    return swap ? ([b, a] as const) : ([a, b] as const);
  });

/** The broadcast shape by NumPy's rule, written independently of the library. */
function numpyBroadcast(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    out.push(Math.max(da, db));
  }
  return out;
}

let seed = 100;
const leaf = (shape: readonly number[]): Tensor =>
  randn([...shape], { seed: seed++, dtype: 'float64', requiresGrad: true });

describe('broadcasting properties', () => {
  test('binary ops produce the NumPy broadcast shape; grads have their operand shapes', () => {
    fc.assert(
      fc.property(
        broadcastPairArb,
        fc.constantFrom('add', 'sub', 'mul', 'maximum') as fc.Arbitrary<'add' | 'sub' | 'mul' | 'maximum'>,
        ([sa, sb], op) => {
          const a = leaf(sa);
          const b = leaf(sb);
          const y = a[op](b);
          expect(y.shape).toEqual(numpyBroadcast(sa, sb));
          y.sum().backward();
          expect(a.grad!.shape).toEqual(sa);
          expect(b.grad!.shape).toEqual(sb);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('the gradient of a broadcast operand of add is the number of times each element was used', () => {
    fc.assert(
      fc.property(broadcastPairArb, ([sa, sb]) => {
        const a = leaf(sa);
        const b = leaf(sb);
        const y = a.add(b);
        y.sum().backward();
        const out = y.size;
        expect(a.grad!.toArray()).toEqual(tensor(new Float64Array(a.size).fill(out / a.size), { shape: sa }).toArray());
        expect(b.grad!.toArray()).toEqual(tensor(new Float64Array(b.size).fill(out / b.size), { shape: sb }).toArray());
      }),
      { numRuns: 150 },
    );
  });

  test('mul: the gradient of a broadcast operand sums the other operand over the broadcast axes', () => {
    fc.assert(
      fc.property(broadcastPairArb, ([sa, sb]) => {
        const a = leaf(sa);
        const b = leaf(sb);
        a.mul(b).sum().backward();
        // d/db sum(a*b) = a summed to b's shape; checked elementwise by brute force over the output.
        const outShape = numpyBroadcast(sa, sb);
        const expected = new Float64Array(b.size);
        const outSize = outShape.reduce((p, d) => p * d, 1);
        for (let o = 0; o < outSize; o++) {
          const idx = unravel(o, outShape);
          expected[ravel(idx, sb)]! += a.data[ravel(idx, sa)]!;
        }
        const got = b.grad!.data;
        for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 10);
      }),
      { numRuns: 100 },
    );
  });

  test('every reduction and shape op returns gradients of its input shape', () => {
    fc.assert(
      fc.property(
        shapeArb.filter((s) => s.length > 0),
        fc.nat(),
        (shape, pick) => {
          const x = leaf(shape);
          const axis = pick % shape.length;
          const ops: ((t: Tensor) => Tensor)[] = [
            (t) => t.sum(axis),
            (t) => t.mean(axis, true),
            (t) => t.max(axis),
            (t) => t.logsumexp(axis),
            (t) => t.softmax(axis),
            (t) => t.transpose(0, axis),
            (t) => t.unsqueeze(axis).squeeze(axis),
            (t) => t.slice(axis, 0, 1),
            (t) => t.reshape([-1]),
          ];
          const y = ops[pick % ops.length]!(x);
          sum(y).backward();
          expect(x.grad!.shape).toEqual(shape);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i]!;
    flat = Math.floor(flat / shape[i]!);
  }
  return idx;
}

/** Flat index into `shape` of a broadcast index (trailing-aligned; size-1 dimensions read index 0). */
function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  const offset = idx.length - shape.length;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i]! + (shape[i] === 1 ? 0 : idx[i + offset]!);
  return flat;
}
