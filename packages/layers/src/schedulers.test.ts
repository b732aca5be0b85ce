import { tensor } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import { Adam, AdamW, type OptimizableTensor, type Optimizer, SGD } from './optim';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  type LrLambda,
  OneCycleLR,
  type OneCycleLROptions,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  StepLR,
} from './schedulers';
import { decodeNumber, type OptimizerSpec, trainingFixture } from './test-training-fixture';

const LAMBDAS: Record<string, LrLambda> = {
  pow95: (e) => 0.95 ** e,
  inverse: (e) => 1.0 / (e + 1),
  stairs: (e) => Math.floor(e / 3) + 1,
  warmup: (e) => Math.min(1.0, (e + 1) / 4),
};

function param(): OptimizableTensor {
  return { shape: [1], data: new Float64Array(1), grad: null };
}

function makeOptimizer(spec: OptimizerSpec): Optimizer {
  const groups = spec.groupLrs.map((lr) => ({ params: [param()], lr }));
  const options = spec.options ?? {};
  if (spec.optimizer === 'SGD') return new SGD(groups, { lr: 1, ...options });
  if (spec.optimizer === 'Adam') return new Adam(groups, options);
  return new AdamW(groups, options);
}

/** PyTorch computes these with the same IEEE double operations; Math.cos may differ from C's cos by an ulp or two. */
function expectRates(actual: number[][], expected: number[][]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((row, e) => {
    row.forEach((v, g) => {
      const got = actual[e]![g]!;
      expect(Math.abs(got - v), `epoch ${e} group ${g}: ${got} vs ${v}`).toBeLessThanOrEqual(
        2e-15 * Math.abs(v) + 1e-300,
      );
    });
  });
}

const groupLrs = (opt: Optimizer) => opt.paramGroups.map((g) => g.options.lr);
const momenta = (opt: Optimizer) =>
  opt.paramGroups.map((g) => {
    const o = g.options as { momentum?: number; betas?: readonly [number, number] };
    return o.betas !== undefined ? o.betas[0] : o.momentum!;
  });

describe('LinearLR, ExponentialLR, LambdaLR follow PyTorch 1.13', () => {
  test.each(trainingFixture.epochSchedulers.map((c) => [`${c.scheduler} ${JSON.stringify(c.options)}`, c] as const))(
    '%s',
    (_name, c) => {
      const opt = makeOptimizer(c.optimizer);
      const options = c.options;
      const sched =
        c.scheduler === 'LinearLR'
          ? new LinearLR(opt, options)
          : c.scheduler === 'ExponentialLR'
            ? new ExponentialLR(opt, options as { gamma: number })
            : new LambdaLR(opt, {
                lrLambda: Array.isArray(options.lrLambda)
                  ? options.lrLambda.map((n: string) => LAMBDAS[n]!)
                  : LAMBDAS[options.lrLambda as string]!,
              });
      const lrs = [groupLrs(opt)];
      expect(sched.getLastLrs()).toEqual(lrs[0]);
      for (let e = 1; e < c.lrs.length; e++) {
        opt.step();
        sched.step();
        lrs.push(groupLrs(opt));
        expect(sched.getLastLrs()).toEqual(lrs[e]);
      }
      expectRates(lrs, c.lrs);
    },
  );
});

