/**
 * What the bench needs from the actlab packages, checked at run time rather than imported by name: the
 * packages land while this harness is written, and a section whose package is missing or incomplete must skip
 * with a note instead of failing the whole run. Each view below is validated once, then called directly, so
 * the checks cost nothing inside timed loops.
 */

type AnyFunction = (...args: unknown[]) => unknown;
type AnyConstructor = new (...args: unknown[]) => unknown;
type FloatArray = Float32Array | Float64Array;

export type Loaded<T> = { readonly ok: true; readonly api: T } | { readonly ok: false; readonly reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function isFunction(value: unknown): value is AnyFunction {
  return typeof value === 'function';
}

function isConstructor(value: unknown): value is AnyConstructor {
  return typeof value === 'function';
}

function missing(pkg: string, names: readonly string[], mod: Record<string, unknown>): string | null {
  const absent = names.filter((name) => typeof mod[name] !== 'function');
  return absent.length === 0 ? null : `${pkg} does not export ${absent.join(', ')} yet`;
}

/**
 * The specifier is a plain string so the type checker does not resolve the package: its dist (and .d.ts) may be
 * missing or half-built while its owner works, and the bench must still typecheck.
 */
async function importPackage(pkg: string): Promise<Loaded<Record<string, unknown>>> {
  try {
    const mod: unknown = await import(pkg);
    if (!isRecord(mod)) return { ok: false, reason: `${pkg} did not load as a module` };
    return { ok: true, api: mod };
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `${pkg} is not importable (build it: pnpm --filter ${pkg} build): ${text}` };
  }
}

// ---------------------------------------------------------------------------------------------- kernels

export interface ActivationKernels {
  forward(x: Float32Array, out: Float32Array): void;
  backward(x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array): void;
}

export type Gemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

export interface KernelsApi {
  activation(name: string): Loaded<ActivationKernels>;
  readonly gemm: Gemm | null;
  readonly gemmMissing: string;
  /**
   * Make `backend` (and `threads` kernel threads) active and wait until it is ready: what each actlab contender
   * does before its timed batches. Null when this build has no backend switch (then only the js contender runs).
   */
  readonly use: ((backend: 'js' | 'wasm', threads: number) => Promise<void>) | null;
  /** WebAssembly memory the wasm backend holds, in bytes (0 when it is not loaded), if the build reports it. */
  readonly wasmMemoryBytes: (() => number) | null;
}

export async function loadKernels(): Promise<Loaded<KernelsApi>> {
  const loaded = await importPackage('@actlab/kernels');
  if (!loaded.ok) return loaded;
  const mod = loaded.api;
  const gemm = mod.gemm;
  const { setBackend, setNumThreads, ready, getBackend, wasmMemoryBytes } = mod;
  const use =
    isFunction(setBackend) && isFunction(setNumThreads) && isFunction(ready)
      ? async (backend: 'js' | 'wasm', threads: number) => {
          setBackend(backend);
          setNumThreads(threads);
          await ready();
          if (isFunction(getBackend)) {
            const active = getBackend();
            if (!isRecord(active) || active.name !== backend) throw new Error(`setBackend('${backend}') did not take`);
          }
        }
      : null;
  return {
    ok: true,
    api: {
      gemm: isFunction(gemm) ? (...args) => void gemm(...args) : null,
      gemmMissing: missing('@actlab/kernels', ['gemm'], mod) ?? '',
      activation: (name) => activationKernels(mod, name),
      use,
      wasmMemoryBytes: isFunction(wasmMemoryBytes) ? () => Number(wasmMemoryBytes()) : null,
    },
  };
}

function activationKernels(mod: Record<string, unknown>, name: string): Loaded<ActivationKernels> {
  const table = mod.activations;
  if (!isRecord(table)) return { ok: false, reason: '@actlab/kernels does not export the activations table yet' };
  const entry = table[name];
  if (!isRecord(entry)) return { ok: false, reason: `@actlab/kernels activations has no entry ${name}` };
  const forward = entry.forward;
  const backward = entry.backward;
  if (!isFunction(forward) || !isFunction(backward)) {
    return { ok: false, reason: `@actlab/kernels activations.${name} lacks forward/backward kernels` };
  }
  // The table's defaults (leakyRelu slope 0.01, softplus beta 1 / threshold 20, swish beta 1).
  const resolve = mod.resolveActivationParams;
  const params = isFunction(resolve) ? resolve(name) : {};
  // Through the active backend's activation kernels when the build has them (so the wasm contender runs wasm).
  const getBackend = mod.getBackend;
  if (isFunction(getBackend)) {
    const kernelsOf = () => {
      const active = getBackend();
      if (!isRecord(active) || !isFunction(active.activation) || !isFunction(active.activationGrad)) return null;
      return { forward: active.activation, backward: active.activationGrad };
    };
    if (kernelsOf() !== null) {
      return {
        ok: true,
        api: {
          forward: (x, out) => void kernelsOf()!.forward(entry, x, out, params),
          backward: (x, y, dy, dx) => void kernelsOf()!.backward(entry, x, y, dy, dx, params),
        },
      };
    }
  }
  return {
    ok: true,
    api: {
      forward: (x, out) => void forward.call(entry, x, out, params),
      backward: (x, y, dy, dx) => void backward.call(entry, x, y, dy, dx, params),
    },
  };
}

// ---------------------------------------------------------------------------------------------- autograd

/** The slice of actlab's Tensor the bench drives. */
export interface BenchTensor {
  readonly shape: readonly number[];
  readonly data: FloatArray;
  grad: BenchTensor | null;
  add(other: BenchTensor | number): BenchTensor;
  mul(other: BenchTensor | number): BenchTensor;
  tanh(): BenchTensor;
  sum(): BenchTensor;
  backward(grad?: BenchTensor): void;
  item(): number;
}

