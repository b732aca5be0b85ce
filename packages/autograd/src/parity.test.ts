import { readFileSync } from 'node:fs';
import type { ActivationName, DType } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { maximum, minimum, type Tensor, tensor } from './index';

interface Dumped {
  shape: number[];
  data: string[];
}
interface MlpCase {
  inputs: Record<'x' | 'w1' | 'b1' | 'w2' | 'b2' | 'w3' | 'b3', Dumped>;
  target: number[];
  logits: Dumped;
  loss: string;
  grads: Record<'w1' | 'b1' | 'w2' | 'b2' | 'w3' | 'b3', Dumped>;
}
interface ActivationCase {
  name: ActivationName;
  params: Record<string, number | string>;
  dtype: DType;
  x: Dumped;
  dy: Dumped;
  y: Dumped;
  dx: Dumped;
}
interface OpCase {
  op: string;
  inputs: Dumped[];
  output: Dumped;
  grads: Dumped[];
}

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const mlp = fixture<Record<DType, MlpCase>>('mlp.json');
const kinks = fixture<{ activations: ActivationCase[]; ops: OpCase[] }>('kinks.json');

const num = (s: string): number =>
  s === 'nan' ? Number.NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
const load = (d: Dumped, dtype: DType, requiresGrad = false): Tensor =>
  tensor(d.data.map(num), { shape: d.shape, dtype, requiresGrad });

function expectClose(actual: Tensor, expected: Dumped, tolerance: number): void {
  expect(actual.shape).toEqual(expected.shape);
  const want = expected.data.map(num);
  for (let i = 0; i < want.length; i++) {
    const a = actual.data[i]!;
    const e = want[i]!;
    if (Number.isNaN(e)) expect(a).toBeNaN();
    else if (!Number.isFinite(e)) expect(a).toBe(e);
    else
      expect(Math.abs(a - e), `element ${i}: ${a} vs PyTorch ${e}`).toBeLessThanOrEqual(tolerance * (1 + Math.abs(e)));
  }
}

describe('PyTorch parity: MLP with cross-entropy via logSoftmax (fixtures/mlp.json)', () => {
  test.each([
    ['float64', 1e-12],
    ['float32', 2e-6],
  ] as const)('%s: loss, logits and every gradient', (dtype, tolerance) => {
    const c = mlp[dtype];
    const x = load(c.inputs.x, dtype);
    const [w1, b1, w2, b2, w3, b3] = (['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const).map((k) =>
      load(c.inputs[k], dtype, true),
    ) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const h1 = x.matmul(w1).add(b1).tanh();
    const h2 = h1.matmul(w2).add(b2).silu();
    const logits = h2.matmul(w3).add(b3);
    const logp = logits.logSoftmax(1);
    const nll = logp
      .gather(
        1,
        c.target.map((t) => [t]),
      )
      .mean()
      .neg();
    const loss = nll.add(w1.pow(2).sum().mul(0.01));
    expectClose(logits, c.logits, tolerance);
    expect(Math.abs(loss.item() - num(c.loss))).toBeLessThanOrEqual(tolerance);
    loss.backward();
    const params = { w1, b1, w2, b2, w3, b3 };
    for (const k of Object.keys(params) as (keyof typeof params)[]) expectClose(params[k].grad!, c.grads[k], tolerance);
  });
});

describe('PyTorch parity at kinks and boundaries (fixtures/kinks.json)', () => {
  test.each(kinks.activations.map((c) => [`${c.name} ${JSON.stringify(c.params)} ${c.dtype}`, c] as const))(
    '%s',
    (_, c) => {
      const x = load(c.x, c.dtype, true);
      const y = x.activation(c.name, c.params);
      const tolerance = c.dtype === 'float64' ? 1e-12 : 2e-6;
      expectClose(y, c.y, tolerance);
      y.backward(load(c.dy, c.dtype));
      expectClose(x.grad!, c.dx, tolerance);
    },
  );

  const ops: Record<string, (...t: Tensor[]) => Tensor> = {
    abs: (a) => a.abs(),
    clamp: (a) => a.clamp(-1, 1),
    maximum: (a, b) => maximum(a!, b!),
    minimum: (a, b) => minimum(a!, b!),
    'maximum with NaN': (a, b) => maximum(a!, b!),
    'minimum with NaN': (a, b) => minimum(a!, b!),
    'max axis 1 (ties: first index)': (a) => a.max(1),
    'min axis 0 (ties: first index)': (a) => a.min(0),
    sqrt: (a) => a.sqrt(),
    'pow 0': (a) => a.pow(0),
    'pow 2 at 0': (a) => a.pow(2),
    'pow tensor': (a, b) => a.pow(b!),
    softmax: (a) => a.softmax(1).mul(tensor([[1, 2, 3]], { dtype: 'float64' })),
    logsumexp: (a) => a.logsumexp(1),
  };
  test.each(kinks.ops.map((c) => [c.op, c] as const))('%s', (name, c) => {
    const inputs = c.inputs.map((d) => load(d, 'float64', true));
    const out = ops[name]!(...inputs);
    expectClose(out, c.output, 1e-12);
    out.sum().backward();
    for (const [i, t] of inputs.entries()) expectClose(t.grad!, c.grads[i]!, 1e-12);
  });
});