describe('schedulers chained on one optimiser follow PyTorch 1.13 (every one starts from the initial rates)', () => {
  const make = (opt: Optimizer, name: string, options: Record<string, unknown>) => {
    if (name === 'LinearLR') return new LinearLR(opt, options);
    if (name === 'CosineAnnealingLR') return new CosineAnnealingLR(opt, options as { tMax: number });
    if (name === 'ExponentialLR') return new ExponentialLR(opt, options as { gamma: number });
    if (name === 'StepLR') return new StepLR(opt, options as { stepSize: number });
    if (name === 'LambdaLR') return new LambdaLR(opt, { lrLambda: LAMBDAS[options.lrLambda as string]! });
    throw new Error(`no scheduler ${name}`);
  };
  test.each(trainingFixture.chained.map((c) => [c.schedulers.map((s) => s.scheduler).join(' + '), c] as const))(
    '%s',
    (_name, c) => {
      const opt = makeOptimizer(c.optimizer);
      const schedulers = c.schedulers.map((s) => make(opt, s.scheduler, s.options));
      expect(schedulers.map((s) => [...s.baseLrs])).toEqual(c.baseLrs);
      const lrs = [groupLrs(opt)];
      for (let e = 1; e < c.lrs.length; e++) {
        opt.step();
        for (const s of schedulers) s.step();
        lrs.push(groupLrs(opt));
      }
      expectRates(lrs, c.lrs);
    },
  );

  test('a scheduler restored into a chain keeps its saved base rates', () => {
    const build = () => {
      const opt = new SGD([{ params: [param()], lr: 0.1 }], { lr: 1 });
      return {
        opt,
        warm: new LinearLR(opt, { startFactor: 0.5, totalIters: 2 }),
        lambda: new LambdaLR(opt, { lrLambda: LAMBDAS.pow95! }),
      };
    };
    const a = build();
    const epoch = (run: ReturnType<typeof build>) => {
      run.warm.step();
      run.lambda.step();
    };
    for (let i = 0; i < 3; i++) epoch(a);
    const b = build();
    b.opt.loadStateDict(a.opt.stateDict());
    b.warm.loadStateDict(a.warm.stateDict());
    b.lambda.loadStateDict(a.lambda.stateDict());
    for (let i = 0; i < 3; i++) for (const run of [a, b]) epoch(run);
    expect(b.lambda.baseLrs).toEqual([0.1]);
    expect(groupLrs(b.opt)).toEqual(groupLrs(a.opt));
  });
});

describe('OneCycleLR follows PyTorch 1.13: learning rate and momentum', () => {
  test.each(trainingFixture.oneCycle.map((c) => [`${c.optimizer.optimizer} ${JSON.stringify(c.options)}`, c] as const))(
    '%s',
    (_name, c) => {
      const opt = makeOptimizer(c.optimizer);
      const sched = new OneCycleLR(opt, c.options as unknown as OneCycleLROptions);
      const lrs = [groupLrs(opt)];
      const ms = [momenta(opt)];
      // PyTorch 1.13 allows one step past totalSteps, where linear annealing overshoots below zero: PyTorch then
      // sets a negative learning rate, actlab refuses it (and changes nothing).
      const valid = c.lrs.findIndex((row) => row.some((lr) => lr < 0));
      const steps = valid === -1 ? c.lrs.length : valid;
      for (let e = 1; e < steps; e++) {
        opt.step();
        sched.step();
        lrs.push(groupLrs(opt));
        ms.push(momenta(opt));
      }
      expectRates(lrs, c.lrs.slice(0, steps));
      expectRates(ms, c.momenta.slice(0, steps));
      if (valid !== -1) {
        const before = [groupLrs(opt), momenta(opt)];
        expect(() => sched.step()).toThrow(/OneCycleLR.step: the learning rate of group 0 must be a finite number ≥ 0/);
        expect([groupLrs(opt), momenta(opt)]).toEqual(before);
        return;
      }
      // PyTorch 1.13 allows exactly totalSteps steps after the initial one; the next is an Error that changes nothing
      const before = groupLrs(opt);
      expect(() => sched.step()).toThrow(/OneCycleLR: tried to step \d+ times; the specified number of total steps is/);
      expect(groupLrs(opt)).toEqual(before);
      expect(sched.lastEpoch).toBe(c.lrs.length - 1);
    },
  );

  test.each(trainingFixture.oneCycleTraining.runs.map((r) => [r.optimizer, r] as const))(
    '%s trained under OneCycleLR (momentum changing every step) follows PyTorch',
    (_name, run) => {
      const f = trainingFixture.oneCycleTraining;
      const p = {
        shape: f.p0.shape,
        data: Float64Array.from(f.p0.data, decodeNumber),
        grad: { data: new Float64Array(6) },
      };
      const a = f.a.data.map(decodeNumber);
      const t = f.t.data.map(decodeNumber);
      const opt = run.optimizer === 'SGD' ? new SGD([p], run.options as { lr: number }) : new Adam([p], run.options);
      const sched = new OneCycleLR(opt, { maxLr: run.maxLr, totalSteps: run.totalSteps });
      run.trajectory.forEach((expected, s) => {
        for (let i = 0; i < 6; i++) p.grad.data[i] = 2 * a[i]! * (p.data[i]! - t[i]!) + (3 * p.data[i]! ** 2) / 10;
        opt.step();
        sched.step();
        expected.data.forEach((v, i) => {
          const ref = decodeNumber(v);
          expect(Math.abs(p.data[i]! - ref), `step ${s} [${i}]`).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(ref)));
        });
      });
    },
  );

  test('options are checked', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expect(() => new OneCycleLR(opt, { maxLr: 1 } as OneCycleLROptions)).toThrow(
      /give totalSteps, or epochs and stepsPerEpoch/,
    );
    expect(() => new OneCycleLR(opt, { maxLr: 1, totalSteps: 0 })).toThrow(/totalSteps must be an integer ≥ 1, got 0/);
    expect(() => new OneCycleLR(opt, { maxLr: 1, totalSteps: 5, pctStart: 1.5 })).toThrow(
      /pctStart must be a finite number ≥ 0 and ≤ 1/,
    );
    expect(() => new OneCycleLR(opt, { maxLr: 1, totalSteps: 5, annealStrategy: 'cosine' as 'cos' })).toThrow(
      /annealStrategy must be one of 'cos', 'linear'/,
    );
    expect(() => new OneCycleLR(opt, { maxLr: [1, 2], totalSteps: 5 })).toThrow(/expected 1 values for maxLr, got 2/);
    expect(() => new OneCycleLR(opt, { maxLr: 1, totalStep: 5 } as never)).toThrow(/unknown option 'totalStep'/);
    expect(() => new OneCycleLR({} as never, { maxLr: 1, totalSteps: 5 })).toThrow(
      /OneCycleLR: the first argument must be an Optimizer/,
    );
  });
});

