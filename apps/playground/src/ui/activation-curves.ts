import { type ActivationName, activationBackward, activationForward } from '@actlab/kernels';

export interface Curve {
  readonly xs: Float32Array;
  readonly f: Float32Array;
  readonly df: Float32Array;
}

const SAMPLES = 161;

function samples(low: number, high: number): Float32Array {
  const xs = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) xs[i] = low + ((high - low) * i) / (SAMPLES - 1);
  return xs;
}

/** f and f′ on [low, high] from the kernels table's forward and backward kernels (dy = 1 gives f′). */
export function activationCurve(name: ActivationName, low = -4, high = 4): Curve {
  const xs = samples(low, high);
  const f = activationForward(name, xs);
  const df = activationBackward(name, xs, f, new Float32Array(SAMPLES).fill(1));
  return { xs, f: Float32Array.from(f), df: Float32Array.from(df) };
}

/** An RBF unit as a function of the distance r = ‖x − c‖: φ = exp(−γr²), dφ/dr = −2γr·φ. */
export function rbfCurve(gamma: number, low = -4, high = 4): Curve {
  const xs = samples(low, high);
  const f = new Float32Array(SAMPLES);
  const df = new Float32Array(SAMPLES);
  for (let i = 0; i < SAMPLES; i++) {
    const r = xs[i];
    f[i] = Math.exp(-gamma * r * r);
    df[i] = -2 * gamma * r * f[i];
  }
  return { xs, f, df };
}
