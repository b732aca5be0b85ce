import { Tensor, tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { ReLU, Tanh } from './activation-modules';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import { manualSeed } from './init';
import { LearnableSwish, PReLU } from './learnable-activations';
import { Linear } from './linear';
import { crossEntropyLoss, mseLoss } from './losses';
import { Maxout } from './maxout';
import { Module, parameter, Sequential } from './module';
import { RBF } from './rbf';
import { type Encoded, expectClose, fromFixture, readFixture } from './test-fixtures';

type State = Record<string, Encoded>;
interface LinearCase {
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  state: State;
  x: Encoded;
  target: Encoded;
  y: Encoded;
  loss: number;
  grads: State;
  gradX: Encoded;
}
interface MlpCase {
  state: State;
  x: Encoded;
  labels: number[];
  y: Encoded;
  loss: number;
  grads: State;
  gradX: Encoded;
  repr: string;
}
interface LayerCase {
  state: State;
  x: Encoded;
  gradY: Encoded;
  y: Encoded;
  grads: State;
  gradX: Encoded;
}
interface MaxoutCase extends LayerCase {
  dIn: number;
  dOut: number;
  poolSize: number;
}
interface RbfCase extends LayerCase {
  inFeatures: number;
  outFeatures: number;
  gamma: number;
}

const lm = readFixture<{ linear: LinearCase; linearNoBias: LinearCase; mlp: MlpCase }>('linear-mlp.json');
const mr = readFixture<
  Record<'maxout' | 'maxoutTie' | 'maxout3d', MaxoutCase> &
    Record<'rbf' | 'rbfGamma2', RbfCase> &
    Record<'prelu' | 'preluChannels', LayerCase & { numParameters: number }> &
    Record<'learnableSwish', LayerCase>
>('maxout-rbf.json');

const stateOf = (s: State) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, fromFixture(v)]));

function expectGrads(model: Module, grads: State): void {
  const named = model.namedParameters();
  expect(named.map(([k]) => k)).toEqual(Object.keys(grads));
  for (const [k, p] of named) expectClose(p.grad, grads[k]!, 1e-10, 1e-13, k);
}

/** Loads the fixture's state, then checks the forward and, for the fixture's upstream gradient, every gradient. */
function expectLayerParity(layer: Module, c: LayerCase): void {
  layer.loadStateDict(stateOf(c.state));
  const x = fromFixture(c.x, true);
  const y = layer.forward(x);
  expectClose(y, c.y, 1e-12, 1e-14, 'y');
  y.backward(fromFixture(c.gradY));
  expectGrads(layer, c.grads);
  expectClose(x.grad, c.gradX, 1e-10, 1e-13, 'x.grad');
}

describe('PyTorch parity', () => {
  test.each([
    ['linear', lm.linear, 'mean'],
    ['linear without bias', lm.linearNoBias, 'sum'],
  ] as const)('%s: forward, loss, every gradient', (_n, c, reduction) => {
    const layer = new Linear(c.inFeatures, c.outFeatures, { bias: c.bias, dtype: 'float64' });
    layer.loadStateDict(stateOf(c.state));
    const x = fromFixture(c.x, true);
    const y = layer.forward(x);
    expectClose(y, c.y, 1e-12, 1e-14, 'y');
    const loss = mseLoss(y, fromFixture(c.target), { reduction });
    expect(loss.item()).toBeCloseTo(c.loss, 12);
    loss.backward();
    expectGrads(layer, c.grads);
    expectClose(x.grad, c.gradX, 1e-10, 1e-13, 'x.grad');
  });

  test('Sequential MLP (Linear, Tanh, Linear, ReLU, Linear) with cross-entropy: loss and every gradient', () => {
    const c = lm.mlp;
    const model = new Sequential(
      new Linear(3, 6, { dtype: 'float64' }),
      new Tanh(),
      new Linear(6, 4, { dtype: 'float64' }),
      new ReLU(),
      new Linear(4, 2, { dtype: 'float64' }),
    );
    expect(model.toString()).toBe(c.repr);
    model.loadStateDict(stateOf(c.state));
    const x = fromFixture(c.x, true);
    const y = model.forward(x);
    expectClose(y, c.y, 1e-12, 1e-14, 'y');
    const loss = crossEntropyLoss(y, c.labels);
    expect(loss.item()).toBeCloseTo(c.loss, 12);
    loss.backward();
    expectGrads(model, c.grads);
    expectClose(x.grad, c.gradX, 1e-10, 1e-13, 'x.grad');
  });

  test.each(['maxout', 'maxoutTie', 'maxout3d'] as const)(
    '%s: forward and gradients wrt input and parameters',
    (name) => {
      const c = mr[name];
      const layer = new Maxout(c.dIn, c.dOut, c.poolSize, { dtype: 'float64' });
      expect(Object.keys(layer.stateDict())).toEqual(['lin.weight', 'lin.bias']);
      expectLayerParity(layer, c);
    },
  );

  test.each(['rbf', 'rbfGamma2'] as const)('%s: forward and gradients wrt input and centers', (name) => {
    const c = mr[name];
    const layer = new RBF(c.inFeatures, c.outFeatures, { gamma: c.gamma, dtype: 'float64' });
    expect(Object.keys(layer.stateDict())).toEqual(['centers']);
    expectLayerParity(layer, c);
  });
});

