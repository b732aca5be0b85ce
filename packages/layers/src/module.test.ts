import { ones, type Tensor, tensor, zeros } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { ModuleDict, ModuleList, ParameterList } from './containers';
import { Dropout } from './dropout';
import { Linear } from './linear';
import { Module, parameter, Sequential } from './module';
import { SGD } from './optim';
import { loadSafetensors, saveSafetensors } from './safetensors';

const g = () => new Random(7);

describe('a module or parameter registration cannot see is an Error naming the field', () => {
  class InMap extends Module {
    readonly trunk = new Linear(2, 2, { generator: g() });
    readonly heads = new Map<string, Linear>([['a', new Linear(2, 1, { generator: g() })]]);
    forward(x: Tensor): Tensor {
      return this.heads.get('a')!.forward(this.trunk.forward(x));
    }
  }

  test('a Module in a Map: every walk refuses it, naming the field and the key', () => {
    const model = new InMap();
    const message =
      /InMap has modules or parameters where registration cannot see them[\s\S]*field 'heads' holds a Module \(Linear\) inside a Map, at heads\.get\('a'\); use a ModuleDict/;
    expect(() => model.parameters()).toThrow(message);
    expect(() => model.namedParameters()).toThrow(message);
    expect(() => model.stateDict()).toThrow(message);
    expect(() => model.modules()).toThrow(message);
    expect(() => model.train()).toThrow(message);
    expect(() => model.zeroGrad()).toThrow(message);
    expect(() => model.numParameters()).toThrow(message);
    expect(() => model.loadStateDict({})).toThrow(message);
    expect(() => model.to('float64')).toThrow(message);
    expect(() => model.summary()).toThrow(message);
    // an optimiser is built from parameters(), so the mistake surfaces before training starts
    expect(() => new SGD(model.parameters(), { lr: 0.1 })).toThrow(/heads\.get\('a'\)/);
    // the forward itself does not walk: it runs
    expect(model.forward(zeros([1, 2])).shape).toEqual([1, 1]);
  });

  test('a Set, a plain object, a nested array, a mixed array and a parameter in an object', () => {
    class Holders extends Module {
      readonly set = new Set([new Linear(1, 1, { generator: g() })]);
      readonly config = { layers: { first: new Linear(1, 1, { generator: g() }) } };
      readonly nested = [[new Linear(1, 1, { generator: g() })]];
      readonly mixed = [new Linear(1, 1, { generator: g() }), null];
      readonly scales = { a: parameter(ones([2])) };
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const error = (() => {
      try {
        new Holders().parameters();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toMatch(
      /field 'set' holds a Module \(Linear\) inside a Set, at set \(item 0 of the Set\); use a ModuleList/,
    );
    expect(error).toMatch(
      /field 'config' holds a Module \(Linear\) inside a plain object, at config\.layers\.first; use a ModuleDict/,
    );
    expect(error).toMatch(
      /field 'nested' holds a Module \(Linear\) inside an array, at nested\[0\]\[0\]; use a ModuleList/,
    );
    expect(error).toMatch(/field 'mixed' holds a Module \(Linear\) inside an array, at mixed\[0\]/);
    expect(error).toMatch(
      /field 'scales' holds a parameter of shape \[2\] inside a plain object, at scales\.a; keep parameters in a ParameterList/,
    );
  });

  test('a deeper module is named by its full path', () => {
    class Inner extends Module {
      readonly hidden = { lin: new Linear(1, 1, { generator: g() }) };
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const model = new Sequential(new Linear(1, 1, { generator: g() }), new Inner());
    expect(() => model.parameters()).toThrow(
      /field '1\.hidden' holds a Module \(Linear\) inside a plain object, at 1\.hidden\.lin/,
    );
  });

  test('aliases of registered modules and parameters are fine (a lookup Map, a list of own parameters)', () => {
    class Aliased extends Module {
      readonly a = new Linear(2, 2, { generator: g() });
      readonly b = new Linear(2, 2, { generator: g() });
      readonly byName = new Map([
        ['a', this.a],
        ['b', this.b],
      ]);
      readonly all: Tensor[];
      readonly dropout = new Dropout(0.1, { generator: g() }); // holds a Random: an object with no modules
      readonly meta = { sizes: [2, 2], note: 'x', when: new Date(0), bytes: new Uint8Array(4) };
      constructor() {
        super();
        this.all = [...this.a.parameters(), ...this.b.parameters()];
      }
      forward(x: Tensor): Tensor {
        return this.b.forward(this.a.forward(x));
      }
    }
    const model = new Aliased();
    expect(model.namedParameters().map(([k]) => k)).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
    expect(model.numParameters()).toBe(12);
  });

  test('a plain list kept beside a ModuleList (for indexing) neither steals its keys nor is refused', () => {
    class Tower extends Module {
      // declared first, as PyTorch code often keeps `self.layers = [...]` and registers them in a ModuleList
      readonly layers = [new Linear(2, 3, { generator: g() }), new Linear(3, 2, { generator: g() })];
      readonly blocks = new ModuleList(this.layers);
      readonly head = new Linear(2, 1, { generator: g() });
      readonly lookup = [this.head, this.layers[0]!]; // a list of modules registered elsewhere (field and container)
      forward(x: Tensor): Tensor {
        return this.head.forward(this.layers[1]!.forward(this.layers[0]!.forward(x)));
      }
    }
    const tower = new Tower();
    const keys = ['blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight', 'blocks.1.bias', 'head.weight', 'head.bias'];
    expect(Object.keys(tower.stateDict())).toEqual(keys);
    expect(tower.namedChildren().map(([k]) => k)).toEqual(['blocks', 'head']);
    expect(tower.toString()).not.toMatch(/\(layers|\(lookup/);
    expect(tower.parameters()).toHaveLength(6);
    // a plain array of modules found nowhere else is still registered (actlab's extension, as a ModuleList)
    class Plain extends Module {
      readonly blocks = [new Linear(2, 2, { generator: g() })];
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(Object.keys(new Plain().stateDict())).toEqual(['blocks.0.weight', 'blocks.0.bias']);
  });

  test('a module or parameter assigned after construction is registered where it lands', () => {
    class Base extends Module {
      readonly lin = new Linear(2, 2, { generator: g() });
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const m = new Base() as Base & { head?: Linear; scale?: Tensor; extras?: Record<string, Linear> };
    m.head = new Linear(2, 1, { generator: g() });
    m.scale = parameter(ones([1]));
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'lin.weight', 'lin.bias', 'head.weight', 'head.bias']);
    m.extras = { late: new Linear(1, 1, { generator: g() }) };
    expect(() => m.parameters()).toThrow(/field 'extras' holds a Module \(Linear\) inside a plain object/);
  });

  test('an enumerable field whose getter throws is named, not a bare error from inside', () => {
    class Fragile extends Module {
      readonly lin = new Linear(1, 1, { generator: g() });
      constructor() {
        super();
        Object.defineProperty(this, 'broken', {
          enumerable: true,
          get: () => {
            throw new Error('not ready');
          },
        });
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Fragile().parameters()).toThrow(/Fragile: reading its field 'broken' threw \(not ready\)/);
  });

  test('a cycle through plain objects and back to the module terminates', () => {
    class Cyclic extends Module {
      readonly lin = new Linear(1, 1, { generator: g() });
      readonly self: { owner: Cyclic; again?: unknown } = { owner: this };
      constructor() {
        super();
        this.self.again = this.self;
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    // `self.owner` is the root itself, which is registered: no error, no infinite loop
    expect(new Cyclic().parameters()).toHaveLength(2);
  });

  test('#private fields cannot be seen (documented); overriding namedMembers registers them', () => {
    class Hidden extends Module {
      readonly #lin = new Linear(2, 1, { generator: g() });
      forward(x: Tensor): Tensor {
        return this.#lin.forward(x);
      }
    }
    expect(new Hidden().parameters()).toHaveLength(0); // the limit of what JavaScript lets a library see
    class Listed extends Module {
      readonly #lin = new Linear(2, 1, { generator: g() });
      protected override namedMembers(): [string, unknown][] {
        return [['lin', this.#lin], ...super.namedMembers()];
      }
      forward(x: Tensor): Tensor {
        return this.#lin.forward(x);
      }
    }
    expect(new Listed().namedParameters().map(([k]) => k)).toEqual(['lin.weight', 'lin.bias']);
  });
});

describe('containers are keyed as PyTorch keys them', () => {
  class Net extends Module {
    readonly blocks = new ModuleList([new Linear(2, 3, { generator: g() }), new Linear(3, 3, { generator: g() })]);
    readonly heads = new ModuleDict({
      a: new Linear(3, 1, { generator: g() }),
      b: new Linear(3, 2, { generator: g() }),
    });
    readonly scales = new ParameterList([ones([3]), zeros([1])]);
    forward(x: Tensor): Tensor {
      let h = x;
      for (const block of this.blocks) h = block.forward(h).tanh();
      return this.heads.get('a').forward(h.mul(this.scales.at(0)));
    }
  }

  test('state-dict keys, order, forward and training through them', () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual([
      'blocks.0.weight',
      'blocks.0.bias',
      'blocks.1.weight',
      'blocks.1.bias',
      'heads.a.weight',
      'heads.a.bias',
      'heads.b.weight',
      'heads.b.bias',
      'scales.0',
      'scales.1',
    ]);
    expect(net.forward(zeros([4, 2])).shape).toEqual([4, 1]);
    expect(net.toString()).toContain(
      '(blocks): ModuleList(\n    (0): Linear(in_features=2, out_features=3, bias=True)',
    );
    expect(net.toString()).toContain('(heads): ModuleDict(\n    (a): Linear');
    expect(net.toString()).toContain('(0): Parameter containing: [float32 of size 3]');
    net.eval();
    expect(net.blocks.at(1).training).toBe(false);
  });

  test('ModuleDict keeps insertion order, even for integer-like keys given as pairs', () => {
    const d = new ModuleDict([
      ['b', new Linear(1, 1, { generator: g() })],
      ['1', new Linear(1, 1, { generator: g() })],
    ]);
    expect([...d.keys()]).toEqual(['b', '1']);
    expect(Object.keys(d.stateDict())).toEqual(['b.weight', 'b.bias', '1.weight', '1.bias']);
    expect(d.size).toBe(2);
    expect(d.has('b')).toBe(true);
    const popped = d.pop('b');
    expect(popped).toBeInstanceOf(Linear);
    expect([...d].map(([k]) => k)).toEqual(['1']);
    expect(() => d.get('zz')).toThrow(/ModuleDict.get: no module under "zz" .*the keys are '1'/);
    expect(() => d.set('a.b', new Linear(1, 1))).toThrow(/key "a.b" .* without '\.'/);
    expect(() => d.set('', new Linear(1, 1))).toThrow(/non-empty string/);
    expect(() => new ModuleDict({ a: 3 as never })).toThrow(/the module for 'a' is 3, not a Module/);
  });

  test('ModuleList: append, insert, set, pop, negative indices, checks', () => {
    const [a, b, c] = [new Linear(1, 1), new Linear(1, 2), new Linear(1, 3)];
    const list = new ModuleList<Linear>([a]);
    list.append(c).insert(1, b);
    expect([...list]).toEqual([a, b, c]);
    expect(list.at(-1)).toBe(c);
    list.set(0, c);
    expect(list.pop()).toBe(c);
    expect(list.length).toBe(2);
    expect(Object.keys(list.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias']);
    expect(() => list.at(2)).toThrow(/ModuleList.at: index 2 is out of range for 2 items/);
    expect(() => list.append({} as Linear)).toThrow(/ModuleList.append: the module is a plain object, not a Module/);
    expect(() => new ModuleList([a, 'x' as never])).toThrow(/item 1 is "x"/);
    expect(() => list.forward()).toThrow(/ModuleList: a container has no forward/);
  });

  test('ParameterList marks tensors as parameters, checks all before marking any', () => {
    const t = zeros([2]);
    const list = new ParameterList([t]);
    expect(t.requiresGrad).toBe(true);
    const u = zeros([1]);
    expect(() => list.extend([u, tensor([1], { requiresGrad: true }).mul(2)])).toThrow(
      /ParameterList: item 1 is not a leaf tensor/,
    );
    expect(u.requiresGrad).toBe(false);
    expect(list.length).toBe(1);
    expect(() => new ParameterList([3 as never])).toThrow(/item 0 is 3, not a Tensor/);
  });
});

describe('loadStateDict is all or nothing (issue 12.3)', () => {
  const make = () => new Sequential(new Linear(2, 3, { generator: g() }), new Linear(3, 1, { generator: g() }));

  test.each([
    [
      'a BigInt64Array',
      () => ({ shape: [3], data: new BigInt64Array(3) }),
      /'0\.bias': data is BigInt64Array\(3\); a parameter takes float values/,
    ],
    ['an Int32Array', () => ({ shape: [3], data: new Int32Array(3) }), /'0\.bias': data is Int32Array\(3\)/],
    ['a wrong shape', () => tensor([1, 2]), /size mismatch for '0\.bias': the state dict has shape \[2\]/],
    [
      'a shape that disagrees with its data',
      () => ({ shape: [3], data: new Float32Array(4) }),
      /shape \[3\] needs 3 values but the data has 4/,
    ],
    [
      'a non-integer shape',
      () => ({ shape: [1.5, 2], data: new Float32Array(3) }),
      /is not a list of non-negative integers/,
    ],
    ['null', () => null, /'0\.bias': expected a tensor, got null/],
    ['an array', () => [1, 2, 3], /'0\.bias': expected a tensor with a shape array/],
  ])('the second tensor is %s: nothing is copied, the first is not overwritten', (_name, bad, message) => {
    const target = make();
    const before = target.parameters().map((p) => Array.from(p.data));
    const source = make();
    for (const p of source.parameters()) p.data.fill(5);
    const sd: Record<string, unknown> = { ...source.stateDict() };
    sd['0.bias'] = bad();
    // '0.weight' comes first and is valid: it must not be written
    expect(() => target.loadStateDict(sd as Record<string, Tensor>)).toThrow(message);
    expect(() => target.loadStateDict(sd as Record<string, Tensor>)).toThrow(/nothing was copied/);
    expect(target.parameters().map((p) => Array.from(p.data))).toEqual(before);
  });

  test('every problem is reported at once; float64 values convert into float32 parameters', () => {
    const target = make();
    const sd: Record<string, unknown> = {
      '0.weight': { shape: [3, 2], data: new Int32Array(6) },
      '1.weight': tensor([[1, 2]]),
      extra: tensor([1]),
    };
    let message = '';
    try {
      target.loadStateDict(sd as Record<string, Tensor>);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/'0\.weight': data is Int32Array/);
    expect(message).toMatch(/size mismatch for '1\.weight'/);
    expect(message).toMatch(/missing keys: '0\.bias', '1\.bias'/);
    expect(message).toMatch(/unexpected keys: 'extra'/);
    const wide = make().to('float64');
    for (const p of wide.parameters()) p.data.fill(0.1);
    target.loadStateDict(wide.stateDict());
    expect(target.parameters()[0]!.data[0]).toBe(Math.fround(0.1));
  });

  test('options are checked', () => {
    expect(() => make().loadStateDict({}, { strickt: false } as never)).toThrow(
      /unknown option 'strickt'. Valid options: strict/,
    );
    expect(() => make().loadStateDict({}, { strict: 'no' } as never)).toThrow(/strict must be true or false/);
    expect(() => make().loadStateDict(null as never)).toThrow(/expected an object of tensors by key, got null/);
  });
});

describe('numParameters, to(dtype)', () => {
  test('numParameters counts each shared tensor once; trainableOnly', () => {
    const lin = new Linear(3, 4, { generator: g() });
    const model = new Sequential(lin, lin, new Linear(4, 1, { generator: g() }));
    expect(model.numParameters()).toBe(16 + 5);
    lin.bias!.requiresGrad = false;
    expect(model.numParameters({ trainableOnly: true })).toBe(16 + 5 - 4);
    expect(() => model.numParameters({ trainable: true } as never)).toThrow(/unknown option 'trainable'/);
  });

  test("to('float64') converts every parameter and gradient, keeps tied weights tied, and the model trains", () => {
    const lin = new Linear(2, 2, { generator: g() });
    const model = new Sequential(lin, new Linear(2, 2, { generator: g() }), new Sequential(lin));
    const values = model.parameters().map((p) => Array.from(p.data));
    model.parameters()[0]!.grad = zeros([2, 2]);
    expect(model.to('float64')).toBe(model);
    expect(model.parameters().every((p) => p.dtype === 'float64')).toBe(true);
    expect(model.parameters().map((p) => Array.from(p.data))).toEqual(values);
    expect(model.parameters()[0]!.grad!.dtype).toBe('float64');
    expect((model.at(2) as Sequential).at(0)).toBe(lin);
    const out = model.forward(tensor([[1, 2]], { dtype: 'float64' }));
    expect(out.dtype).toBe('float64');
    expect(model.to('float64').parameters()[0]).toBe(lin.weight); // a no-op keeps the tensors
    const list = new ParameterList([zeros([2])]);
    list.to('float64');
    expect(list.at(0).dtype).toBe('float64');
    expect(() => model.to('int32' as never)).toThrow(/dtype must be one of 'float32', 'float64', got "int32"/);
  });

  test('to() refuses, before converting anything, a parameter it cannot replace', () => {
    class Frozen extends Module {
      readonly a = new Linear(1, 1, { generator: g() });
      declare readonly w: Tensor;
      constructor() {
        super();
        Object.defineProperty(this, 'w', { value: parameter(zeros([1])), enumerable: true, writable: false });
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const m = new Frozen();
    expect(() => m.to('float64')).toThrow(/cannot replace parameter 'w' .*nothing was converted/);
    expect(m.a.weight.dtype).toBe('float32');
  });
});

describe('a Module with several inputs and outputs', () => {
  class Pair extends Module<[Tensor, Tensor], [Tensor, Tensor]> {
    readonly lin = new Linear(2, 2, { generator: g() });
    forward(a: Tensor, b: Tensor): [Tensor, Tensor] {
      return [this.lin.forward(a), this.lin.forward(b).neg()];
    }
  }

  test('forward takes and returns several tensors; hooks and summary see them all', () => {
    const pair = new Pair();
    const [y, z] = pair.forward(zeros([3, 2]), ones([1, 2]));
    expect(y.shape).toEqual([3, 2]);
    expect(z.shape).toEqual([1, 2]);
    const seen: number[][] = [];
    const handle = pair.registerForwardHook((_m, [a, b], [out]) => {
      seen.push([...a.shape], [...b.shape], [...out.shape]);
    });
    pair.forward(zeros([3, 2]), ones([1, 2]));
    handle.remove();
    expect(seen).toEqual([
      [3, 2],
      [1, 2],
      [3, 2],
    ]);
    const table = String(pair.summary({ input: [zeros([3, 2]), ones([1, 2])] }));
    expect(table).toContain('[3, 2], [1, 2]');
    // @ts-expect-error Sequential holds single-tensor modules only
    expect(() => new Sequential(new Pair())).not.toThrow();
  });

  test('saves and loads like any module (saveSafetensors and saveCheckpoint take every signature)', () => {
    const pair = new Pair();
    const back = new Pair();
    back.loadStateDict(loadSafetensors(saveSafetensors(pair)));
    expect(Array.from(back.lin.weight.data)).toEqual(Array.from(pair.lin.weight.data));
    loadCheckpoint(saveCheckpoint({ model: pair }), { model: back });
  });
});
