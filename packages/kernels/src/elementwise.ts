/**
 * Elementwise unary kernels. Each takes `x` and an optional `out` of the same length (which may be `x` itself)
 * and returns the array written. Every loop is written out so there is no per-element call.
 */
import { tableExp } from './activations/fast-math';
import { describeValue } from './checks';
import { checkScalarArgument, checkUnaryKernel } from './kernel-checks';
import { outFor } from './shape';
import type { FloatArray } from './types';

/** e^x with the activation kernels' inlinable float64 exp (≤ 3 ulp); V8's Math.exp is an out-of-line call. */
export function exp(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('exp', x, out);
  const y = outFor(x, x.length, out, 'exp');
  for (let i = 0; i < x.length; i++) y[i] = tableExp(x[i]!);
  return y;
}

/** ln x, elementwise (NaN below 0, −Infinity at 0). */
export function log(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('log', x, out);
  const y = outFor(x, x.length, out, 'log');
  for (let i = 0; i < x.length; i++) y[i] = Math.log(x[i]!);
  return y;
}

/** ln(1 + x), elementwise, accurate near 0. */
export function log1p(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('log1p', x, out);
  const y = outFor(x, x.length, out, 'log1p');
  for (let i = 0; i < x.length; i++) y[i] = Math.log1p(x[i]!);
  return y;
}

/** e^x − 1, elementwise, accurate near 0. */
export function expm1(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('expm1', x, out);
  const y = outFor(x, x.length, out, 'expm1');
  for (let i = 0; i < x.length; i++) y[i] = Math.expm1(x[i]!);
  return y;
}

/** √x, elementwise (NaN below 0). */
export function sqrt(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('sqrt', x, out);
  const y = outFor(x, x.length, out, 'sqrt');
  for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i]!);
  return y;
}

/** |x|, elementwise. */
export function abs(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('abs', x, out);
  const y = outFor(x, x.length, out, 'abs');
  for (let i = 0; i < x.length; i++) y[i] = Math.abs(x[i]!);
  return y;
}

/** −x, elementwise. */
export function neg(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('neg', x, out);
  const y = outFor(x, x.length, out, 'neg');
  for (let i = 0; i < x.length; i++) y[i] = -x[i]!;
  return y;
}

/** -1, 0 or 1, as torch.sign: (x > 0) - (x < 0), so -0 and NaN both give 0. */
export function sign(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('sign', x, out);
  const y = outFor(x, x.length, out, 'sign');
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // Booleans converted with unary plus compile without branches (ternaries cost ~4x on mixed signs).
    y[i] = +(v > 0) - +(v < 0);
  }
  return y;
}

/** x², elementwise. */
export function square(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('square', x, out);
  const y = outFor(x, x.length, out, 'square');
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y[i] = v * v;
  }
  return y;
}

/** 1/x, elementwise (±Infinity at ±0). */
export function reciprocal(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('reciprocal', x, out);
  const y = outFor(x, x.length, out, 'reciprocal');
  for (let i = 0; i < x.length; i++) y[i] = 1 / x[i]!;
  return y;
}

/** sin x, elementwise (radians). */
export function sin(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('sin', x, out);
  const y = outFor(x, x.length, out, 'sin');
  for (let i = 0; i < x.length; i++) y[i] = Math.sin(x[i]!);
  return y;
}

/** cos x, elementwise (radians). */
export function cos(x: FloatArray, out?: FloatArray): FloatArray {
  checkUnaryKernel('cos', x, out);
  const y = outFor(x, x.length, out, 'cos');
  for (let i = 0; i < x.length; i++) y[i] = Math.cos(x[i]!);
  return y;
}

/** alpha * x */
export function scale(x: FloatArray, alpha: number, out?: FloatArray): FloatArray {
  checkUnaryKernel('scale', x, out);
  checkScalarArgument('scale', 'alpha', alpha);
  const y = outFor(x, x.length, out, 'scale');
  for (let i = 0; i < x.length; i++) y[i] = alpha * x[i]!;
  return y;
}

/** Clamp to [min, max]; NaN stays NaN (as torch.clamp). */
export function clamp(x: FloatArray, min: number, max: number, out?: FloatArray): FloatArray {
  checkUnaryKernel('clamp', x, out);
  if (typeof min !== 'number' || typeof max !== 'number' || Number.isNaN(min) || Number.isNaN(max) || min > max) {
    throw new Error(
      `clamp: bounds min ${describeValue(min)}, max ${describeValue(max)} are invalid; pass numbers with min <= max ` +
        '(±Infinity for no bound)',
    );
  }
  const y = outFor(x, x.length, out, 'clamp');
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y[i] = Math.min(Math.max(v, min), max);
  }
  return y;
}

/**
 * x ** p. PyTorch computes p = 0.5 as sqrt, -0.5 as 1/sqrt, 2 as x*x and -1 as 1/x, which differ from `**` at
 * -0 and -Infinity (pow(-0, -0.5) is -Infinity, pow(-Infinity, 0.5) is NaN); those cases are spelled out the
 * same way here.
 */
export function powScalar(x: FloatArray, p: number, out?: FloatArray): FloatArray {
  checkUnaryKernel('powScalar', x, out);
  checkScalarArgument('powScalar', 'p', p);
  const y = outFor(x, x.length, out, 'powScalar');
  const n = x.length;
  if (p === 2) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      y[i] = v * v;
    }
  } else if (p === 1) {
    for (let i = 0; i < n; i++) y[i] = x[i]!;
  } else if (p === 0.5) {
    for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]!);
  } else if (p === -0.5) {
    for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i]!);
  } else if (p === -1) {
    for (let i = 0; i < n; i++) y[i] = 1 / x[i]!;
  } else {
    for (let i = 0; i < n; i++) y[i] = x[i]! ** p;
  }
  return y;
}
