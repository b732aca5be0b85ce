/**
 * The tape: one `Node` per recorded op, linked to its inputs, and the reverse pass that walks it.
 *
 * Cost model (small networks are dispatch-bound): recording an op allocates exactly one Node and one inputs array,
 * and nothing at all when no input requires a gradient or grad mode is off. The reverse pass sorts the graph with an
 * iterative depth-first search that stamps nodes with an epoch number instead of filling a visited Set.
 */
import {
  add as addKernel,
  allocateFloatArray,
  checkFloatArray,
  checkShape,
  type DType,
  describeValue,
  type FloatArray,
  sizeOf,
  sumToShape,
} from '@actlab/kernels';
import { formatShape } from './format-shape';
import { Tensor } from './tensor';

/**
 * The gradients an op's vector-Jacobian product hands back, one per input (`null` where no gradient is needed).
 * Each is either in its input's shape or — for a broadcasting op — in the op's output shape; the engine reduces the
 * latter to the input's shape (`reduceToInput`, the one place a broadcast gradient is summed). A VJP may return
 * `g` itself (pass-through) and must never write into `g` nor keep a reference to it after returning (the engine
 * may recycle `g` once the VJP is done, see `takeGradientBuffer`).
 */
export type InputGrads = readonly (FloatArray | null)[];

/**
 * An op's backward half. `S` is what its forward saved for the backward (`null` when nothing).
 * `vjp` is declared as a method so that a `Node<SomeSaved>` can sit in a graph typed `Node<unknown>`.
 */
export interface OpDefinition<S> {
  readonly name: string;
  /** True when the VJP's results may alias arrays it does not own (user-written ops): the engine copies them. */
  readonly borrowsResults?: boolean;
  vjp(g: FloatArray, saved: S, node: Node<S>): InputGrads;
}

const released: unique symbol = Symbol('released');
const noInputs: readonly Tensor[] = Object.freeze([]);

/** One recorded op application: what `tensor.gradFn` points at. */
export class Node<S = unknown> {
  /** Traversal stamp (see `backward`); replaces a per-pass visited Set. */
  mark = 0;
  /** dL/d(output) accumulated during a reverse pass; dropped as soon as the node is processed. */
  grad: FloatArray | null = null;
  /** The non-leaf tensor whose `.grad` the user asked to keep (`retainGrad()`). */
  retained: Tensor | null = null;

  constructor(
    readonly op: OpDefinition<S>,
    /** Inputs, emptied once the graph is freed so that the upstream graph can be collected. */
    public inputs: readonly Tensor[],
    /** Output shape. */
    readonly shape: readonly number[],
    /** What the forward saved, or the `released` marker after a backward without `retainGraph`. */
    public saved: S | typeof released,
  ) {
    // Recorded once per op: a few typeof/instanceof tests, a message only on failure.
    if (typeof op !== 'object' || op === null || typeof op.vjp !== 'function' || typeof op.name !== 'string') {
      throw new Error(
        `Node: op must be an op definition { name: string, vjp(g, saved, node) }, got ${describeValue(op)}`,
      );
    }
    if (!Array.isArray(inputs)) {
      throw new Error(`Node: inputs must be an array of Tensors, got ${describeValue(inputs)}`);
    }
    for (let i = 0; i < inputs.length; i++) {
      if (!(inputs[i] instanceof Tensor)) {
        throw new Error(`Node: inputs[${i}] must be a Tensor, got ${describeValue(inputs[i])}`);
      }
    }
    checkShape('Node', 'shape', shape);
  }

  /** The op's name, e.g. `'matmul'` (PyTorch's `grad_fn` shows `MmBackward0`). */
  get name(): string {
    return this.op.name;
  }

  /** True once a backward without `retainGraph` has freed this node. */
  get isReleased(): boolean {
    return this.saved === released;
  }

  toString(): string {
    return `<${this.op.name}Backward>`;
  }
}

let gradEnabled = true;

/** Whether ops currently record onto the tape (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Turn recording on or off globally; returns the previous setting. Prefer `noGrad(fn)`, which restores it. */
export function setGradEnabled(enabled: boolean): boolean {
  if (typeof enabled !== 'boolean') {
    throw new Error(`setGradEnabled: enabled must be true or false, got ${describeValue(enabled)}`);
  }
  const previous = gradEnabled;
  gradEnabled = enabled;
  return previous;
}

