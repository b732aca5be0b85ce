/**
 * Op-dispatch overhead of the tape: ns per op on 2×8 tensors, forward only and forward+backward, and training
 * steps per second of a 2-8-8-1 tanh MLP (batch 32, MSE, plain SGD). Run:
 *   cd bench && node --import tsx ../packages/autograd/bench/dispatch.ts   (after building kernels; tsx is a bench dependency)
 */
import { activationForward, add as addKernel, gemm } from '@actlab/kernels';
import { noGrad, randn, type Tensor } from '../src/index';

/** Best of 5 runs (the machine is shared: the minimum is the least disturbed). Returns ns per iteration. */
function timeIt(label: string, iterations: number, opsPerIteration: number, fn: () => void): number {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations / 5; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / (iterations / 5));
  }
  console.log(`${label.padEnd(52)} ${(best / opsPerIteration).toFixed(0).padStart(7)} ns/op`);
  return best;
}

const a = randn([2, 8], { seed: 1 });
const w = randn([8, 8], { seed: 3 });
const ag = randn([2, 8], { seed: 4, requiresGrad: true });
const bg = randn([8], { seed: 5, requiresGrad: true });
const wg = randn([8, 8], { seed: 6, requiresGrad: true });

const N = 500_000;
const b8 = randn([8], { seed: 15 });
// The same op three ways: the bare kernel call, the op with nothing to record, the op recorded on the tape.
// Recorded minus no-grad is the tape's cost per op; no-grad minus kernel is the dispatch (checks, Tensor).
timeIt('kernel add 2×8 + 8 (broadcast)', N, 1, () => addKernel(a.data, a.shape, b8.data, b8.shape));
timeIt('add 2×8 + 8, no grad', N, 1, () => a.add(b8));
timeIt('add 2×8 + 8, recorded', N, 1, () => ag.add(bg));
timeIt('kernel gemm 2×8 · 8×8', N, 1, () =>
  gemm(false, false, 2, 8, 8, 1, a.data, 8, w.data, 8, 0, new Float32Array(16), 8),
);
timeIt('matmul 2×8 @ 8×8, no grad', N, 1, () => a.matmul(w));
timeIt('matmul 2×8 @ 8×8, recorded', N, 1, () => ag.matmul(wg));
timeIt('kernel tanh 2×8', N, 1, () => activationForward('tanh', a.data));
timeIt('tanh 2×8, no grad', N, 1, () => a.tanh());
timeIt('tanh 2×8, recorded', N, 1, () => ag.tanh());
timeIt('mul 2×8 * number, no grad', N, 1, () => a.mul(2));
timeIt('mul 2×8 * number, recorded', N, 1, () => ag.mul(2));
// The tape alone: a chain of 25 cheap ops (scale by a number), without and with recording, and with backward.
const chain = (t: Tensor): Tensor => {
  let h = t;
  for (let i = 0; i < 25; i++) h = h.mul(1.0001);
  return h;
};
timeIt('chain of 25 mul(number), no grad', N / 25, 25, () => chain(a));
timeIt('chain of 25 mul(number), recorded', N / 25, 25, () => chain(ag));
timeIt('chain of 25 mul(number), recorded + backward', N / 25, 25, () => {
  chain(ag).sum().backward();
  ag.grad = null;
});
timeIt('4 ops fwd + backward (matmul, add, tanh, sum)', N / 4, 8, () => {
  ag.matmul(wg).add(bg).tanh().sum().backward();
  ag.grad = null;
  bg.grad = null;
  wg.grad = null;
});

// 2-8-8-1 tanh MLP, batch 32, MSE, SGD (the issue-4 target: ≥ 20,000 steps/s).
const x = randn([32, 2], { seed: 7 });
const y = randn([32, 1], { seed: 8 });
const params: Tensor[] = [
  randn([2, 8], { seed: 9, std: 0.5, requiresGrad: true }),
  randn([8], { seed: 10, std: 0.1, requiresGrad: true }),
  randn([8, 8], { seed: 11, std: 0.3, requiresGrad: true }),
  randn([8], { seed: 12, std: 0.1, requiresGrad: true }),
  randn([8, 1], { seed: 13, std: 0.3, requiresGrad: true }),
  randn([1], { seed: 14, std: 0.1, requiresGrad: true }),
];
const [w1, b1, w2, b2, w3, b3] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
const steps = 100_000;
const stepNs = timeIt('MLP 2-8-8-1 tanh b32 step (ns per step)', steps, 1, () => {
  for (const p of params) p.grad = null;
  const out = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).tanh().matmul(w3).add(b3);
  const loss = out.sub(y).square().mean();
  loss.backward();
  noGrad(() => {
    for (const p of params) {
      const d = p.data;
      const g = p.grad!.data;
      for (let i = 0; i < d.length; i++) d[i]! -= 0.01 * g[i]!;
    }
  });
});
console.log(`MLP training steps/s: ${(1e9 / stepNs).toFixed(0)}`);
