/**
 * Test support (not exported from the package): reads the PyTorch reference values that
 * fixtures/generate-core.py wrote, and compares like torch.testing.assert_close.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DType, FloatArray } from './types';

export type Encoded = string[];

export interface CoreFixture {
  torch: string;
  dtype: DType;
  x: Encoded;
  unary: Record<string, Encoded>;
  scalarOps: {
    scale: { alpha: number; y: Encoded }[];
    clamp: { min: number; max: number; y: Encoded }[];
    powScalar: { p: number; y: Encoded }[];
  };
  binary: {
    a: Encoded;
    aShape: number[];
    b: Encoded;
    bShape: number[];
    out: Record<string, Encoded>;
    powBase: Encoded;
    powOut: Encoded;
    specialA: Encoded;
    specialB: Encoded;
    specialOut: Record<string, Encoded>;
  };
  reductions: {
    x: Encoded;
    shape: number[];
    cases: {
      axis: number;
      sum: Encoded;
      mean: Encoded;
      max: Encoded;
      argmax: number[];
      min: Encoded;
      argmin: number[];
      logsumexp: Encoded;
      softmax: Encoded;
      logSoftmax: Encoded;
    }[];
  };
  extreme: {
    x: Encoded;
    shape: number[];
    logsumexp: Encoded;
    softmax: Encoded;
    logSoftmax: Encoded;
    max: Encoded;
    argmax: number[];
    sum: Encoded;
  };
}

export function loadCoreFixture(dtype: DType): CoreFixture {
  const path = fileURLToPath(new URL(`../fixtures/core-${dtype}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as CoreFixture;
}

export function decode(values: Encoded, dtype: DType): FloatArray {
  const out = dtype === 'float64' ? new Float64Array(values.length) : new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] =
      v === 'nan'
        ? Number.NaN
        : v === 'inf'
          ? Number.POSITIVE_INFINITY
          : v === '-inf'
            ? Number.NEGATIVE_INFINITY
            : Number(v);
  }
  return out;
}

/** torch.testing's default tolerances per dtype. */
export const TOLERANCE: Record<DType, { rtol: number; atol: number }> = {
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
};

/** Indices where got and want differ beyond assert_close's rule (NaN matches NaN, infinities match exactly). */
export function mismatches(got: ArrayLike<number>, want: ArrayLike<number>, dtype: DType): string[] {
  const { rtol, atol } = TOLERANCE[dtype];
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} vs ${want.length}`];
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (
      Number.isNaN(w) ? Number.isNaN(g) : Number.isFinite(w) ? Math.abs(g - w) <= atol + rtol * Math.abs(w) : g === w
    ) {
      continue;
    }
    bad.push(`[${i}] got ${g}, torch ${w}`);
  }
  return bad;
}