/**
 * Run `fn` with recording off (PyTorch's `torch.no_grad()`): results have `requiresGrad = false` and no `gradFn`.
 * For inference and for optimiser updates.
 *
 * `fn` must be synchronous. The mode is global (JavaScript has no portable async context to carry it across an
 * `await`), so it is restored when `fn` returns; the part of an async function after its first `await` would run
 * with recording on again. A `fn` that returns a promise (or any thenable) is therefore an Error: wrap the synchronous
 * work instead (`const y = noGrad(() => model.forward(x))`, then `await` outside), or, in async code, call
 * `setGradEnabled(false)` and restore the returned previous value in a `finally`.
 *
 * @example
 * ```ts
 * import { noGrad, tensor } from '@actlab/autograd';
 *
 * const w = tensor([0.5, -1], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * console.log(y.requiresGrad, y.gradFn); // false null
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn);
}

/**
 * Run `fn` with recording on, even inside `noGrad` (PyTorch's `torch.enable_grad()`). `fn` must be synchronous, as
 * for `noGrad`.
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn);
}

function withGradMode<T>(op: string, enabled: boolean, fn: () => T): T {
  if (typeof fn !== 'function') {
    throw new Error(`${op}: fn must be a function such as () => model.forward(x), got ${describeValue(fn)}`);
  }
  const previous = gradEnabled;
  gradEnabled = enabled;
  let result: T;
  try {
    result = fn();
  } finally {
    gradEnabled = previous;
  }
  if (isThenable(result)) {
    throw new Error(
      `${op}: fn returned a promise, but the grad mode only holds while fn runs synchronously: everything after its ` +
        `first await would run with recording ${enabled ? 'off' : 'on'} again. Pass a synchronous function ` +
        `(${op}(() => model.forward(x))) and await outside it, or in async code call setGradEnabled(${enabled}) and ` +
        'restore the value it returns in a finally block',
    );
  }
  return result;
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Wrap a one-input op's result, recording a Node only when the input needs a gradient. */
export function record1<S>(
  op: OpDefinition<S>,
  data: FloatArray,
  shape: readonly number[],
  x: Tensor,
  saved: S,
): Tensor {
  if (!gradEnabled || !x.requiresGrad) return new Tensor(data, shape);
  return new Tensor(data, shape, true, new Node(op, [x], shape, saved));
}

/** Wrap a two-input op's result. */
export function record2<S>(
  op: OpDefinition<S>,
  data: FloatArray,
  shape: readonly number[],
  a: Tensor,
  b: Tensor,
  saved: S,
): Tensor {
  if (!gradEnabled || !(a.requiresGrad || b.requiresGrad)) return new Tensor(data, shape);
  return new Tensor(data, shape, true, new Node(op, [a, b], shape, saved));
}

/**
 * Wrap an op's result, recording one Node when an input needs a gradient and grad mode is on — the entry point for
 * fused ops written outside this package (e.g. a Linear layer or a loss with a hand-written VJP).
 */
export function recordOp<S>(
  op: OpDefinition<S>,
  data: FloatArray,
  shape: readonly number[],
  inputs: readonly Tensor[],
  saved: S,
): Tensor {
  if (typeof op !== 'object' || op === null || typeof op.vjp !== 'function') {
    throw new Error(`recordOp: op must be an op definition { name, vjp }, got ${describeValue(op)}`);
  }
  checkFloatArray('recordOp', 'data', data);
  if (checkShape('recordOp', 'shape', shape) !== data.length) {
    throw new Error(
      `recordOp: data has ${data.length} elements but shape ${formatShape(shape)} needs ${sizeOf(shape)}; pass the ` +
        "output's data and its shape",
    );
  }
  if (!Array.isArray(inputs)) {
    throw new Error(`recordOp: inputs must be an array of Tensors, got ${describeValue(inputs)}`);
  }
  let requiresGrad = false;
  for (let i = 0; i < inputs.length; i++) {
    const input: unknown = inputs[i];
    if (!(input instanceof Tensor)) {
      throw new Error(`recordOp: inputs[${i}] must be a Tensor, got ${describeValue(input)}`);
    }
    if (input.requiresGrad) requiresGrad = true;
  }
  if (gradEnabled && requiresGrad) return new Tensor(data, shape, true, new Node(op, inputs, shape, saved));
  return new Tensor(data, shape);
}