describe('ReduceLROnPlateau follows PyTorch 1.13', () => {
  test.each(trainingFixture.plateau.map((c) => [JSON.stringify(c.options), c] as const))('%s', (_name, c) => {
    const opt = makeOptimizer(c.optimizer);
    const sched = new ReduceLROnPlateau(opt, c.options as ReduceLROnPlateauOptions);
    c.metrics.forEach((m, e) => {
      opt.step();
      sched.step(e % 2 === 0 ? decodeNumber(m) : tensor([decodeNumber(m)], { dtype: 'float64' }));
      const expected = c.steps[e]!;
      expectRates([groupLrs(opt)], [expected.lrs]);
      expect(sched.getLastLrs()).toEqual(groupLrs(opt));
      expect(sched.best).toBe(decodeNumber(expected.best));
      expect([sched.numBadEpochs, sched.cooldownCounter]).toEqual([expected.numBadEpochs, expected.cooldownCounter]);
    });
  });

  test('options are checked', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(
      /factor must be a finite number ≥ 0 and < 1, got 1/,
    );
    expect(() => new ReduceLROnPlateau(opt, { mode: 'maximum' as 'max' })).toThrow(/mode must be one of 'min', 'max'/);
    expect(() => new ReduceLROnPlateau(opt, { patiance: 2 } as never)).toThrow(/unknown option 'patiance'/);
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(/expected 1 minLr values, got 2/);
    expect(() => new ReduceLROnPlateau(opt).step('0.5' as never)).toThrow(
      /metric must be a number or a one-element tensor/,
    );
  });
});

