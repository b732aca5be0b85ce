import { checkFunction } from '@actlab/kernels';

/**
 * Forward hooks, PyTorch's `register_forward_hook` / `register_forward_pre_hook`, at zero cost while none is
 * registered: the first hook gives the module an own, non-enumerable `forward` that runs the hooks around the class's
 * `forward`; removing the last hook deletes it again, so a module without hooks runs exactly its class's method.
 * Hooks are kept in a WeakMap, not on the module, so they never show up in `stateDict()`, `toString()` or the
 * registration walk.
 */

/** What `registerForwardHook` and `registerForwardPreHook` return: `remove()` unregisters the hook (idempotent). */
export interface RemovableHandle {
  remove(): void;
}

/** The smallest view of a module the hook machinery needs (the Module class satisfies it). */
interface Hookable {
  forward(...inputs: never[]): unknown;
}

type AnyForward = (...inputs: unknown[]) => unknown;
/** One registration (an object, so a function registered twice is two entries, removed one at a time). */
interface PreHook {
  readonly fn: (module: unknown, inputs: unknown[]) => unknown;
}
interface PostHook {
  readonly fn: (module: unknown, inputs: unknown[], output: unknown) => unknown;
}

interface HookState {
  /** Copy-on-write lists: a hook removed while hooks run does not disturb the running loop. */
  pre: readonly PreHook[];
  post: readonly PostHook[];
  /** The module's own `forward` property before hooks were installed (a class-field arrow function), if any. */
  ownBefore: PropertyDescriptor | undefined;
}

const hookStates = new WeakMap<object, HookState>();

function install(module: Hookable): HookState {
  let state = hookStates.get(module);
  if (state !== undefined) return state;
  const ownBefore = Object.getOwnPropertyDescriptor(module, 'forward');
  const inner = module.forward as AnyForward;
  const created: HookState = { pre: [], post: [], ownBefore };
  state = created;
  hookStates.set(module, created);
  const hooked = function hookedForward(...args: unknown[]): unknown {
    let inputs = args;
    const pre = created.pre;
    for (let i = 0; i < pre.length; i++) {
      const result = pre[i]!.fn(module, inputs);
      // PyTorch wraps a single returned value into the inputs tuple.
      if (result !== undefined) inputs = Array.isArray(result) ? result : [result];
    }
    let output = inner.apply(module, inputs);
    const post = created.post;
    for (let i = 0; i < post.length; i++) {
      const result = post[i]!.fn(module, inputs, output);
      if (result !== undefined) output = result;
    }
    return output;
  };
  Object.defineProperty(module, 'forward', { value: hooked, enumerable: false, configurable: true, writable: true });
  return created;
}

function uninstallIfEmpty(module: Hookable, state: HookState): void {
  if (state.pre.length > 0 || state.post.length > 0) return;
  hookStates.delete(module);
  if (state.ownBefore === undefined) delete (module as { forward?: unknown }).forward;
  else Object.defineProperty(module, 'forward', state.ownBefore);
}

function register(op: string, module: Hookable, hook: unknown, kind: 'pre' | 'post'): RemovableHandle {
  checkFunction(op, 'hook', hook);
  const state = install(module);
  // checkFunction has narrowed `hook` to a function; the entry fixes the call shape the wrapper uses.
  const entry = { fn: hook as (...args: unknown[]) => unknown };
  if (kind === 'pre') state.pre = [...state.pre, entry];
  else state.post = [...state.post, entry];
  let removed = false;
  return {
    remove(): void {
      if (removed) return;
      removed = true;
      const current = hookStates.get(module);
      if (current === undefined) return;
      if (kind === 'pre') current.pre = current.pre.filter((h) => h !== entry);
      else current.post = current.post.filter((h) => h !== entry);
      uninstallIfEmpty(module, current);
    },
  };
}

/** @internal Module.registerForwardHook's implementation. */
export function addForwardHook(module: Hookable, hook: unknown): RemovableHandle {
  return register('registerForwardHook', module, hook, 'post');
}

/** @internal Module.registerForwardPreHook's implementation. */
export function addForwardPreHook(module: Hookable, hook: unknown): RemovableHandle {
  return register('registerForwardPreHook', module, hook, 'pre');
}

/** True while `module` has at least one hook (its `forward` is the hooked wrapper). */
export function hasHooks(module: object): boolean {
  return hookStates.has(module);
}