describe('PyTorch parity: learnable activations', () => {
  test.each(['prelu', 'preluChannels'] as const)('%s: forward and gradients (zeros in the input)', (name) => {
    const c = mr[name];
    const layer = new PReLU({ numParameters: c.numParameters, dtype: 'float64' });
    expectLayerParity(layer, c);
  });

  test('LearnableSwish: forward and gradients wrt input and beta', () => {
    const c = mr.learnableSwish;
    const layer = new LearnableSwish({ dtype: 'float64' });
    expectLayerParity(layer, c);
  });
});

class Block extends Module {
  readonly lin: Linear;
  readonly scale: Tensor;
  readonly cache: Tensor;
  readonly heads: Module[];
  constructor() {
    super();
    this.lin = new Linear(2, 3);
    this.scale = parameter(tensor([1]));
    this.cache = tensor([0]); // not a parameter
    this.heads = [new Linear(3, 1), new Tanh()];
  }
  forward(x: Tensor): Tensor {
    return this.heads[1]!.forward(this.heads[0]!.forward(this.lin.forward(x).mul(this.scale)));
  }
}

describe('Module', () => {
  test("keys are PyTorch-style dotted property paths; a module's own parameters come before its children's", () => {
    const model = new Sequential(new Linear(2, 4), new Tanh(), new Block());
    expect(model.namedParameters().map(([k]) => k)).toEqual([
      '0.weight',
      '0.bias',
      '2.scale',
      '2.lin.weight',
      '2.lin.bias',
      '2.heads.0.weight',
      '2.heads.0.bias',
    ]);
    expect(model.parameters()).toHaveLength(7);
    expect(model.children()).toHaveLength(3);
    expect(model.modules()).toHaveLength(7);
  });

  test('a shared parameter is listed once', () => {
    const lin = new Linear(2, 2);
    expect(new Sequential(lin, lin).parameters()).toHaveLength(2);
  });

  test('train() / eval() set training on every descendant', () => {
    const model = new Sequential(new Linear(2, 2), new Dropout(0.5));
    expect(model.training).toBe(true);
    model.eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    model.train();
    expect(model.modules().every((m) => m.training)).toBe(true);
  });

  test('stateDict shares storage; loadStateDict copies in place and reports problems by key', () => {
    const a = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
    const b = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
    const w = b.parameters()[0]!;
    const before = w.data;
    b.loadStateDict(a.stateDict());
    expect(w.data).toBe(before);
    expect(Array.from(w.data)).toEqual(Array.from(a.parameters()[0]!.data));

    const sd = a.stateDict();
    delete sd['2.bias'];
    expect(() => b.loadStateDict(sd)).toThrow(/missing keys: '2.bias'/);
    expect(b.loadStateDict(sd, { strict: false })).toEqual({ missingKeys: ['2.bias'], unexpectedKeys: [] });
    expect(() => b.loadStateDict({ ...a.stateDict(), extra: tensor([1]) })).toThrow(/unexpected keys: 'extra'/);
    const wrong = { ...a.stateDict(), '0.weight': tensor([[1, 2, 3]]) };
    expect(() => b.loadStateDict(wrong, { strict: false })).toThrow(
      /size mismatch for '0.weight': the state dict has shape \[1, 3\], the parameter in the current model has shape \[3, 2\]/,
    );
  });

  test('zeroGrad zeroes in place', () => {
    const lin = new Linear(2, 1);
    mseLoss(lin.forward(tensor([[1, 2]])), tensor([[0]])).backward();
    const g = lin.weight.grad!;
    lin.zeroGrad();
    expect(lin.weight.grad).toBe(g);
    expect(Array.from(g.data)).toEqual([0, 0]);
  });

  test('toString mirrors PyTorch, nested', () => {
    const model = new Sequential(new Maxout(2, 3, 4), new Sequential(new Linear(3, 1, { bias: false })));
    expect(model.toString()).toBe(
      [
        'Sequential(',
        '  (0): Maxout(',
        '    d_in=2, d_out=3, pool_size=4',
        '    (lin): Linear(in_features=2, out_features=12, bias=True)',
        '  )',
        '  (1): Sequential(',
        '    (0): Linear(in_features=3, out_features=1, bias=False)',
        '  )',
        ')',
      ].join('\n'),
    );
  });
});

