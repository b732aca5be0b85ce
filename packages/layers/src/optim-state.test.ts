import { Tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { Adam, type AdamOptions, AdamW, type OptimizableTensor, type Optimizer, SGD, type SGDOptions } from './optim';

/** Two parameters and a fixed, non-quadratic loss so every state buffer matters. */
function makeParams(dtype: 'float32' | 'float64' = 'float64'): OptimizableTensor[] {
  const rng = new Random(21);
  const make = (shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    rng.fillNormal(data);
    const grad = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    return { shape, data, grad: { data: grad } };
  };
  return [make([2, 3]), make([3])];
}

function fillGradient(params: OptimizableTensor[]): void {
  for (const p of params) {
    const g = p.grad!.data;
    for (let i = 0; i < p.data.length; i++) g[i] = 2 * (p.data[i]! - 0.3 * i) + 0.3 * p.data[i]! ** 2;
  }
}

type Make = (params: OptimizableTensor[]) => Optimizer;
const configs: [string, Make][] = [
  [
    'SGD momentum, nesterov, weight decay',
    (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
  ],
  ['SGD dampening', (p) => new SGD(p, { lr: 0.05, momentum: 0.8, dampening: 0.3 } satisfies SGDOptions)],
  ['SGD plain', (p) => new SGD(p, { lr: 0.1 })],
  ['Adam', (p) => new Adam(p, { lr: 0.02, weightDecay: 0.05 })],
  ['Adam amsgrad', (p) => new Adam(p, { lr: 0.05, amsgrad: true } satisfies AdamOptions)],
  ['AdamW', (p) => new AdamW(p, { lr: 0.03, weightDecay: 0.1, betas: [0.85, 0.99] })],
  [
    'AdamW groups',
    (p) => new AdamW([{ params: [p[0]!] }, { params: [p[1]!], weightDecay: 0, lr: 0.01 }], { lr: 0.03 }),
  ],
];

function run(opt: Optimizer, params: OptimizableTensor[], steps: number): void {
  for (let s = 0; s < steps; s++) {
    fillGradient(params);
    opt.step();
  }
}

const bits = (params: OptimizableTensor[]) => params.map((p) => Array.from(p.data));

describe('optimiser stateDict / loadStateDict', () => {
  test.each(configs)(
    '%s: k steps, state to a fresh optimiser, k more = 2k uninterrupted, bit for bit',
    (_name, make) => {
      const whole = makeParams();
      const a = make(whole);
      run(a, whole, 12);

      const first = makeParams();
      const b = make(first);
      run(b, first, 6);
      // through JSON and plain { shape, data } objects, as a file would carry it
      const saved = b.stateDict();
      const carried = JSON.parse(
        JSON.stringify(saved, (_k, v) => (v instanceof Tensor ? { shape: v.shape, data: Array.from(v.data) } : v)),
      );
      for (const entry of Object.values(carried.state) as Record<
        string,
        { shape: number[]; data: number[] } | number
      >[]) {
        for (const [k, v] of Object.entries(entry)) {
          if (typeof v === 'object') entry[k] = { shape: v.shape, data: Float64Array.from(v.data) } as never;
        }
      }
      const resumed = first.map((p) => ({
        shape: p.shape,
        data: Float64Array.from(p.data),
        grad: { data: new Float64Array(p.data.length) },
      }));
      const c = make(resumed);
      c.loadStateDict(carried);
      expect(c.stepCount).toBe(6);
      run(c, resumed, 6);
      expect(bits(resumed)).toEqual(bits(whole));
    },
  );

  test("PyTorch's structure: state by index with camelCase names, groups with options and indices", () => {
    const params = makeParams();
    const sgd = new SGD([{ params: [params[0]!] }, { params: [params[1]!], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    expect(sgd.stateDict()).toEqual({
      state: {},
      paramGroups: [
        { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [0] },
        { lr: 0.5, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [1] },
      ],
      stepCount: 0,
    });
    run(sgd, params, 1);
    const s = sgd.stateDict();
    expect(Object.keys(s.state)).toEqual(['0', '1']);
    expect(s.state[0]!.momentumBuffer.shape).toEqual([2, 3]);
    expect(s.state[1]!.momentumBuffer).toBeInstanceOf(Tensor);

    const adam = new Adam(makeParams(), { amsgrad: true });
    run(adam, adam.params as OptimizableTensor[], 3);
    const a = adam.stateDict();
    expect(Object.keys(a.state[0]!)).toEqual(['step', 'expAvg', 'expAvgSq', 'maxExpAvgSq']);
    expect(a.state[0]!.step).toBe(3);
    expect(a.paramGroups[0]).toEqual({
      lr: 0.001,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: true,
      maximize: false,
      params: [0, 1],
    });
    // the saved betas are a copy: changing them does not touch the optimiser
    a.paramGroups[0]!.betas = [0.5, 0.5];
    expect(adam.beta1).toBe(0.9);
  });

  test('a parameter without a gradient has no state, and a loaded state without it clears it', () => {
    const params = makeParams();
    const opt = new Adam(params);
    params[1]!.grad = null;
    fillGradient([params[0]!]);
    opt.step();
    const s = opt.stateDict();
    expect(Object.keys(s.state)).toEqual(['0']);
    const other = new Adam(makeParams());
    run(other, other.params as OptimizableTensor[], 2);
    other.loadStateDict(s);
    expect(Object.keys(other.stateDict().state)).toEqual(['0']);
  });

  test('loaded buffers convert to the parameter dtype (float64 state into float32 parameters)', () => {
    const wide = makeParams('float64');
    const a = new Adam(wide);
    run(a, wide, 2);
    const narrow = makeParams('float32');
    const b = new Adam(narrow);
    b.loadStateDict(a.stateDict());
    const m = b.stateDict().state[0]!.expAvg;
    expect(m.dtype).toBe('float32');
    expect(m.data[0]).toBe(Math.fround(a.stateDict().state[0]!.expAvg.data[0]!));
  });

  describe('every check comes before any change (all or nothing)', () => {
    const saved = () => {
      const params = makeParams();
      const opt = new Adam(params, { amsgrad: true });
      run(opt, params, 2);
      return opt.stateDict();
    };
    const cases: [string, (s: ReturnType<typeof saved>) => unknown, RegExp][] = [
      [
        'a group more',
        (s) => ({ ...s, paramGroups: [...s.paramGroups, s.paramGroups[0]] }),
        /the state has 2 parameter groups, this optimiser 1/,
      ],
      [
        'a group of another size',
        (s) => ({ ...s, paramGroups: [{ ...s.paramGroups[0]!, params: [0] }] }),
        /paramGroups\[0\] holds 1 parameters, this optimiser's group 0 holds 2/,
      ],
      [
        'an unknown option',
        (s) => ({ ...s, paramGroups: [{ ...s.paramGroups[0]!, mommentum: 0.9 }] }),
        /paramGroups\[0\]: unknown option 'mommentum'/,
      ],
      [
        'a bad option value',
        (s) => ({ ...s, paramGroups: [{ ...s.paramGroups[0]!, lr: -1 }] }),
        /Adam: lr = -1 is invalid/,
      ],
      [
        'a BigInt64Array buffer',
        (s) => ({
          ...s,
          state: { ...s.state, 1: { ...s.state[1]!, expAvgSq: { shape: [3], data: new BigInt64Array(3) } } },
        }),
        /state\[1\]: expAvgSq has data BigInt64Array\(3\); expected a Float32Array or Float64Array/,
      ],
      [
        'an Int32Array buffer',
        (s) => ({ ...s, state: { ...s.state, 1: { ...s.state[1]!, expAvg: { data: new Int32Array(3) } } } }),
        /expAvg has data Int32Array\(3\)/,
      ],
      [
        'a buffer of the wrong shape',
        (s) => ({
          ...s,
          state: { ...s.state, 1: { ...s.state[1]!, expAvg: new Tensor(new Float64Array(3), [1, 3]) } },
        }),
        /expAvg has shape \[1, 3\], but its parameter has shape \[3\]/,
      ],
      [
        'a buffer of the wrong size',
        (s) => ({ ...s, state: { ...s.state, 1: { ...s.state[1]!, expAvg: { data: new Float64Array(4) } } } }),
        /expAvg has 4 values, but its parameter has 3/,
      ],
      [
        'amsgrad without maxExpAvgSq',
        (s) => ({
          ...s,
          state: { ...s.state, 1: { step: 2, expAvg: s.state[1]!.expAvg, expAvgSq: s.state[1]!.expAvgSq } },
        }),
        /has no maxExpAvgSq, which its group needs/,
      ],
      [
        'a fractional step',
        (s) => ({ ...s, state: { ...s.state, 1: { ...s.state[1]!, step: 1.5 } } }),
        /step must be an integer ≥ 0, got 1.5/,
      ],
      [
        'state for no parameter',
        (s) => ({ ...s, state: { ...s.state, 7: s.state[0] } }),
        /state\['7'\] is for no parameter listed in paramGroups/,
      ],
      ['a bad stepCount', (s) => ({ ...s, stepCount: -1 }), /stepCount must be an integer ≥ 0, got -1/],
      ['not a state', () => 'state', /Adam.loadStateDict: expected \{ state, paramGroups, stepCount \}/],
    ];
    test.each(cases)('%s', (_name, corrupt, message) => {
      const params = makeParams();
      const opt = new Adam(params, { lr: 0.01, amsgrad: true });
      run(opt, params, 3);
      const before = JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Tensor ? Array.from(v.data) : v));
      expect(() => opt.loadStateDict(corrupt(saved()) as never)).toThrow(message);
      expect(JSON.stringify(opt.stateDict(), (_k, v) => (v instanceof Tensor ? Array.from(v.data) : v))).toBe(before);
    });
  });

  test('a learning rate a scheduler brought to 0 loads back; a negative one is refused', () => {
    const makers: Make[] = [(p) => new SGD(p, { lr: 0.1 }), (p) => new Adam(p)];
    for (const make of makers) {
      const params = makeParams();
      const opt = make(params);
      run(opt, params, 2);
      const saved = opt.stateDict();
      saved.paramGroups[0]!.lr = 0; // e.g. CosineAnnealingLR at tMax with etaMin 0
      const other = make(makeParams());
      other.loadStateDict(saved);
      expect(other.lr).toBe(0);
      saved.paramGroups[0]!.lr = -0.1;
      expect(() => other.loadStateDict(saved)).toThrow(/lr = -0.1 is invalid; a saved learning rate must be .* >= 0/);
    }
    expect(() => new SGD(makeParams(), { lr: 0 })).toThrow(/SGD: lr = 0 is invalid; the learning rate must be/);
  });

  test('step() checks every gradient before it moves any parameter', () => {
    const params = makeParams();
    const opt = new SGD(params, { lr: 0.1 });
    fillGradient(params);
    params[1]!.grad = { data: new Float64Array(5) };
    const before = bits(params);
    expect(() => opt.step()).toThrow(/parameter 1 of shape \[3\] has a gradient of 5 elements instead of 3/);
    expect(bits(params)).toEqual(before);
    expect(opt.stepCount).toBe(0);
  });

  test('options are checked: unknown keys, wrong types', () => {
    const params = makeParams();
    expect(() => new SGD(params, { lr: 0.1, mommentum: 0.9 } as never)).toThrow(
      /SGD: unknown option 'mommentum'. Valid options: lr, momentum, dampening, weightDecay, nesterov, maximize/,
    );
    expect(() => new Adam(params, { lr: 0.1, beta1: 0.9 } as never)).toThrow(/Adam: unknown option 'beta1'/);
    expect(() => new SGD([{ params, weight_decay: 0.1 }] as never, { lr: 0.1 })).toThrow(
      /SGD: parameter group 0: unknown option 'weight_decay'/,
    );
    expect(() => new SGD(params, { lr: 0.1, nesterov: 'yes' } as never)).toThrow(/SGD: nesterov must be true or false/);
    expect(() => new Adam(params, { amsgrad: 1 } as never)).toThrow(/Adam: amsgrad must be true or false/);
    expect(() => new SGD(params, { lr: 0.1 }).zeroGrad({ setToNon: true } as never)).toThrow(
      /unknown option 'setToNon'/,
    );
    expect(() => new SGD(params, { lr: 0.1, weightDecay: undefined })).not.toThrow(); // undefined counts as absent
    expect(() => new Adam(params, null as never)).toThrow(/Adam: options must be an object .* got null/);
    expect(() => new Adam(params, 'fast' as never)).toThrow(/Adam: options must be an object .* got "fast"/);
  });
});
