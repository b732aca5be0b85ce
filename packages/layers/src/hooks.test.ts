import { type Tensor, tensor, zeros } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { Tanh } from './activation-modules';
import { Dropout } from './dropout';
import { hasHooks } from './hooks';
import { Linear } from './linear';
import { Module, Sequential } from './module';

const g = () => new Random(3);

describe('forward hooks', () => {
  test('a hook sees the module, its inputs and output, also when the module runs inside a Sequential', () => {
    const lin = new Linear(2, 3, { generator: g() });
    const model = new Sequential(lin, new Tanh());
    const calls: [Module, number[], number[]][] = [];
    const handle = lin.registerForwardHook((m, [x], y) => {
      calls.push([m, [...x.shape], [...y.shape]]);
    });
    model.forward(zeros([5, 2]));
    lin.forward(zeros([1, 2]));
    expect(calls).toEqual([
      [lin, [5, 2], [5, 3]],
      [lin, [1, 2], [1, 3]],
    ]);
    handle.remove();
    model.forward(zeros([5, 2]));
    expect(calls).toHaveLength(2);
  });

  test('zero cost without hooks: forward is the class method itself until a hook exists, and again after', () => {
    const lin = new Linear(2, 3, { generator: g() });
    expect(Object.hasOwn(lin, 'forward')).toBe(false);
    expect(lin.forward).toBe(Linear.prototype.forward);
    const a = lin.registerForwardHook(() => undefined);
    const b = lin.registerForwardPreHook(() => undefined);
    expect(hasHooks(lin)).toBe(true);
    expect(Object.keys(lin)).not.toContain('forward'); // never enumerable: not a member, not saved
    a.remove();
    expect(Object.hasOwn(lin, 'forward')).toBe(true);
    b.remove();
    b.remove(); // idempotent
    expect(Object.hasOwn(lin, 'forward')).toBe(false);
    expect(lin.forward).toBe(Linear.prototype.forward);
    expect(hasHooks(lin)).toBe(false);
  });

  test('a returned value replaces the output; pre-hooks replace the inputs; hooks run in order', () => {
    const tanh = new Tanh();
    const order: string[] = [];
    tanh.registerForwardPreHook((_m, [x]) => {
      order.push('pre1');
      return [x.mul(2)];
    });
    tanh.registerForwardPreHook((_m, [x]) => {
      order.push('pre2');
      return [x.add(1)]; // sees pre1's input
    });
    tanh.registerForwardHook((_m, [x], y) => {
      order.push('post1');
      expect(x.item()).toBe(3);
      return y.neg();
    });
    tanh.registerForwardHook((_m, _inputs, y) => {
      order.push('post2');
      expect(y.item()).toBeCloseTo(-Math.tanh(3), 6);
    });
    const out = tanh.forward(tensor([1]));
    expect(out.item()).toBeCloseTo(-Math.tanh(3), 6);
    expect(order).toEqual(['pre1', 'pre2', 'post1', 'post2']);
  });

  test('a function registered twice runs twice and is removed one registration at a time', () => {
    const lin = new Linear(1, 1, { generator: g() });
    let n = 0;
    const hook = () => {
      n++;
    };
    const first = lin.registerForwardHook(hook);
    lin.registerForwardHook(hook);
    lin.forward(zeros([1, 1]));
    expect(n).toBe(2);
    first.remove();
    lin.forward(zeros([1, 1]));
    expect(n).toBe(3);
  });

  test('a hook removing itself while hooks run does not skip the next one', () => {
    const lin = new Linear(1, 1, { generator: g() });
    const seen: string[] = [];
    const h1 = lin.registerForwardHook(() => {
      seen.push('a');
      h1.remove();
    });
    lin.registerForwardHook(() => {
      seen.push('b');
    });
    lin.forward(zeros([1, 1]));
    lin.forward(zeros([1, 1]));
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  test('a forward defined as a class field is restored when the last hook goes', () => {
    class Field extends Module {
      forward = (x: Tensor): Tensor => x.mul(3);
    }
    const m = new Field();
    const own = m.forward;
    const h = m.registerForwardHook((_m, _i, y) => y.add(1));
    expect(m.forward(tensor([1])).item()).toBe(4);
    h.remove();
    expect(m.forward).toBe(own);
    expect(m.forward(tensor([1])).item()).toBe(3);
  });

  test('a hook that is not a function is refused', () => {
    expect(() => new Tanh().registerForwardHook('x' as never)).toThrow(
      /registerForwardHook: hook must be a function, got "x"/,
    );
    expect(() => new Tanh().registerForwardPreHook(null as never)).toThrow(
      /registerForwardPreHook: hook must be a function/,
    );
  });
});

describe('summary', () => {
  const model = () =>
    new Sequential(
      new Linear(2, 8, { generator: g() }),
      new Tanh(),
      new Sequential(new Linear(8, 4, { generator: g() }), new Dropout(0.5, { generator: g() })),
      new Linear(4, 1, { generator: g() }),
    );

  test('a torchinfo-like table with output shapes, parameter counts and totals', () => {
    const m = model();
    const s = m.summary({ input: zeros([4, 2]) });
    expect(s.totalParams).toBe(24 + 36 + 5);
    expect(s.trainableParams).toBe(65);
    expect(s.nonTrainableParams).toBe(0);
    expect(s.rows.map((r) => [r.path, r.type, r.depth, r.outputShapes, r.params])).toEqual([
      ['', 'Sequential', 0, [[4, 1]], 0],
      ['0', 'Linear', 1, [[4, 8]], 24],
      ['1', 'Tanh', 1, [[4, 8]], 0],
      ['2', 'Sequential', 1, [[4, 4]], 0],
      ['2.0', 'Linear', 2, [[4, 4]], 36],
      ['2.1', 'Dropout', 2, [[4, 4]], 0],
      ['3', 'Linear', 1, [[4, 1]], 5],
    ]);
    const text = String(s);
    expect(text).toContain('Layer (type (key): depth-idx)');
    expect(text).toMatch(/├─Linear \(0\): 1-1 +\[4, 8\] +24\n/);
    expect(text).toMatch(/│ {4}└─Dropout \(1\): 2-2 +\[4, 4\] +--\n/);
    expect(text).toMatch(/└─Linear \(3\): 1-4 +\[4, 1\] +5\n/);
    expect(text).toContain('Total params: 65\nTrainable params: 65\nNon-trainable params: 0');
  });

  test('the sample run restores training flags, removes its hooks and draws no random numbers', () => {
    const m = model();
    const dropout = m.at(2) as Sequential;
    const rng = new Random(1);
    const d = new Dropout(0.5, { generator: rng });
    const withDropout = new Sequential(m, d);
    const before = Array.from(rng.getState());
    withDropout.summary({ input: zeros([2, 2]) });
    expect(Array.from(rng.getState())).toEqual(before);
    expect(withDropout.modules().every((x) => x.training)).toBe(true);
    expect(withDropout.modules().some((x) => hasHooks(x))).toBe(false);
    expect(dropout.training).toBe(true);
    // with depth limiting the rows, a Dropout deeper than `depth` is in eval mode too
    const deep = new Sequential(new Sequential(new Linear(2, 2, { generator: new Random(3) }), d));
    deep.summary({ input: zeros([2, 2]), depth: 0 });
    expect(Array.from(rng.getState())).toEqual(before);
    expect(d.training).toBe(true);
  });

  test('depth limits the rows and counts deeper parameters on the listed ancestor; no input, no shapes', () => {
    const s = model().summary({ depth: 1 });
    expect(s.rows.map((r) => [r.path, r.params])).toEqual([
      ['', 0],
      ['0', 24],
      ['1', 0],
      ['2', 36],
      ['3', 5],
    ]);
    expect(String(s)).not.toContain('Output Shape');
    expect(() => model().summary({ depth: -1 })).toThrow(/depth must be an integer ≥ 0/);
    expect(() => model().summary({ inputs: zeros([1]) } as never)).toThrow(
      /unknown option 'inputs'. Valid options: input, depth/,
    );
  });

  test('a failing sample forward still restores the model', () => {
    const m = model();
    expect(() => m.summary({ input: zeros([4, 3]) })).toThrow(/Linear/);
    expect(m.modules().some((x) => hasHooks(x))).toBe(false);
    expect(m.training).toBe(true);
  });
});
