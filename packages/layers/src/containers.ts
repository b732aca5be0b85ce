import { Tensor } from '@actlab/autograd';
import { checkInteger, describeValue } from '@actlab/kernels';
import { type AnyModule, isParameter, Module, parameter } from './module';

/**
 * PyTorch's containers, `nn.ModuleList`, `nn.ModuleDict` and `nn.ParameterList`: modules that hold other modules
 * or parameters so that registration sees them, keyed as PyTorch keys them (`blocks.0.weight`, `heads.a.bias`,
 * `scales.1`). Their items live in `#private` storage and reach the tree walk through `namedMembers()`, so a
 * container's own fields never mix with its items. They have no `forward`: iterate them in the owner's `forward`.
 */

function notCallable(name: string): never {
  throw new Error(`${name}: a container has no forward; call its modules' forward in your module's forward`);
}

function checkModule(op: string, value: unknown, what: string): void {
  if (!(value instanceof Module)) {
    throw new Error(`${op}: ${what} is ${describeValue(value)}, not a Module; pass layers such as new Linear(2, 8)`);
  }
}

function checkIterable(op: string, value: unknown, what: string): void {
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new Error(`${op}: expected ${what}, got ${describeValue(value)}`);
  }
}

/** An index in [-length, length) (negative counts from the end), as a non-negative index. */
function normaliseIndex(op: string, index: number, length: number): number {
  checkInteger(op, 'index', index, Number.MIN_SAFE_INTEGER);
  const i = index < 0 ? index + length : index;
  if (i < 0 || i >= length) throw new Error(`${op}: index ${index} is out of range for ${length} items`);
  return i;
}

/**
 * Modules in a list, keyed `0`, `1`, … (PyTorch's `nn.ModuleList`).
 *
 * @example
 * ```ts
 * import { type Tensor, zeros } from '@actlab/autograd';
 * import { Linear, Module, ModuleList } from '@actlab/layers';
 *
 * class Tower extends Module {
 *   blocks = new ModuleList([new Linear(4, 4), new Linear(4, 4)]);
 *   forward(x: Tensor): Tensor {
 *     for (const block of this.blocks) x = block.forward(x).relu();
 *     return x;
 *   }
 * }
 * const tower = new Tower();
 * console.log(Object.keys(tower.stateDict()).join(', ')); // blocks.0.weight, blocks.0.bias, blocks.1.weight, blocks.1.bias
 * console.log(tower.forward(zeros([2, 4])).shape.join('×')); // 2×4
 * ```
 */
export class ModuleList<M extends AnyModule = Module> extends Module<never, never> implements Iterable<M> {
  readonly #items: M[] = [];

  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  override get typeName(): string {
    return 'ModuleList';
  }

