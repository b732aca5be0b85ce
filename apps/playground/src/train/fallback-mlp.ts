// Temporary development model (plain SGD/Adam MLP on typed arrays, a few activations) until @actlab/layers lands.
import { createRng } from '../data/rng';
import type { Evaluation, LayerTrace, TrainableModel } from './model';
import type { NetworkSpec, TrainOptions } from './network-spec';

type Act = (z: number) => number;
const fns: Record<string, [Act, Act]> = {
  tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
  relu: [(z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0)],
  sigmoid: [(z) => 1 / (1 + Math.exp(-z)), (z) => (1 / (1 + Math.exp(-z))) * (1 - 1 / (1 + Math.exp(-z)))],
  identity: [(z) => z, () => 1],
};

export function createFallbackModel(network: NetworkSpec, options: TrainOptions, seed: number): TrainableModel {
  const rng = createRng(seed);
  const sizes = [network.inputs, ...network.hidden.map((l) => l.units), 1];
  const acts = network.hidden.map((l) => fns[l.kind === 'activation' ? l.activation : 'tanh'] ?? fns.tanh);
  const W = sizes.slice(1).map((n, i) => {
    const m = sizes[i];
    const w = new Float64Array(n * m);
    for (let k = 0; k < w.length; k++) w[k] = rng.uniform(-1, 1) / Math.sqrt(m);
    return w;
  });
  const B = sizes.slice(1).map((n) => new Float64Array(n));
  const regression = network.output.task === 'regression';
  const forward = (x: ArrayLike<number>) => {
    const zs: number[][] = [];
    const hs: number[][] = [Array.from(x)];
    for (let l = 0; l < W.length; l++) {
      const m = sizes[l];
      const n = sizes[l + 1];
      const z = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) {
        let s = B[l][j];
        for (let k = 0; k < m; k++) s += W[l][j * m + k] * hs[l][k];
        z[j] = s;
      }
      zs.push(z);
      hs.push(l < acts.length ? z.map(acts[l][0]) : z);
    }
    return { zs, hs };
  };
  const outOf = (z: number) => (regression ? z : 1 / (1 + Math.exp(-z)));
  const lossOf = (z: number, y: number) =>
    regression ? (z - y) ** 2 : Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  return {
    trainEpoch(x, y, n) {
      const d = network.inputs;
      const order = rng.permutation(n);
      let total = 0;
      for (const i of order) {
        const { zs, hs } = forward(x.subarray(i * d, i * d + d));
        const zo = zs[zs.length - 1][0];
        total += lossOf(zo, y[i]);
        let delta = [regression ? 2 * (zo - y[i]) : outOf(zo) - y[i]];
        for (let l = W.length - 1; l >= 0; l--) {
          const m = sizes[l];
          const prev = new Array<number>(m).fill(0);
          for (let j = 0; j < delta.length; j++) {
            for (let k = 0; k < m; k++) {
              prev[k] += W[l][j * m + k] * delta[j];
              W[l][j * m + k] -= options.learningRate * delta[j] * hs[l][k];
            }
            B[l][j] -= options.learningRate * delta[j];
          }
          if (l > 0) delta = prev.map((g, k) => g * acts[l - 1][1](zs[l - 1][k]));
        }
      }
      return total / n;
    },
    evaluate(x, y, n): Evaluation {
      const d = network.inputs;
      let loss = 0;
      let right = 0;
      for (let i = 0; i < n; i++) {
        const { zs } = forward(x.subarray(i * d, i * d + d));
        const z = zs[zs.length - 1][0];
        loss += lossOf(z, y[i]);
        if ((z > 0 ? 1 : 0) === y[i]) right++;
      }
      return { loss: loss / n, accuracy: regression ? Number.NaN : right / n };
    },
    predict(x, n) {
      const d = network.inputs;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const { zs } = forward(x.subarray(i * d, i * d + d));
        out[i] = outOf(zs[zs.length - 1][0]);
      }
      return out;
    },
    trace(x, n): LayerTrace[] {
      const d = network.inputs;
      const traces = network.hidden.map((spec) => ({
        spec,
        units: spec.units,
        h: new Float32Array(n * spec.units),
        gain: new Float32Array(n * spec.units),
      }));
      for (let i = 0; i < n; i++) {
        const { zs, hs } = forward(x.subarray(i * d, i * d + d));
        traces.forEach((t, l) => {
          for (let u = 0; u < t.units; u++) {
            t.h[i * t.units + u] = hs[l + 1][u];
            t.gain[i * t.units + u] = Math.abs(acts[l][1](zs[l][u]));
          }
        });
      }
      return traces;
    },
  };
}
