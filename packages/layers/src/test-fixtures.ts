import { readFileSync } from 'node:fs';
import { Tensor } from '@actlab/autograd';
import { expect } from 'vitest';

/** A tensor as the generator encodes it: shape and flat row-major data (non-finite values as strings). */
export interface Encoded {
  shape: number[];
  data: (number | string)[];
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export function decodeNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  throw new Error(`fixture: unknown number encoding ${v}`);
}

/** A float64 leaf tensor from an encoded fixture value. */
export function fromFixture(e: Encoded, requiresGrad = false): Tensor {
  return new Tensor(Float64Array.from(e.data, decodeNumber), e.shape, requiresGrad);
}

/** Elementwise |a − b| <= atol + rtol·|b|, with the shape checked and a message naming the first bad index. */
export function expectClose(actual: Tensor | null, expected: Encoded, rtol = 1e-10, atol = 1e-12, what = ''): void {
  expect(actual, `${what}: missing`).not.toBeNull();
  expect([...actual!.shape], `${what}: shape`).toEqual(expected.shape);
  const ref = expected.data.map(decodeNumber);
  for (let i = 0; i < ref.length; i++) {
    const a = actual!.data[i]!;
    const b = ref[i]!;
    if (Number.isNaN(b)) {
      expect(a, `${what}[${i}]`).toBeNaN();
      continue;
    }
    if (a === b) continue;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
      expect.fail(`${what}[${i}]: got ${a}, expected ${b} (|diff| ${Math.abs(a - b)})`);
    }
  }
}