describe('scheduler state dicts', () => {
  test('a scheduler restored mid-way continues exactly as the uninterrupted one', () => {
    const runOf = (make: (o: Optimizer) => { step(): void; stateDict(): object; loadStateDict(s: never): void }) => {
      const optA = new SGD(
        [param(), param()].map((p, i) => ({ params: [p], lr: 0.1 * (i + 1) })),
        { lr: 1, momentum: 0.9 },
      );
      const a = make(optA);
      for (let i = 0; i < 5; i++) a.step();
      const saved = JSON.parse(JSON.stringify({ o: optA.stateDict(), s: a.stateDict() }));
      for (let i = 0; i < 5; i++) a.step();
      const optB = new SGD(
        [param(), param()].map((p, i) => ({ params: [p], lr: 0.1 * (i + 1) })),
        { lr: 1, momentum: 0.9 },
      );
      const b = make(optB);
      optB.loadStateDict(saved.o);
      b.loadStateDict(saved.s as never);
      for (let i = 0; i < 5; i++) b.step();
      expect(groupLrs(optB)).toEqual(groupLrs(optA));
      expect(momenta(optB)).toEqual(momenta(optA));
      expect(b.stateDict()).toEqual(a.stateDict());
    };
    runOf((o) => new StepLR(o, { stepSize: 2, gamma: 0.5 }));
    runOf((o) => new CosineAnnealingLR(o, { tMax: 4, etaMin: 0.001 }));
    runOf((o) => new LinearLR(o, { startFactor: 0.2, totalIters: 7 }));
    runOf((o) => new ExponentialLR(o, { gamma: 0.9 }));
    runOf((o) => new LambdaLR(o, { lrLambda: LAMBDAS.inverse! }));
    runOf((o) => new OneCycleLR(o, { maxLr: [0.5, 1], totalSteps: 12, threePhase: true }));
  });

  test('ReduceLROnPlateau restored at any epoch continues exactly (best, bad epochs, cooldown, through JSON)', () => {
    const metrics = [1, 0.9, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.7, 0.7, 0.7, 0.7];
    const options = { patience: 2, cooldown: 2, factor: 0.5, minLr: 0.02 };
    const whole = new ReduceLROnPlateau(new SGD([param()], { lr: 0.1 }), options);
    const trajectory = metrics.map((m) => {
      whole.step(m);
      return whole.stateDict();
    });
    // the save points include a count of bad epochs in progress and a cooldown in progress
    expect(trajectory.some((s) => s.numBadEpochs > 0 && s.cooldownCounter === 0)).toBe(true);
    expect(trajectory.some((s) => s.cooldownCounter > 0)).toBe(true);
    expect(trajectory.at(-1)!.lastLrs).toEqual([0.02]); // 0.1 → 0.05 → 0.025 → 0.0125, held at minLr
    for (let k = 1; k < metrics.length; k++) {
      const optA = new SGD([param()], { lr: 0.1 });
      const a = new ReduceLROnPlateau(optA, options);
      for (const m of metrics.slice(0, k)) a.step(m);
      const saved = JSON.parse(JSON.stringify({ o: optA.stateDict(), s: a.stateDict() }));
      const optB = new SGD([param()], { lr: 0.1 });
      const b = new ReduceLROnPlateau(optB, options);
      optB.loadStateDict(saved.o);
      b.loadStateDict(saved.s);
      metrics.slice(k).forEach((m, i) => {
        b.step(m);
        expect(b.stateDict(), `saved after ${k}, epoch ${k + i}`).toEqual(trajectory[k + i]);
      });
      expect(optB.lr).toBe(whole.optimizer.lr);
    }
  });

  test('a state from another kind or other options is refused and changes nothing', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const step = new StepLR(opt, { stepSize: 2 });
    step.step();
    const saved = step.stateDict();
    const other = new StepLR(new SGD([param()], { lr: 0.1 }), { stepSize: 3 });
    expect(() => other.loadStateDict(saved)).toThrow(
      /StepLR.loadStateDict: the state was saved with stepSize = 2, this StepLR has 3; build the scheduler with the options it was saved with/,
    );
    expect(other.lastEpoch).toBe(0);
    const cosine = new CosineAnnealingLR(new SGD([param()], { lr: 0.1 }), { tMax: 3 });
    expect(() => cosine.loadStateDict(saved)).toThrow(
      /the state is a "StepLR" .* scheduler's; this is a CosineAnnealingLR/,
    );
    expect(() => step.loadStateDict({ ...saved, lastEpoch: -1 })).toThrow(/lastEpoch must be an integer ≥ 0/);
    expect(() => step.loadStateDict({ ...saved, baseLrs: [0.1, 0.2] })).toThrow(
      /baseLrs must be an array of 1 numbers/,
    );
    expect(() => step.loadStateDict({ ...saved, extra: 1 } as never)).toThrow(/unknown option 'extra'/);
    const plateau = new ReduceLROnPlateau(opt);
    expect(() => plateau.loadStateDict({ ...plateau.stateDict(), best: 'x' } as never)).toThrow(
      /best must be a number/,
    );
  });

  test('a LambdaLR factor that makes the rate negative is refused and changes nothing', () => {
    const opt = new SGD([param()], { lr: 0.1 });
    const sched = new LambdaLR(opt, { lrLambda: (e) => 1 - e });
    sched.step(); // factor 0
    expect(() => sched.step()).toThrow(
      /LambdaLR.step: the learning rate of group 0 must be a finite number ≥ 0, got -0.1/,
    );
    expect(sched.lastEpoch).toBe(1);
    expect(opt.lr).toBe(0);
  });
});