describe('layers', () => {
  test('Linear default init is U(±1/√in) for weight and bias, reproducible with a generator', () => {
    const lin = new Linear(400, 50, { generator: new Random(1) });
    const bound = 1 / Math.sqrt(400);
    const w = Array.from(lin.weight.data);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(0.98 * bound);
    expect(Math.max(...Array.from(lin.bias!.data))).toBeLessThanOrEqual(bound);
    expect(new Linear(400, 50, { generator: new Random(1) }).weight.data).toEqual(lin.weight.data);
  });

  test('Linear accepts [in] and [..., in] inputs', () => {
    const lin = new Linear(3, 2);
    expect(lin.forward(tensor([1, 2, 3])).shape).toEqual([2]);
    expect(lin.forward(tensor([[[1, 2, 3]], [[4, 5, 6]]])).shape).toEqual([2, 1, 2]);
  });

  test('Linear names itself and the shapes when given the wrong number of features', () => {
    expect(() => new Linear(3, 2).forward(tensor([[1, 2]]))).toThrow(
      /Linear\(in_features=3, out_features=2\): input of shape \[1, 2\] has 2 features in its last dimension, expected 3/,
    );
    expect(() => new Linear(3, 2).forward(tensor([[1, 2, 3]], { dtype: 'float64' }))).toThrow(/input is float64/);
    expect(() => new Linear(-1, 2)).toThrow(/inFeatures = -1/);
  });

  test('RBF refuses gamma <= 0 or NaN; bad input width', () => {
    expect(() => new RBF(2, 3, { gamma: 0 })).toThrow('RBF: gamma (the width) must be a finite number > 0, got 0');
    expect(() => new RBF(2, 3, { gamma: -1 })).toThrow(/gamma \(the width\) must be .*, got -1/);
    expect(() => new RBF(2, 3, { gamma: Number.NaN })).toThrow(/gamma \(the width\) must be .*, got NaN/);
    expect(() => new RBF(2, 3).forward(tensor([[1, 2, 3]]))).toThrow(/RBF\(in_features=2, out_features=3\)/);
  });

  test('Maxout refuses a bad poolSize, and names itself and the shapes for the wrong number of features', () => {
    expect(() => new Maxout(2, 3, 0)).toThrow('Maxout: poolSize (pieces per unit) must be an integer ≥ 1, got 0');
    expect(() => new Maxout(Number.NaN, 3, 2)).toThrow(/Maxout: dIn = NaN is invalid/);
    expect(() => new Maxout(2, 3, 2).forward(tensor([[1, 2, 3]]))).toThrow(
      /Maxout\(d_in=2, d_out=3, pool_size=2\): input of shape \[1, 3\] has 3 features in its last dimension, expected 2; .*dIn/,
    );
  });

  test('Dropout: zeroes about p, scales survivors by 1/(1-p) in training; identity in eval', () => {
    const d = new Dropout(0.25, { generator: new Random(3) });
    const x = tensor(new Float32Array(10000).fill(1), { shape: [10000] });
    const y = d.forward(x);
    const zeros = Array.from(y.data).filter((v) => v === 0).length;
    expect(zeros / 10000).toBeGreaterThan(0.23);
    expect(zeros / 10000).toBeLessThan(0.27);
    expect(Array.from(y.data).every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(() => new Dropout(1.5)).toThrow(
      'Dropout: p (the drop probability) must be a finite number ≥ 0 and ≤ 1, got 1.5',
    );
  });

  test('Dropout without a generator follows manualSeed, even when built before it (as torch.manual_seed)', () => {
    const d = new Dropout(0.5);
    const x = tensor(new Float32Array(64).fill(1), { shape: [64] });
    manualSeed(5);
    const a = Array.from(d.forward(x).data);
    manualSeed(5);
    const b = Array.from(d.forward(x).data);
    expect(b).toEqual(a);
    expect(a.some((v) => v === 0) && a.some((v) => v !== 0)).toBe(true);
  });

  test('Flatten keeps the batch axis', () => {
    expect(
      new Flatten().forward(
        tensor([
          [
            [1, 2],
            [3, 4],
          ],
        ]),
      ).shape,
    ).toEqual([1, 4]);
  });

  test('PReLU: slope a for negatives, gradient a at 0 for x and 0 for a', () => {
    const prelu = new PReLU();
    expect(prelu.namedParameters().map(([k]) => k)).toEqual(['weight']);
    const x = tensor([-2, 0, 3], { requiresGrad: true, dtype: 'float32' });
    const y = prelu.forward(x);
    expect(Array.from(y.data)).toEqual([-0.5, 0, 3]);
    y.sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([0.25, 0.25, 1]);
    expect(Array.from(prelu.weight.grad!.data)).toEqual([-2]);
    const channels = new PReLU({ numParameters: 2, init: 0.1 });
    expect(Array.from(channels.forward(tensor([[-1, -1]])).data)).toEqual([
      expect.closeTo(-0.1, 6),
      expect.closeTo(-0.1, 6),
    ]);
    expect(() => channels.forward(tensor([[-1, -1, 1]]))).toThrow(/needs 2 channels/);
  });

  test('LearnableSwish in float32 (the default) agrees with the float64 PyTorch reference', () => {
    const c = mr.learnableSwish;
    const layer = new LearnableSwish();
    expect(layer.beta.dtype).toBe('float32');
    layer.loadStateDict(stateOf(c.state));
    const x = tensor(Float32Array.from(c.x.data as number[]), { shape: c.x.shape, requiresGrad: true });
    const y = layer.forward(x);
    expect(y.dtype).toBe('float32');
    expectClose(y, c.y, 1e-5, 1e-6, 'y');
    y.backward(tensor(Float32Array.from(c.gradY.data as number[]), { shape: c.gradY.shape }));
    expectClose(layer.beta.grad, c.grads.beta!, 1e-4, 1e-5, 'beta.grad');
    expectClose(x.grad, c.gradX, 1e-5, 1e-6, 'x.grad');
  });
});

describe('Linear products agree with autograd matmul on both paths (direct loops and backend gemm)', () => {
  test.each([
    [5, 3, 7],
    [32, 2, 8],
    [16, 64, 48],
    [3, 130, 129],
  ])('rows %i, in %i, out %i', (rows, inF, outF) => {
    const g = new Random(rows * 1000 + inF);
    const layer = new Linear(inF, outF, { dtype: 'float64', generator: g });
    const x = new Tensor(g.fillNormal(new Float64Array(rows * inF)), [rows, inF], true);
    const gy = new Tensor(g.fillNormal(new Float64Array(rows * outF)), [rows, outF]);
    layer.forward(x).backward(gy);
    const w = new Tensor(layer.weight.data, layer.weight.shape, true);
    const b = new Tensor(layer.bias!.data, layer.bias!.shape, true);
    const x2 = new Tensor(x.data, x.shape, true);
    const ref = x2.matmul(w.transpose()).add(b);
    ref.backward(gy);
    const close = (a: Tensor, r: Tensor) => {
      for (let i = 0; i < r.size; i++)
        expect(Math.abs(a.data[i]! - r.data[i]!)).toBeLessThan(1e-12 * (1 + Math.abs(r.data[i]!)));
    };
    close(layer.forward(x), ref);
    close(x.grad!, x2.grad!);
    close(layer.weight.grad!, w.grad!);
    close(layer.bias!.grad!, b.grad!);
  });
});
