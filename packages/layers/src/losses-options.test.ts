import { gradcheck, Tensor, tensor } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import {
  bceLoss,
  bceWithLogitsLoss,
  type CrossEntropyOptions,
  crossEntropyLoss,
  type LossOptions,
  mseLoss,
  nllLoss,
  type Reduction,
} from './losses';
import { decodeNumber, type Encoded, expectClose, readFixture } from './test-fixtures';

/** PyTorch 1.13 references (fixtures/generate_io.py): loss options, extreme logits, float32 and float64. */
interface Typed extends Encoded {
  dtype: 'float32' | 'float64';
}
interface OptionCase {
  loss: 'crossEntropyLoss' | 'nllLoss' | 'bceWithLogitsLoss' | 'bceLoss';
  reduction: Reduction;
  options: Record<string, Typed | number>;
  input: Typed;
  target: Typed | number[];
  output: Typed;
  gradOutput: Typed;
  gradInput: Typed;
}
const { cases } = readFixture<{ cases: OptionCase[] }>('loss-options.json');
const REDUCTION_LIST: Reduction[] = ['mean', 'sum', 'none'];

const make = (e: Typed, requiresGrad = false) => {
  const data = e.data.map(decodeNumber);
  return new Tensor(e.dtype === 'float32' ? Float32Array.from(data) : Float64Array.from(data), e.shape, requiresGrad);
};

function describeCase(c: OptionCase): string {
  const opts = Object.keys(c.options).join('+') || 'no options';
  return `${c.loss} ${c.reduction} ${opts} ${c.input.dtype} [${c.input.shape.join('x')}]`;
}

describe('loss options match PyTorch 1.13 (values and input gradients, every reduction)', () => {
  test.each(cases.map((c, i) => [`#${i} ${describeCase(c)}`, c] as const))('%s', (_name, c) => {
    const input = make(c.input, true);
    const options: Record<string, unknown> = { reduction: c.reduction };
    for (const [k, v] of Object.entries(c.options)) options[k] = typeof v === 'number' ? v : make(v);
    let out: Tensor;
    if (c.loss === 'crossEntropyLoss') out = crossEntropyLoss(input, c.target as number[], options);
    else if (c.loss === 'nllLoss') out = nllLoss(input, c.target as number[], options);
    else {
      const target = make(c.target as Typed);
      out = (c.loss === 'bceLoss' ? bceLoss : bceWithLogitsLoss)(input, target, options);
    }
    expect(out.dtype).toBe(c.input.dtype);
    // float32 cases: PyTorch rounds every intermediate to float32, actlab once; a few float32 ulps apart.
    const [rtol, atol] = c.input.dtype === 'float32' ? [2e-6, 1e-30] : [1e-12, 1e-300];
    expectClose(out, c.output, rtol, atol, 'loss');
    out.backward(make(c.gradOutput));
    expectClose(input.grad, c.gradInput, rtol, atol, 'gradInput');
    for (const v of input.grad!.data) expect(Number.isFinite(v)).toBe(true);
  });

  test('the fixtures cover every option, reduction and the extreme rows', () => {
    const seen = new Set(cases.map((c) => `${c.loss}:${Object.keys(c.options).sort().join('+')}:${c.reduction}`));
    for (const key of [
      'crossEntropyLoss:weight:mean',
      'crossEntropyLoss:ignoreIndex:sum',
      'crossEntropyLoss:labelSmoothing:none',
      'crossEntropyLoss:ignoreIndex+labelSmoothing+weight:mean',
      'nllLoss:weight:mean',
      'nllLoss:ignoreIndex:none',
      'bceWithLogitsLoss:posWeight:mean',
      'bceWithLogitsLoss:posWeight+weight:none',
      'bceLoss:weight:sum',
    ]) {
      expect(seen, key).toContain(key);
    }
    const extremes = cases.filter((c) => c.input.data.some((v) => typeof v === 'number' && Math.abs(v) >= 1e16));
    expect(extremes.filter((c) => c.input.dtype === 'float32').length).toBeGreaterThanOrEqual(9);
    expect(extremes.filter((c) => c.input.dtype === 'float64').length).toBeGreaterThanOrEqual(9);
  });
});

