/** The PyTorch reference values of fixtures/updates-float32.json (generate-updates.py), for the tests. */
import { readFileSync } from 'node:fs';
import type { AdamUpdateOptions, adamUpdate, SgdUpdateOptions, sgdUpdate } from './optimizer-updates';
import type { FloatArray } from './types';

type Encoded = number | 'nan' | 'inf' | '-inf';
const decode = (v: Encoded): number =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
const f32 = (values: readonly Encoded[]): Float32Array => Float32Array.from(values.map(decode));

interface RawOptimizer {
  kind: 'sgd' | 'adam' | 'adamw';
  options: Record<string, number | boolean | number[]>;
  param: Encoded[];
  grads: Encoded[][];
  after: Encoded[][];
}
interface RawElementwiseLoss {
  x: Encoded[];
  y: Encoded[];
  loss: Encoded[];
  gOut: Encoded[];
  grad: Encoded[];
}
interface Raw {
  optimizers: RawOptimizer[];
  losses: {
    crossEntropy: {
      rows: number;
      classes: number;
      logits: Encoded[];
      target: number[];
      loss: Encoded[];
      gOut: Encoded[];
      grad: Encoded[];
    };
    mse: RawElementwiseLoss;
    bceWithLogits: RawElementwiseLoss;
  };
}

const raw: Raw = JSON.parse(readFileSync(new URL('../fixtures/updates-float32.json', import.meta.url), 'utf8'));

export const optimizerCases = raw.optimizers.map((c) => ({
  kind: c.kind,
  label: `${c.kind} ${JSON.stringify(c.options)}`,
  options: c.options,
  param: f32(c.param),
  grads: c.grads.map(f32),
  after: c.after.map(f32),
}));

const ce = raw.losses.crossEntropy;
export const crossEntropyCase = {
  rows: ce.rows,
  classes: ce.classes,
  logits: f32(ce.logits),
  target: Int32Array.from(ce.target),
  loss: f32(ce.loss),
  gOut: f32(ce.gOut),
  grad: f32(ce.grad),
};

const elementwise = (c: RawElementwiseLoss) => ({
  x: f32(c.x),
  y: f32(c.y),
  loss: f32(c.loss),
  gOut: f32(c.gOut),
  grad: f32(c.grad),
});
export const mseCase = elementwise(raw.losses.mse);
export const bceWithLogitsCase = elementwise(raw.losses.bceWithLogits);

/** torch.testing's float32 tolerance; the first few disagreements. */
export function torchMismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1.3e-6, atol = 1e-5) {
  const bad: string[] = [];
  for (let i = 0; i < expected.length && bad.length < 5; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : !Number.isFinite(e)
        ? a === e
        : Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] expected ${e} got ${a}`);
  }
  return bad;
}

/** Runs a fixture's steps through `update` (a backend's sgdUpdate/adamUpdate pair); the parameter after each. */
export function runOptimizerCase(
  c: (typeof optimizerCases)[number],
  updates: { sgdUpdate: typeof sgdUpdate; adamUpdate: typeof adamUpdate },
): Float32Array[] {
  const o = c.options;
  const p = c.param.slice();
  const n = p.length;
  const after: Float32Array[] = [];
  if (c.kind === 'sgd') {
    const options: SgdUpdateOptions = {
      lr: o.lr as number,
      momentum: (o.momentum as number) ?? 0,
      dampening: (o.dampening as number) ?? 0,
      weightDecay: (o.weightDecay as number) ?? 0,
      nesterov: (o.nesterov as boolean) ?? false,
      maximize: (o.maximize as boolean) ?? false,
    };
    const buffer: FloatArray | null = options.momentum === 0 ? null : new Float32Array(n);
    c.grads.forEach((g, step) => {
      updates.sgdUpdate(p, g, buffer, step === 0, options);
      after.push(p.slice());
    });
  } else {
    const decoupled = c.kind === 'adamw';
    const options: AdamUpdateOptions = {
      lr: o.lr as number,
      betas: ((o.betas as number[]) ?? [0.9, 0.999]) as [number, number],
      eps: (o.eps as number) ?? 1e-8,
      weightDecay: (o.weightDecay as number) ?? (decoupled ? 0.01 : 0),
      maximize: (o.maximize as boolean) ?? false,
    };
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    const vMax = o.amsgrad === true ? new Float32Array(n) : null;
    c.grads.forEach((g, step) => {
      updates.adamUpdate(p, g, m, v, vMax, step + 1, options, decoupled);
      after.push(p.slice());
    });
  }
  return after;
}