/** The Tensor methods of the activations issue 9 times as a user calls them (`x.sigmoid()`). */
export type TensorActivationMethod = 'sigmoid' | 'tanh' | 'relu' | 'swish';

/** `x.<name>()` on a bench tensor, checked once: null when the build's Tensor lacks the method. */
export function tensorActivation(x: BenchTensor, name: TensorActivationMethod): (() => BenchTensor) | null {
  const method: unknown = isRecord(x) ? x[name] : undefined;
  if (!isFunction(method)) return null;
  return () => asTensor(method.call(x), `x.${name}()`);
}

const tensorMethods = ['add', 'mul', 'tanh', 'sum', 'backward', 'item'] as const;

export function isBenchTensor(value: unknown): value is BenchTensor {
  if (!isRecord(value)) return false;
  for (const method of tensorMethods) if (typeof value[method] !== 'function') return false;
  return value.data instanceof Float32Array || value.data instanceof Float64Array;
}

export function asTensor(value: unknown, what: string): BenchTensor {
  if (!isBenchTensor(value)) {
    throw new Error(`${what} did not return a Tensor with data and ${tensorMethods.join('/')} methods`);
  }
  return value;
}

export interface AutogradApi {
  tensor(data: Float32Array, shape: readonly number[], requiresGrad: boolean): BenchTensor;
}

export async function loadAutograd(): Promise<Loaded<AutogradApi>> {
  const loaded = await importPackage('@actlab/autograd');
  if (!loaded.ok) return loaded;
  const mod = loaded.api;
  const absent = missing('@actlab/autograd', ['tensor'], mod);
  const create = mod.tensor;
  if (absent !== null || !isFunction(create)) return { ok: false, reason: absent ?? 'tensor missing' };
  const api: AutogradApi = {
    tensor: (data, shape, requiresGrad) => asTensor(create(data, { shape, requiresGrad }), 'autograd tensor()'),
  };
  try {
    api.tensor(new Float32Array(2), [1, 2], true);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, api };
}

// ---------------------------------------------------------------------------------------------- layers

export interface BenchModule {
  forward(input: BenchTensor): BenchTensor;
  parameters(): BenchTensor[];
}

export interface BenchOptimizer {
  zeroGrad(): void;
  step(): void;
}

export interface LayersApi {
  mlp(sizes: readonly number[], hidden: 'tanh' | 'relu'): BenchModule;
  sgd(parameters: BenchTensor[], lr: number): BenchOptimizer;
  mseLoss(input: BenchTensor, target: BenchTensor): BenchTensor;
  crossEntropyLoss(input: BenchTensor, target: BenchTensor): BenchTensor;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.iterator in value && isFunction(value[Symbol.iterator]);
}

function asModule(value: unknown, what: string): BenchModule {
  if (!isRecord(value)) throw new Error(`${what} is not an object`);
  const forward = value.forward;
  const parameters = value.parameters;
  if (!isFunction(forward) || !isFunction(parameters)) throw new Error(`${what} lacks forward()/parameters()`);
  return {
    forward: (input) => asTensor(forward.call(value, input), `${what}.forward`),
    parameters: () => {
      const params = parameters.call(value);
      if (!isIterable(params)) throw new Error(`${what}.parameters() is not iterable`);
      return Array.from(params, (p) => asTensor(p, `${what}.parameters()`));
    },
  };
}

function asOptimizer(value: unknown, what: string): BenchOptimizer {
  if (!isRecord(value)) throw new Error(`${what} is not an object`);
  const zeroGrad = value.zeroGrad;
  const step = value.step;
  if (!isFunction(zeroGrad) || !isFunction(step)) throw new Error(`${what} lacks zeroGrad()/step()`);
  return { zeroGrad: () => void zeroGrad.call(value), step: () => void step.call(value) };
}

export async function loadLayers(): Promise<Loaded<LayersApi>> {
  const loaded = await importPackage('@actlab/layers');
  if (!loaded.ok) return loaded;
  const mod = loaded.api;
  const names = ['Sequential', 'Linear', 'Tanh', 'ReLU', 'SGD', 'mseLoss', 'crossEntropyLoss'] as const;
  const absent = missing('@actlab/layers', names, mod);
  const { Sequential, Linear, Tanh, ReLU, SGD, mseLoss, crossEntropyLoss } = mod;
  if (
    absent !== null ||
    !isConstructor(Sequential) ||
    !isConstructor(Linear) ||
    !isConstructor(Tanh) ||
    !isConstructor(ReLU) ||
    !isConstructor(SGD) ||
    !isFunction(mseLoss) ||
    !isFunction(crossEntropyLoss)
  ) {
    return { ok: false, reason: absent ?? '@actlab/layers exports have unexpected kinds' };
  }
  return {
    ok: true,
    api: {
      mlp: (sizes, hidden) => {
        const modules: unknown[] = [];
        for (let l = 0; l + 1 < sizes.length; l++) {
          modules.push(new Linear(sizes[l], sizes[l + 1]));
          if (l + 2 < sizes.length) modules.push(hidden === 'tanh' ? new Tanh() : new ReLU());
        }
        return asModule(new Sequential(...modules), 'Sequential');
      },
      sgd: (parameters, lr) => asOptimizer(new SGD(parameters, { lr }), 'SGD'),
      mseLoss: (input, target) => asTensor(mseLoss(input, target), 'mseLoss'),
      crossEntropyLoss: (input, target) => asTensor(crossEntropyLoss(input, target), 'crossEntropyLoss'),
    },
  };
}