describe('losses are stable at every logit scale (12.4)', () => {
  test('crossEntropyLoss([[1e16, 1e16]] float64, [0]) is ln 2; three float32 logits of 3.4e38 give ln 3', () => {
    expect(crossEntropyLoss(tensor([[1e16, 1e16]], { dtype: 'float64' }), [0]).item()).toBe(Math.LN2);
    const x = tensor([[3.4e38, 3.4e38, 3.4e38]], { requiresGrad: true });
    const loss = crossEntropyLoss(x, [1]);
    expect(loss.item()).toBeCloseTo(Math.log(3), 6);
    loss.backward();
    const grad = Array.from(x.grad!.data);
    for (const [i, g] of [1 / 3, -2 / 3, 1 / 3].entries()) expect(grad[i]).toBeCloseTo(g, 7);
  });

  test('bceWithLogitsLoss and bceLoss stay finite at ±3.4e38 and at p = 0, 1', () => {
    const x = tensor([3.4e38, -3.4e38, 3.4e38, -3.4e38], { requiresGrad: true });
    const loss = bceWithLogitsLoss(x, tensor([1, 0, 0, 1]), { reduction: 'none' });
    expect(Array.from(loss.data)).toEqual([0, 0, Math.fround(3.4e38), Math.fround(3.4e38)]);
    loss.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0, 1, -1]);
    const p = tensor([0, 1], { requiresGrad: true });
    const b = bceLoss(p, tensor([1, 0]));
    expect(b.item()).toBe(100);
    b.backward();
    for (const v of p.grad!.data) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('loss options are checked', () => {
  const x = tensor([
    [1, 2, 3],
    [0, 1, 0],
  ]);
  test('an unknown or misplaced option is an Error listing the valid ones', () => {
    expect(() => crossEntropyLoss(x, [0, 1], { weights: tensor([1, 1, 1]) } as CrossEntropyOptions)).toThrow(
      /crossEntropyLoss: unknown option 'weights'. Valid options: reduction, weight, ignoreIndex, labelSmoothing/,
    );
    expect(() => nllLoss(x, [0, 1], { labelSmoothing: 0.1 } as object)).toThrow(
      /nllLoss: unknown option 'labelSmoothing'. Valid options: reduction, weight, ignoreIndex\./,
    );
    expect(() => bceWithLogitsLoss(x, x, { pos_weight: tensor([1, 1, 1]) } as object)).toThrow(
      /bceWithLogitsLoss: unknown option 'pos_weight'. Valid options: reduction, weight, posWeight/,
    );
    const positional: unknown = 'sum';
    expect(() => mseLoss(x, x, positional as LossOptions)).toThrow(/mseLoss: options must be an object/);
    expect(() => bceLoss(tensor([0.5]), tensor([1]), { posWeight: tensor([2]) } as object)).toThrow(
      /bceLoss: unknown option 'posWeight'/,
    );
    // Keys set to undefined count as absent.
    expect(() => crossEntropyLoss(x, [0, 1], { weight: undefined, labelSmoothing: undefined })).not.toThrow();
  });

  test('bad weight, posWeight, ignoreIndex and labelSmoothing values name the option and the fix', () => {
    expect(() => crossEntropyLoss(x, [0, 1], { weight: tensor([1, 1]) })).toThrow(
      /options.weight of shape \[2\] must hold one weight per class: shape \[3\]/,
    );
    expect(() => crossEntropyLoss(x, [0, 1], { weight: tensor([1, 1, 1], { dtype: 'float64' }) })).toThrow(
      /options.weight is float64 but the input is float32; pass weight.to\('float32'\)/,
    );
    expect(() => crossEntropyLoss(x, [0, 1], { weight: [1, 1, 1] as unknown as Tensor })).toThrow(
      /options.weight must be a Tensor, got an array of length 3/,
    );
    expect(() => crossEntropyLoss(x, [0, 1], { weight: tensor([1, 1, 1], { requiresGrad: true }) })).toThrow(
      /options.weight requires a gradient/,
    );
    expect(() => crossEntropyLoss(x, [0, 1], { labelSmoothing: 1.5 })).toThrow(
      /options.labelSmoothing must be a finite number ≥ 0 and ≤ 1, got 1.5/,
    );
    expect(() => crossEntropyLoss(x, [0, 1], { ignoreIndex: 0.5 })).toThrow(/options.ignoreIndex must be an integer/);
    expect(() => crossEntropyLoss(x, [-1, 1])).toThrow(
      /target 0 is -1, not a class index in \[0, 2\] \(nor ignoreIndex, -100\)/,
    );
    expect(() => bceWithLogitsLoss(x, x, { posWeight: tensor([1, 2]) })).toThrow(
      /options.posWeight of shape \[2\] does not broadcast to the input's shape \[2, 3\]/,
    );
    expect(() => mseLoss(x, x, { reduction: 'avg' as Reduction })).toThrow(
      /mseLoss: reduction must be one of 'mean', 'sum', 'none', got "avg"/,
    );
  });

  test('a target equal to ignoreIndex is fine even when it is a valid class; all ignored gives NaN for mean', () => {
    const logits = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    const loss = crossEntropyLoss(logits, [2], { ignoreIndex: 2 });
    expect(loss.item()).toBeNaN();
    expect(crossEntropyLoss(logits, [2], { ignoreIndex: 2, reduction: 'sum' }).item()).toBe(0);
  });
});

describe('binary losses refuse mixed dtypes and null reductions', () => {
  test('float32 input with a float64 target is an Error naming both', () => {
    const a = tensor([0.5, 0.5]);
    const b = tensor([1, 0], { dtype: 'float64' });
    for (const fn of [mseLoss, bceLoss, bceWithLogitsLoss]) {
      expect(() => fn(a, b)).toThrow(
        /input is float32 but target is float64; convert one, e.g. target.to\('float32'\)/,
      );
    }
    expect(() => mseLoss(a, a, { reduction: null as unknown as Reduction })).toThrow(/reduction must be one of/);
  });
});

describe('loss options pass a float64 finite-difference gradient check', () => {
  const x = () =>
    tensor(
      [
        [0.3, -1.2, 2, 0.5],
        [1, 1, -0.5, 0],
        [-2, 0.1, 0.7, 1.5],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
  const w = tensor([0.5, 2, 1, 0.25], { dtype: 'float64' });
  const y = tensor(
    [
      [1, 0, 0.5, 1],
      [0, 0.25, 1, 0],
      [1, 1, 0, 0.75],
    ],
    { dtype: 'float64' },
  );
  test.each(REDUCTION_LIST)('%s', (reduction) => {
    const cases: [string, (t: Tensor) => Tensor][] = [
      ['crossEntropyLoss', (t) => crossEntropyLoss(t, [1, 3, 2], { reduction, weight: w, labelSmoothing: 0.2 })],
      ['crossEntropyLoss ignore', (t) => crossEntropyLoss(t, [1, -100, 0], { reduction, labelSmoothing: 0.1 })],
      ['nllLoss', (t) => nllLoss(t, [0, 2, 1], { reduction, weight: w, ignoreIndex: 2 })],
      [
        'bceWithLogitsLoss',
        (t) =>
          bceWithLogitsLoss(t, y, { reduction, weight: tensor([[2], [1], [0.5]], { dtype: 'float64' }), posWeight: w }),
      ],
      ['bceLoss', (t) => bceLoss(t.sigmoid(), y, { reduction, weight: w })],
    ];
    for (const [name, fn] of cases) expect(gradcheck(fn, [x()]), name).toBe(true);
  });
});
