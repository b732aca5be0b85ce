/** Gradient checking by central finite differences in float64, PyTorch's torch.autograd.gradcheck. */
import { checkBoolean, checkFunction, checkNumber, checkOptions, describeValue } from '@actlab/kernels';
import { formatShape } from './format-shape';
import { noGrad } from './graph';
import { Tensor } from './tensor';

/** Options of gradcheck; the defaults are PyTorch's gradcheck defaults. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number | undefined;
  /** Absolute tolerance (default 1e-5). */
  atol?: number | undefined;
  /** Relative tolerance, against the numerical value (default 1e-3). */
  rtol?: number | undefined;
  /** Throw on a mismatch with a message naming it (default true); false returns false instead. */
  raiseException?: boolean | undefined;
}

/**
 * Compare the Jacobian of `fn` computed by backward (one pass per output element) with central differences
 * (two forwards per input element), for every input that requires a gradient. Inputs must be float64.
 * Returns true, or throws (or returns false) describing the worst element.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  checkFunction('gradcheck', 'fn', fn);
  if (!Array.isArray(inputs)) {
    throw new Error(`gradcheck: inputs must be an array of Tensors, got ${describeValue(inputs)}`);
  }
  checkOptions('gradcheck', options, ['eps', 'atol', 'rtol', 'raiseException']);
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  checkNumber('gradcheck', 'eps', eps, { min: 0, minExclusive: true });
  checkNumber('gradcheck', 'atol', atol, { min: 0 });
  checkNumber('gradcheck', 'rtol', rtol, { min: 0 });
  checkBoolean('gradcheck', 'raiseException', raiseException);
  const checked = inputs.map((x: unknown, i) => {
    if (!(x instanceof Tensor)) throw new Error(`gradcheck: input ${i} must be a Tensor, got ${describeValue(x)}`);
    if (x.requiresGrad && x.dtype !== 'float64') {
      throw new Error(
        `gradcheck: input ${i} ${formatShape(x.shape)} is float32; finite differences need float64: ` +
          "create it with { dtype: 'float64' } or convert with .to('float64')",
      );
    }
    return x.requiresGrad;
  });
  if (!checked.includes(true)) throw new Error('gradcheck: no input has requiresGrad: true; nothing to check');

  const output = fn(...inputs);
  if (!(output instanceof Tensor)) {
    throw new Error(`gradcheck: fn must return a Tensor, got ${describeValue(output)}`);
  }
  if (output.dtype !== 'float64') throw new Error('gradcheck: fn returned a float32 tensor; compute in float64');
  const nOut = output.size;
  const saved = inputs.map((x) => x.grad);
  // analytic[i][k * nOut + j] = d out_j / d input_i[k]
  const analytic = inputs.map((x) => new Float64Array(x.size * nOut));
  if (output.requiresGrad) {
    for (let j = 0; j < nOut; j++) {
      for (const x of inputs) x.grad = null;
      const seed = new Float64Array(nOut);
      seed[j] = 1;
      output.backward(new Tensor(seed, output.shape), { retainGraph: true });
      inputs.forEach((x, i) => {
        const g = x.grad;
        if (!checked[i] || g === null) return;
        for (let k = 0; k < x.size; k++) analytic[i]![k * nOut + j] = g.data[k]!;
      });
    }
  }
  inputs.forEach((x, i) => {
    x.grad = saved[i]!;
  });

  let worstExcess = Number.NEGATIVE_INFINITY;
  let worstMessage = '';
  noGrad(() => {
    inputs.forEach((x, i) => {
      if (!checked[i]) return;
      for (let k = 0; k < x.size; k++) {
        const original = x.data[k]!;
        x.data[k] = original + eps;
        const plus = fn(...inputs).data.slice();
        x.data[k] = original - eps;
        const minus = fn(...inputs).data.slice();
        x.data[k] = original;
        for (let j = 0; j < nOut; j++) {
          const numeric = (plus[j]! - minus[j]!) / (2 * eps);
          const a = analytic[i]![k * nOut + j]!;
          const excess = Math.abs(a - numeric) - (atol + rtol * Math.abs(numeric));
          if (excess > 0 || Number.isNaN(excess)) {
            if (worstMessage === '' || excess > worstExcess || Number.isNaN(excess)) {
              worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
              worstMessage =
                `gradcheck: Jacobian mismatch for input ${i} ${formatShape(x.shape)} element ${k}, output element ` +
                `${j}: backward gives ${a}, finite differences give ${numeric} (atol ${atol}, rtol ${rtol})`;
            }
          }
        }
      }
    });
  });
  if (worstMessage === '') return true;
  if (raiseException) throw new Error(worstMessage);
  return false;
}
