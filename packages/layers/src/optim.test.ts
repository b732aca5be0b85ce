import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Adam, type AdamOptions, AdamW, type OptimizableTensor, type Optimizer, SGD, type SGDOptions } from './optim';
import { CosineAnnealingLR, StepLR } from './schedulers';

interface Encoded {
  shape: number[];
  data: number[];
}
interface Run {
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: SGDOptions & AdamOptions;
  trajectory: Encoded[][];
  grads: Encoded[][];
}
interface SchedulerRun {
  scheduler: 'StepLR' | 'CosineAnnealingLR';
  options: { stepSize: number; gamma?: number; tMax: number; etaMin?: number };
  lr: number;
  lrs: number[];
}
interface GroupRun {
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: SGDOptions & AdamOptions;
  groups: (Partial<SGDOptions> & Partial<AdamOptions>)[];
  trajectory: Encoded[][];
}
interface GroupSchedulerRun {
  scheduler: 'StepLR' | 'CosineAnnealingLR';
  options: { stepSize: number; gamma?: number; tMax: number; etaMin?: number };
  groupLrs: number[];
  lrs: number[][];
}
const fixture: {
  groupRuns: GroupRun[];
  groupSchedulers: GroupSchedulerRun[];
  params: Encoded[];
  a: Encoded[];
  t: Encoded[];
  c: Encoded[];
  steps: number;
  runs: Run[];
  schedulers: SchedulerRun[];
} = JSON.parse(readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'));

/** The fixture's fixed loss sum(a·(p − t)²) + sum(c·p³)/10 has gradient 2a(p − t) + 0.3·c·p² (test harness). */
function fillGradient(params: OptimizableTensor[]): void {
  params.forEach((p, k) => {
    const a = fixture.a[k]!.data;
    const t = fixture.t[k]!.data;
    const c = fixture.c[k]!.data;
    const g = p.grad!.data;
    for (let i = 0; i < p.data.length; i++)
      g[i] = 2 * a[i]! * (p.data[i]! - t[i]!) + (3 * c[i]! * p.data[i]! ** 2) / 10;
  });
}

function makeParams(): OptimizableTensor[] {
  return fixture.params.map((e) => ({
    shape: e.shape,
    data: Float64Array.from(e.data),
    grad: { data: new Float64Array(e.data.length) },
  }));
}

function make(run: Run, params: OptimizableTensor[]): Optimizer {
  const o = run.options;
  if (run.optimizer === 'SGD') return new SGD(params, o);
  if (run.optimizer === 'Adam') return new Adam(params, o);
  return new AdamW(params, o);
}

describe('optimisers follow PyTorch trajectories', () => {
  test.each(fixture.runs.map((r) => [`${r.optimizer} ${JSON.stringify(r.options)}`, r] as const))('%s', (_n, run) => {
    const params = makeParams();
    const opt = make(run, params);
    for (let s = 0; s < fixture.steps; s++) {
      opt.zeroGrad();
      fillGradient(params);
      // the harness agrees with PyTorch's gradients
      params.forEach((p, k) => {
        run.grads[s]![k]!.data.forEach((v, i) => {
          expect(p.grad!.data[i]).toBeCloseTo(v, 12);
        });
      });
      opt.step();
      params.forEach((p, k) => {
        const ref = run.trajectory[s]![k]!.data;
        for (let i = 0; i < ref.length; i++) {
          expect(Math.abs(p.data[i]! - ref[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(ref[i]!)));
        }
      });
    }
  });
});

describe('optimiser behaviour', () => {
  test('zeroGrad zeroes in place by default and drops with setToNone', () => {
    const params = makeParams();
    const before = params[0]!.grad;
    params[0]!.grad!.data.fill(3);
    const opt = new SGD(params, { lr: 0.1 });
    opt.zeroGrad();
    expect(params[0]!.grad).toBe(before);
    expect(Array.from(params[0]!.grad!.data).every((v) => v === 0)).toBe(true);
    opt.zeroGrad({ setToNone: true });
    expect(params[0]!.grad).toBeNull();
    // a parameter without a gradient is skipped
    const snapshot = Float64Array.from(params[0]!.data);
    opt.step();
    expect(params[0]!.data).toEqual(snapshot);
  });

  test('the update is in place and float32 parameters stay float32', () => {
    const p = { shape: [2], data: new Float32Array([1, 2]), grad: { data: new Float32Array([0.5, -0.5]) } };
    const data = p.data;
    new Adam([p], { lr: 0.1 }).step();
    expect(p.data).toBe(data);
    expect(p.data[0]).toBeCloseTo(0.9, 6);
    expect(p.data[1]).toBeCloseTo(2.1, 6);
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('lr = %s is refused', (lr) => {
    const params = makeParams();
    expect(() => new SGD(params, { lr })).toThrow(
      /SGD: lr = .* is invalid; the learning rate must be a finite number > 0/,
    );
    expect(() => new Adam(params, { lr })).toThrow(/Adam: lr = /);
    expect(() => new AdamW(params, { lr })).toThrow(/AdamW: lr = /);
    const opt = new SGD(params, { lr: 0.1 });
    expect(() => {
      opt.lr = lr;
    }).toThrow(/SGD: lr = /);
  });

  test('other bad options are refused clearly', () => {
    const params = makeParams();
    const fromAForm: AdamOptions = JSON.parse('{ "lr": "0.1" }'); // what an untyped caller may pass
    expect(() => new Adam(params, fromAForm)).toThrow(/Adam: lr = "0.1" \(string\) is invalid/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/empty parameter list/);
    expect(() => new SGD(params, { lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => new SGD(params, { lr: 0.1, momentum: -0.5 })).toThrow(/momentum = -0.5/);
    expect(() => new Adam(params, { betas: [0.9, 1] })).toThrow(/betas\[1\] = 1 is invalid/);
    expect(() => new Adam(params, { eps: -1 })).toThrow(/eps = -1/);
    expect(() => new AdamW(params, { weightDecay: Number.NaN })).toThrow(/weightDecay = NaN/);
    const bad = { shape: [2], data: new Float64Array(2), grad: { data: new Float64Array(3) } };
    expect(() => new SGD([bad], { lr: 0.1 }).step()).toThrow(/gradient of 3 elements instead of 2/);
  });

  test('AdamW defaults: lr 0.001, weightDecay 0.01, betas [0.9, 0.999], eps 1e-8', () => {
    const opt = new AdamW(makeParams());
    expect([opt.lr, opt.weightDecay, opt.beta1, opt.beta2, opt.eps]).toEqual([0.001, 0.01, 0.9, 0.999, 1e-8]);
    expect(new Adam(makeParams()).weightDecay).toBe(0);
  });
});

describe('schedulers follow PyTorch', () => {
  test.each(fixture.schedulers.map((r) => [`${r.scheduler} ${JSON.stringify(r.options)}`, r] as const))(
    '%s',
    (_n, run) => {
      const opt = new SGD(makeParams(), { lr: run.lr });
      const sched = run.scheduler === 'StepLR' ? new StepLR(opt, run.options) : new CosineAnnealingLR(opt, run.options);
      const lrs = [sched.getLastLr()];
      for (let e = 1; e < run.lrs.length; e++) {
        opt.step();
        sched.step();
        lrs.push(opt.lr);
      }
      lrs.forEach((v, i) => {
        expect(Math.abs(v - run.lrs[i]!)).toBeLessThanOrEqual(1e-14 + 1e-12 * run.lrs[i]!);
      });
    },
  );

  test('bad scheduler options are refused', () => {
    const opt = new SGD(makeParams(), { lr: 0.1 });
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow(/StepLR: stepSize must be an integer ≥ 1, got 0/);
    expect(() => new CosineAnnealingLR(opt, { tMax: 1.5 })).toThrow(
      /CosineAnnealingLR: tMax must be an integer ≥ 1, got 1.5/,
    );
  });
});

describe('parameter groups follow PyTorch', () => {
  test.each(fixture.groupRuns.map((r) => [`${r.optimizer} ${JSON.stringify(r.groups)}`, r] as const))(
    '%s',
    (_n, run) => {
      const params = makeParams();
      const groups = params.map((p, k) => ({ params: [p], ...run.groups[k] }));
      const opt =
        run.optimizer === 'SGD'
          ? new SGD(groups, run.options)
          : run.optimizer === 'Adam'
            ? new Adam(groups, run.options)
            : new AdamW(groups, run.options);
      expect(opt.paramGroups).toHaveLength(2);
      for (let s = 0; s < fixture.steps; s++) {
        opt.zeroGrad();
        fillGradient(params);
        opt.step();
        params.forEach((p, k) => {
          const ref = run.trajectory[s]![k]!.data;
          for (let i = 0; i < ref.length; i++) {
            expect(Math.abs(p.data[i]! - ref[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(ref[i]!)));
          }
        });
      }
    },
  );

  test.each(fixture.groupSchedulers.map((r) => [r.scheduler, r] as const))('%s schedules each group', (_n, run) => {
    const [a, b] = makeParams();
    const opt = new SGD([{ params: [a!] }, { params: [b!], lr: run.groupLrs[1]! }], { lr: run.groupLrs[0]! });
    const sched = run.scheduler === 'StepLR' ? new StepLR(opt, run.options) : new CosineAnnealingLR(opt, run.options);
    const lrs = [sched.getLastLrs()];
    for (let e = 1; e < run.lrs.length; e++) {
      opt.step();
      sched.step();
      lrs.push(sched.getLastLrs());
    }
    lrs.forEach((row, e) => {
      row.forEach((v, g) => {
        expect(Math.abs(v - run.lrs[e]![g]!)).toBeLessThanOrEqual(1e-14 + 1e-12 * run.lrs[e]![g]!);
      });
    });
  });

  test('groups are validated: a parameter twice, bad group options, setting lr sets every group', () => {
    const [a, b] = makeParams();
    expect(() => new SGD([{ params: [a!] }, { params: [a!] }], { lr: 0.1 })).toThrow(/a parameter appears twice/);
    expect(() => new SGD([{ params: [a!], lr: -1 }], { lr: 0.1 })).toThrow(/SGD: lr = -1 is invalid/);
    expect(() => new Adam([{ params: [a!], betas: [1, 0.9] }])).toThrow(/betas\[0\] = 1/);
    const opt = new SGD([{ params: [a!] }, { params: [b!], lr: 0.5 }], { lr: 0.1 });
    expect(opt.paramGroups.map((g) => g.options.lr)).toEqual([0.1, 0.5]);
    opt.lr = 0.01;
    expect(opt.paramGroups.map((g) => g.options.lr)).toEqual([0.01, 0.01]);
  });
});
