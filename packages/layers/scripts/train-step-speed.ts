/**
 * Training steps per second of issue 4's tiny playground net: 2-8-8-1 tanh, batch 32, MSE, SGD.
 * Run: `pnpm --filter @actlab/layers speed` (uses the built dist of kernels and autograd; layers from source).
 */
import { tinyPlaygroundNet } from '../src/tiny-playground-net';

const { model, x, y, step } = tinyPlaygroundNet();
/**
 * The same step written by hand in plain JS (no autograd, no modules, buffers preallocated): the floor the tape
 * and Module overhead is measured against (issue 4: within 1.3×).
 */
function handWritten(): () => void {
  const sizes = [2, 8, 8, 1];
  const rows = 32;
  const lr = 0.01;
  const ws = [0, 1, 2].map((l) => Float32Array.from(model.parameters()[2 * l]!.data));
  const bs = [0, 1, 2].map((l) => Float32Array.from(model.parameters()[2 * l + 1]!.data));
  const acts = sizes.map((n) => new Float32Array(rows * n));
  const grads = sizes.map((n) => new Float32Array(rows * n));
  const gws = ws.map((w) => new Float32Array(w.length));
  const gbs = bs.map((b) => new Float32Array(b.length));
  acts[0]!.set(x.data);
  return () => {
    for (let l = 0; l < 3; l++) {
      const inF = sizes[l]!;
      const outF = sizes[l + 1]!;
      const a = acts[l]!;
      const z = acts[l + 1]!;
      const w = ws[l]!;
      const b = bs[l]!;
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < outF; j++) {
          let s = b[j]!;
          for (let p = 0; p < inF; p++) s += a[r * inF + p]! * w[j * inF + p]!;
          z[r * outF + j] = l < 2 ? Math.tanh(s) : s;
        }
      }
    }
    const out = acts[3]!;
    const gOut = grads[3]!;
    for (let r = 0; r < rows; r++) gOut[r] = (2 * (out[r]! - y.data[r]!)) / rows;
    for (let l = 2; l >= 0; l--) {
      const inF = sizes[l]!;
      const outF = sizes[l + 1]!;
      const g = grads[l + 1]!;
      if (l < 2) {
        const h = acts[l + 1]!;
        for (let i = 0; i < g.length; i++) g[i] = g[i]! * (1 - h[i]! * h[i]!);
      }
      const a = acts[l]!;
      const w = ws[l]!;
      const gw = gws[l]!;
      const gb = gbs[l]!;
      gw.fill(0);
      gb.fill(0);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < outF; j++) {
          const gj = g[r * outF + j]!;
          gb[j] = gb[j]! + gj;
          for (let p = 0; p < inF; p++) gw[j * inF + p] = gw[j * inF + p]! + gj * a[r * inF + p]!;
        }
      }
      if (l > 0) {
        const ga = grads[l]!;
        for (let r = 0; r < rows; r++) {
          for (let p = 0; p < inF; p++) {
            let s = 0;
            for (let j = 0; j < outF; j++) s += g[r * outF + j]! * w[j * inF + p]!;
            ga[r * inF + p] = s;
          }
        }
      }
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * gw[i]!;
      const b = bs[l]!;
      for (let i = 0; i < b.length; i++) b[i] = b[i]! - lr * gb[i]!;
    }
  };
}

function measure(run: () => void): number {
  for (let i = 0; i < 5000; i++) run();
  const rates: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const n = 40000;
    const t = performance.now();
    for (let i = 0; i < n; i++) run();
    rates.push(n / ((performance.now() - t) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[2]!;
}

// Interleaved, so both see the same machine load.
const hand = handWritten();
const layersRates: number[] = [];
const handRates: number[] = [];
for (let round = 0; round < 3; round++) {
  layersRates.push(measure(step));
  handRates.push(measure(hand));
}
const best = (r: number[]) => Math.round(Math.max(...r));
console.log(`2-8-8-1 tanh, batch 32, MSE, SGD (median of 5 per round, best of 3 rounds):`);
console.log(`  @actlab/layers:     ${best(layersRates)} steps/s   (rounds: ${layersRates.map(Math.round).join(', ')})`);
console.log(`  hand-written JS:    ${best(handRates)} steps/s   (rounds: ${handRates.map(Math.round).join(', ')})`);
console.log(`  ratio hand/layers:  ${(best(handRates) / best(layersRates)).toFixed(2)}×`);
