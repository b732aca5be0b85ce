/**
 * Loading the kernels' WebAssembly module: feature detection, the memory it imports, and synchronous or
 * asynchronous instantiation. No top-level await (the package must stay `require()`-able): Node compiles
 * synchronously at first use; browsers compile synchronously where allowed (workers) and asynchronously otherwise,
 * which `ready()` waits for.
 */
import { kernelNames, wasmBase64 } from './generated/kernels-wasm';

/** A wasm export as JS sees it: numbers in, a number (or nothing) out. */
export type WasmFunction = (...args: number[]) => number;

/** The module's exported functions by name; a misspelt name is a compile error. */
export type KernelExports = Readonly<Record<KernelName, WasmFunction>>;

/** The name of a function the kernels module exports. */
export type KernelName = (typeof kernelNames)[number];

/** An instantiated module with the memory it runs in. */
export interface WasmInstance {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  /** Shared memory: the typed-array views never detach when it grows, and threads can run in it. */
  readonly shared: boolean;
  readonly exports: KernelExports;
}

/** Why the wasm backend is not available here, or null when it is (or has not been tried yet). */
let unavailableReason: string | null = null;

/** The smallest module using SIMD128 (i8x16.splat), to detect support without compiling the kernels. */
const simdProbe = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, 8, 1, 6, 0, 0x41, 0, 0xfd, 0x0f, 0x0b,
]);

/** Whether this engine runs WebAssembly with SIMD128. */
export function simdSupported(): boolean {
  return (
    typeof WebAssembly === 'object' && typeof WebAssembly.validate === 'function' && WebAssembly.validate(simdProbe)
  );
}

/** Why `instantiate` cannot work here (no WebAssembly, no SIMD), or null. */
export function unsupportedReason(): string | null {
  if (typeof WebAssembly !== 'object') return 'this JavaScript engine has no WebAssembly';
  if (!simdSupported()) return 'this engine does not run WebAssembly SIMD (128-bit)';
  return unavailableReason;
}

export function setUnavailable(reason: string): void {
  unavailableReason = reason;
}

const PAGE = 65536;
/** Initial memory: the static data, the thread control block and a first arena (README.md, "Memory"). */
const INITIAL_PAGES = 32;
/** Maxima to try for a shared memory, largest first (a 32-bit browser may refuse to reserve 2 GiB). */
const SHARED_MAXIMA = [32768, 16384, 4096];

function createMemory(): { memory: WebAssembly.Memory; shared: boolean } {
  // Shared memory needs SharedArrayBuffer, which browsers give only to cross-origin-isolated pages.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  if (typeof SharedArrayBuffer === 'function' && isolated) {
    for (const maximum of SHARED_MAXIMA) {
      try {
        return { memory: new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared: true }), shared: true };
      } catch {
        // Try a smaller reservation, then an ordinary memory.
      }
    }
  }
  return { memory: new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: SHARED_MAXIMA[0] }), shared: false };
}

let decoded: Uint8Array<ArrayBuffer> | null = null;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The module's bytes, with its memory import declared shared or not. The compiler declares it shared; the flag
 * is one byte of the import section, so an environment without SharedArrayBuffer runs the same code in an
 * ordinary memory (single-threaded) instead of losing the backend.
 */
export function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  decoded ??= decodeBase64(wasmBase64);
  if (shared) return decoded;
  const bytes = decoded.slice();
  const flags = memoryLimitsFlagOffset(bytes);
  // 0x03: shared, with a maximum; 0x01: not shared, with a maximum.
  if (bytes[flags] === 0x03) bytes[flags] = 0x01;
  return bytes;
}

/** Offset of the limits flag byte of the `env.memory` import. */
function memoryLimitsFlagOffset(bytes: Uint8Array): number {
  let at = 8;
  const leb = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = leb();
    const end = at + size;
    if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        // (`at += leb()` would read `at` before leb() moves it past the length.)
        const moduleNameLength = leb();
        at += moduleNameLength;
        const fieldNameLength = leb();
        at += fieldNameLength;
        const kind = bytes[at++]!;
        if (kind === 2) return at;
        if (kind === 0) leb();
        else if (kind === 1) {
          at++;
          const flag = bytes[at++]!;
          leb();
          if (flag & 1) leb();
        } else at += 2; // global: value type, mutability
      }
    }
    at = end;
  }
  throw new Error('wasm backend: the kernels module imports no memory (rebuild it with scripts/build-wasm.mjs)');
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory, shared: boolean): WasmInstance {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports: Partial<Record<KernelName, WasmFunction>> = {};
  for (const name of kernelNames) {
    const f = instance.exports[name];
    if (typeof f !== 'function') {
      throw new Error(`wasm backend: the kernels module has no function ${name} (rebuild: scripts/build-wasm.mjs)`);
    }
    exports[name] = f as WasmFunction;
  }
  return { module, memory, shared, exports: exports as KernelExports };
}

/**
 * Compile and instantiate synchronously. Returns null where the engine refuses a synchronous compile (a browser's
 * main thread) — then `instantiateAsync` is the way; throws nothing for a missing feature (see unsupportedReason).
 */
export function instantiateSync(): WasmInstance | null {
  if (unsupportedReason() !== null) return null;
  const { memory, shared } = createMemory();
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(moduleBytes(shared));
  } catch (error) {
    if (error instanceof RangeError) return null; // too large to compile synchronously here
    unavailableReason = `the kernels module did not compile: ${String(error)}`;
    return null;
  }
  return instantiate(module, memory, shared);
}

/** Compile and instantiate without blocking; resolves to null where the backend cannot run (see unsupportedReason). */
export async function instantiateAsync(): Promise<WasmInstance | null> {
  if (unsupportedReason() !== null) return null;
  const { memory, shared } = createMemory();
  try {
    const module = await WebAssembly.compile(moduleBytes(shared));
    return instantiate(module, memory, shared);
  } catch (error) {
    unavailableReason = `the kernels module did not compile: ${String(error)}`;
    return null;
  }
}

export const WASM_PAGE_BYTES = PAGE;