let epoch = 0;

/**
 * The reverse pass behind `tensor.backward(grad)`.
 *
 * Second backward: like PyTorch, a backward frees the graph it walked (saved values and input links) unless
 * `retainGraph` is true; walking a freed node again throws, before any gradient is touched.
 */
export function backward(root: Tensor, seed: FloatArray, retainGraph: boolean): void {
  const rootNode = root.gradFn;
  if (rootNode === null) {
    accumulateLeaf(root, seed, true);
    return;
  }
  // The traversal arrays are reused from one backward to the next; a backward started from inside another (a
  // user-written VJP that runs its own backward) gets fresh ones.
  const reuse = !scratchInUse;
  const order = reuse ? scratchOrder : [];
  scratchInUse = true;
  try {
    topologicalOrder(rootNode, order, reuse ? scratchStack : [], reuse ? scratchCursor : []);
    rootNode.grad = seed;
    for (let i = order.length - 1; i >= 0; i--) runNode(order[i]!, retainGraph);
  } finally {
    // Drop the references (the order array must not keep a graph alive) and any gradients left by an exception.
    for (const node of order) node.grad = null;
    order.length = 0;
    // Buffers still lent out are referenced by someone (a `.grad`, or a graph dropped by an exception): forget them.
    // A nested backward clears them too; the outer one then just recycles less.
    lentBuffers.clear();
    if (reuse) scratchInUse = false;
  }
}

/**
 * Recycled gradient buffers. Small networks are allocation-bound: a typed array over 64 bytes lives outside V8's
 * heap and costs about 500 ns to create, more than the arithmetic of a 2-8-8-1 layer, and a training step used to
 * create a dozen of them for gradients that are dead a moment later.
 *
 * Ownership rule: a buffer from `takeGradientBuffer` belongs to the engine (it sits in `lentBuffers`) until either
 * it is consumed — it was a node's incoming gradient and that node's VJP has returned, or it was added into a
 * `.grad`, or it was an operand of a fan-in sum — and then it goes back to the free lists; or it escapes — it
 * becomes a tensor's `.grad`, or a VJP passes it through to its inputs (it may then reach several) — and then
 * the engine forgets it. Everything else (the seed, user-visible tensors' data, saved values, what a user-written
 * op returns) never enters `lentBuffers`, so it is never recycled.
 */
const freeBuffers = new Map<number, FloatArray[]>();
const lentBuffers = new Set<FloatArray>();
/** Per dtype and length: a step needs a handful of each; more would only hold memory. */
const maxFreePerSize = 8;

function freeListKey(dtype: DType, length: number): number {
  return dtype === 'float64' ? -1 - length : length;
}

/**
 * A gradient array of `length` elements for a VJP to return as ONE input's gradient: contents arbitrary (the VJP
 * must overwrite every element), and the VJP must not keep it nor return it for more than one input.
 */
export function takeGradientBuffer(dtype: DType, length: number): FloatArray {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`takeGradientBuffer: dtype must be 'float32' or 'float64', got ${describeValue(dtype)}`);
  }
  const free = freeBuffers.get(freeListKey(dtype, length));
  const buffer =
    free !== undefined && free.length > 0 ? free.pop()! : allocateFloatArray('takeGradientBuffer', dtype, length);
  lentBuffers.add(buffer);
  return buffer;
}

/** Give a consumed buffer back; anything the engine did not lend (or already took back) is left alone. */
function recycle(buffer: FloatArray): void {
  if (!lentBuffers.delete(buffer)) return;
  const key = freeListKey(buffer instanceof Float64Array ? 'float64' : 'float32', buffer.length);
  let free = freeBuffers.get(key);
  if (free === undefined) {
    free = [];
    freeBuffers.set(key, free);
  }
  if (free.length < maxFreePerSize) free.push(buffer);
}

let scratchInUse = false;
const scratchOrder: Node[] = [];
const scratchStack: Node[] = [];
const scratchCursor: number[] = [];