  protected override namedMembers(): [string, unknown][] {
    return [...this.#items.map((m, i): [string, unknown] => [String(i), m]), ...super.namedMembers()];
  }

  /** Number of modules. */
  get length(): number {
    return this.#items.length;
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): M {
    return this.#items[normaliseIndex('ModuleList.at', index, this.#items.length)]!;
  }

  /** Replace the module at `index` (PyTorch's `list[i] = m`). */
  set(index: number, module: M): this {
    const i = normaliseIndex('ModuleList.set', index, this.#items.length);
    checkModule('ModuleList.set', module, 'the module');
    this.#items[i] = module;
    return this;
  }

  /** Add a module at the end. */
  append(module: M): this {
    checkModule('ModuleList.append', module, 'the module');
    this.#items.push(module);
    return this;
  }

  /** Add every module of `modules` at the end (all checked first). */
  extend(modules: Iterable<M>): this {
    checkIterable('ModuleList', modules, 'an array (or iterable) of modules');
    const list = [...modules];
    for (let i = 0; i < list.length; i++) checkModule('ModuleList', list[i], `item ${i}`);
    this.#items.push(...list);
    return this;
  }

  /** Insert a module before `index` (`length` appends; negative counts from the end). */
  insert(index: number, module: M): this {
    checkInteger('ModuleList.insert', 'index', index, Number.MIN_SAFE_INTEGER);
    checkModule('ModuleList.insert', module, 'the module');
    const n = this.#items.length;
    const i = Math.min(Math.max(index < 0 ? index + n : index, 0), n);
    this.#items.splice(i, 0, module);
    return this;
  }

  /** Remove and return the module at `index` (default the last). */
  pop(index = -1): M {
    const i = normaliseIndex('ModuleList.pop', index, this.#items.length);
    return this.#items.splice(i, 1)[0]!;
  }

  [Symbol.iterator](): Iterator<M> {
    return this.#items[Symbol.iterator]();
  }

  forward(): never {
    return notCallable('ModuleList');
  }
}

/** Keys a ModuleDict refuses: the empty string and dotted names, which would break the state-dict keys. */
function checkKey(op: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '' || key.includes('.')) {
    throw new Error(
      `${op}: key ${describeValue(key)} is invalid; a module key is a non-empty string without '.', as in PyTorch`,
    );
  }
}

/**
 * Modules by name, in insertion order, keyed `name.…` (PyTorch's `nn.ModuleDict`). Built from a plain object, a
 * `Map` or `[key, module]` pairs; note that a plain object lists integer-like keys (`'1'`) first, so pass a `Map` or
 * pairs when such keys must keep their order. Iterating gives `[key, module]` pairs, like a `Map`.
 *
 * @example
 * ```ts
 * import { type Tensor, zeros } from '@actlab/autograd';
 * import { Linear, Module, ModuleDict } from '@actlab/layers';
 *
 * class MultiHead extends Module {
 *   trunk = new Linear(4, 8);
 *   heads = new ModuleDict({ a: new Linear(8, 1), b: new Linear(8, 3) });
 *   forward(x: Tensor): Tensor {
 *     return this.heads.get('b').forward(this.trunk.forward(x).relu());
 *   }
 * }
 * const net = new MultiHead();
 * console.log(Object.keys(net.stateDict()).filter((k) => k.startsWith('heads')).join(', '));
 * // heads.a.weight, heads.a.bias, heads.b.weight, heads.b.bias
 * console.log(net.forward(zeros([2, 4])).shape.join('×')); // 2×3
 * ```
 */
export class ModuleDict<M extends AnyModule = Module> extends Module<never, never> implements Iterable<[string, M]> {
  readonly #items = new Map<string, M>();

  constructor(modules: Readonly<Record<string, M>> | ReadonlyMap<string, M> | Iterable<readonly [string, M]> = {}) {
    super();
    this.update(modules);
  }

  override get typeName(): string {
    return 'ModuleDict';
  }

  protected override namedMembers(): [string, unknown][] {
    return [...this.#items, ...super.namedMembers()];
  }

  /** Number of modules. */
  get size(): number {
    return this.#items.size;
  }

  /** The module under `key`; an Error naming the keys when there is none. */
  get(key: string): M {
    const m = this.#items.get(key);
    if (m === undefined) {
      const keys = [...this.#items.keys()].slice(0, 20).map((k) => `'${k}'`);
      throw new Error(
        `ModuleDict.get: no module under ${describeValue(key)}; the keys are ${keys.join(', ') || '(none)'}`,
      );
    }
    return m;
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  /** Add or replace the module under `key` (a replaced key keeps its place in the order). */
  set(key: string, module: M): this {
    checkKey('ModuleDict.set', key);
    checkModule('ModuleDict.set', module, `the module for '${key}'`);
    this.#items.set(key, module);
    return this;
  }

  /** Remove and return the module under `key` (PyTorch's `pop`). */
  pop(key: string): M {
    const m = this.get(key);
    this.#items.delete(key);
    return m;
  }

  /** Add or replace every entry of `modules` (all checked first). */
  update(modules: Readonly<Record<string, M>> | ReadonlyMap<string, M> | Iterable<readonly [string, M]>): this {
    if (modules === null || typeof modules !== 'object') {
      throw new Error(`ModuleDict: expected an object, a Map or [key, module] pairs, got ${describeValue(modules)}`);
    }
    const entries: (readonly [unknown, unknown])[] =
      modules instanceof Map || Symbol.iterator in modules
        ? [...(modules as Iterable<readonly [unknown, unknown]>)]
        : Object.entries(modules);
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new Error(`ModuleDict: expected [key, module] pairs, got an item ${describeValue(entry)}`);
      }
      checkKey('ModuleDict', entry[0]);
      checkModule('ModuleDict', entry[1], `the module for '${entry[0]}'`);
    }
    for (const [key, m] of entries) this.#items.set(key as string, m as M);
    return this;
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  values(): IterableIterator<M> {
    return this.#items.values();
  }

  entries(): IterableIterator<[string, M]> {
    return this.#items.entries();
  }

  [Symbol.iterator](): Iterator<[string, M]> {
    return this.#items.entries();
  }

  forward(): never {
    return notCallable('ModuleDict');
  }
}

/**
 * Parameters in a list, keyed `0`, `1`, … (PyTorch's `nn.ParameterList`); each tensor is made a parameter.
 *
 * @example
 * ```ts
 * import { ones, type Tensor } from '@actlab/autograd';
 * import { Module, ParameterList } from '@actlab/layers';
 *
 * class Scales extends Module {
 *   scales = new ParameterList([ones([3]), ones([3])]);
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.scales.at(0)).mul(this.scales.at(1));
 *   }
 * }
 * console.log(Object.keys(new Scales().stateDict()).join(', ')); // scales.0, scales.1
 * ```
 */
export class ParameterList extends Module<never, never> implements Iterable<Tensor> {
  readonly #items: Tensor[] = [];

  constructor(params: Iterable<Tensor> = []) {
    super();
    this.extend(params);
  }

  override get typeName(): string {
    return 'ParameterList';
  }

  override extraRepr(): string {
    return this.#items
      .map((p, i) => `(${i}): Parameter containing: [${p.dtype} of size ${p.shape.join('x') || '()'}]`)
      .join('\n');
  }

  protected override namedMembers(): [string, unknown][] {
    return [...this.#items.map((p, i): [string, unknown] => [String(i), p]), ...super.namedMembers()];
  }

  protected override canReplaceMember(key: string): boolean {
    return this.indexOf(key) >= 0 || super.canReplaceMember(key);
  }

  protected override replaceMember(key: string, value: Tensor): void {
    const i = this.indexOf(key);
    if (i >= 0) this.#items[i] = value;
    else super.replaceMember(key, value);
  }

  private indexOf(key: string): number {
    const i = Number(key);
    return Number.isInteger(i) && i >= 0 && i < this.#items.length && String(i) === key ? i : -1;
  }

  /** Number of parameters. */
  get length(): number {
    return this.#items.length;
  }

  /** The parameter at `index` (negative counts from the end). */
  at(index: number): Tensor {
    return this.#items[normaliseIndex('ParameterList.at', index, this.#items.length)]!;
  }

  /** Add a tensor at the end, as a parameter. */
  append(value: Tensor): this {
    return this.extend([value]);
  }

  /** Add every tensor of `values` at the end, as parameters (all checked first). */
  extend(values: Iterable<Tensor>): this {
    checkIterable('ParameterList', values, 'an array (or iterable) of tensors');
    const list = [...values];
    list.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new Error(`ParameterList: item ${i} is ${describeValue(t)}, not a Tensor`);
      if (!t.isLeaf) {
        throw new Error(
          `ParameterList: item ${i} is not a leaf tensor (it has a gradFn); pass t.detach() or a fresh tensor`,
        );
      }
    });
    for (const t of list) if (!isParameter(t)) parameter(t);
    this.#items.push(...list);
    return this;
  }

  [Symbol.iterator](): Iterator<Tensor> {
    return this.#items[Symbol.iterator]();
  }

  forward(): never {
    return notCallable('ParameterList');
  }
}