/** Run one node's VJP and hand each input its gradient. */
function runNode(node: Node, retainGraph: boolean): void {
  const g = node.grad;
  node.grad = null;
  if (g === null) return;
  if (node.retained !== null) accumulateLeaf(node.retained, g, true);
  const saved = node.saved;
  if (saved === released) throw freedGraphError(node);
  const op = node.op;
  const grads = op.vjp(g, saved, node);
  const borrows = op.borrowsResults === true;
  const inputs = node.inputs;
  let passedThrough = false;
  for (let j = 0; j < inputs.length; j++) {
    let gj = grads[j];
    const input = inputs[j]!;
    if (gj === null || gj === undefined || !input.requiresGrad) continue;
    // A VJP's results are fresh arrays except pass-throughs of g (which may be the user's seed or reach several
    // inputs) and whatever a user-written op returns: those are copied before a leaf accumulates into them.
    let shared = borrows || gj === g;
    if (gj === g) passedThrough = true;
    if (gj.length !== input.size) {
      const full: FloatArray = gj;
      gj = reduceToInput(gj, node, input);
      if (full !== g) recycle(full);
      shared = false;
    }
    const child = input.gradFn;
    if (child === null) {
      const owned = input.grad === null && !shared;
      accumulateLeaf(input, gj, shared);
      // Taken as the new `.grad` (escapes), or added into the existing one (consumed).
      if (owned) lentBuffers.delete(gj);
      else if (gj !== g) recycle(gj);
    } else if (child.grad === null) child.grad = gj;
    else {
      // Fan-in: a fresh sum, never an in-place add, because either operand may be shared.
      const previous = child.grad;
      child.grad = addKernel(previous, input.shape, gj, input.shape);
      // g itself may sit in another input's node too (passed through): it is dealt with after the loop.
      if (previous !== g) recycle(previous);
      if (gj !== g) recycle(gj);
    }
  }
  // g is consumed now, unless the VJP handed it on (then it may sit in several nodes) or is user-written (its
  // backward saw g as a Tensor and might keep it).
  if (passedThrough || borrows) lentBuffers.delete(g);
  else recycle(g);
  if (!retainGraph) {
    node.saved = released;
    node.inputs = noInputs;
  }
}

/** THE place a broadcast gradient (in the op's output shape) is summed back to its operand's shape. */
function reduceToInput(g: FloatArray, node: Node, input: Tensor): FloatArray {
  if (g.length !== sizeOf(node.shape)) {
    throw new Error(
      `${node.op.name} backward: a gradient for an input of shape ${formatShape(input.shape)} has ${g.length} ` +
        `elements, which is neither that shape nor the output shape ${formatShape(node.shape)}; fix the op's vjp`,
    );
  }
  return sumToShape(g, node.shape, input.shape);
}

/**
 * Post-order of the graph above `root` into `order` (reverse it for a topological order), by a depth-first search
 * with an explicit stack, so deep graphs cannot overflow the call stack. Throws before anything runs if the graph
 * was freed.
 */
function topologicalOrder(root: Node, order: Node[], stack: Node[], cursor: number[]): void {
  const stamp = ++epoch;
  if (root.saved === released) throw freedGraphError(root);
  root.mark = stamp;
  stack.push(root);
  cursor.push(0);
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top]!;
    const inputs = node.inputs;
    let next: Node | null = null;
    while (cursor[top]! < inputs.length) {
      const child = inputs[cursor[top]!++]!.gradFn;
      if (child !== null && child.mark !== stamp) {
        if (child.saved === released) {
          stack.length = 0;
          cursor.length = 0;
          throw freedGraphError(child);
        }
        child.mark = stamp;
        next = child;
        break;
      }
    }
    if (next !== null) {
      stack.push(next);
      cursor.push(0);
    } else {
      stack.pop();
      cursor.pop();
      order.push(node);
    }
  }
}

function freedGraphError(node: Node): Error {
  return new Error(
    `backward: trying to backward through the graph a second time (op ${node.op.name}, output shape ` +
      `${formatShape(node.shape)}): its saved values were freed by the first backward; pass ` +
      '{ retainGraph: true } to the first backward() if you need to backward twice',
  );
}

/** Add `g` into a leaf's (or a retained tensor's) `.grad`; `shared` means `g` may be aliased and must be copied. */
function accumulateLeaf(t: Tensor, g: FloatArray, shared: boolean): void {
  const current = t.grad;
  if (current === null) t.grad = new Tensor(shared ? g.slice() : g, t.shape);
  else addKernel(current.data, current.shape, g, t.shape, current.data);
}
