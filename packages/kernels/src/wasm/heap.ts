/**
 * The wasm backend's memory and the API every kernel wrapper uses (packages/kernels/assembly/README.md, "ABI").
 *
 * Tensor data stays in ordinary JS typed arrays (README, "Where tensor data lives"); WebAssembly memory holds only
 * the thread control block and an ARENA that a kernel call fills with copies of its operands and room for its
 * results, then gives back: `arenaReset()` at the start of each call, bump allocations, nothing to free. The arena
 * grows to the largest call seen and stays there, so memory is flat however many calls follow.
 *
 * The wrapper pattern (one call owns the arena from `arenaReset` until it returns; it never calls another wrapper
 * in between):
 *
 *   if (!(x instanceof Float32Array) || x.length < MIN) return jsKernel(x, out);  // float64, tiny sizes: js
 *   const k = kernels();                       // the module's exports, typed by name
 *   arenaReset();
 *   if (!arenaReserve(2 * x.length * 4)) return jsKernel(x, out);   // out of wasm memory: js, silently correct
 *   const px = copyIn(x);                      // byte address of a copy of x
 *   const py = arenaAlloc(x.length * 4);       // room for the result
 *   k.relu_f32(px, py, x.length);
 *   copyOut(py, out);                          // into the caller's array
 */
import { instantiateAsync, instantiateSync, type KernelExports, WASM_PAGE_BYTES, type WasmInstance } from './loader';

/** Alignment of every arena block: a cache line, so f32x4 loads never straddle one. */
export const ARENA_ALIGN = 64;
/** Bytes reserved for the thread control block (src/threads.ts): 64 slots of 256 bytes. */
export const CONTROL_BYTES = 64 * 256;

let wasm: WasmInstance | null = null;
let controlBase = 0;
let arenaBase = 0;
let top = 0;
let capacity = 0;
let f32 = new Float32Array(0);

const alignUp = (n: number): number => Math.ceil(n / ARENA_ALIGN) * ARENA_ALIGN;

function adopt(instance: WasmInstance): WasmInstance {
  wasm = instance;
  controlBase = alignUp(instance.exports.heapBase());
  arenaBase = controlBase + CONTROL_BYTES;
  top = arenaBase;
  refreshViews();
  return instance;
}

function refreshViews(): void {
  const buffer = wasm!.memory.buffer;
  capacity = buffer.byteLength;
  f32 = new Float32Array(buffer);
}

/** The instance, instantiating synchronously on first use; null where that is refused or unsupported. */
export function loadWasmSync(): WasmInstance | null {
  if (wasm !== null) return wasm;
  const instance = instantiateSync();
  return instance === null ? null : adopt(instance);
}

/** The instance, instantiating without blocking; null where the backend cannot run. */
export async function loadWasmAsync(): Promise<WasmInstance | null> {
  if (wasm !== null) return wasm;
  const sync = loadWasmSync();
  if (sync !== null) return sync;
  const instance = await instantiateAsync();
  if (wasm !== null) return wasm; // a synchronous load won the race
  return instance === null ? null : adopt(instance);
}

/** The instance, loading it synchronously if needed (a wrapper called directly, not through setBackend). */
export function wasmInstance(): WasmInstance {
  const instance = wasm ?? loadWasmSync();
  if (instance === null) {
    throw new Error('wasm backend: not loaded here (check ready() and getBackend().name, or use the js backend)');
  }
  return instance;
}

/** The module's exported functions by name (`kernels().gemm_f32(...)`). */
export function kernels(): KernelExports {
  return wasmInstance().exports;
}

/** Byte address of the thread control block. */
export function controlAddress(): number {
  return controlBase;
}

/** Start a kernel call: everything the previous call allocated in the arena is free again. */
export function arenaReset(): void {
  top = arenaBase;
}

/**
 * Make sure `bytes` more (allocated in any number of blocks, each rounded up to ARENA_ALIGN) fit in the arena,
 * growing the memory if needed. False when the memory cannot grow that far: the wrapper then runs the js kernel.
 */
export function arenaReserve(bytes: number, blocks = 4): boolean {
  const needed = top + bytes + blocks * ARENA_ALIGN;
  if (needed <= capacity) return true;
  const memory = wasmInstance().memory;
  // Grow by at least a quarter of what is there, so a slowly rising high-water mark costs few grow calls.
  const pages = Math.max(Math.ceil((needed - capacity) / WASM_PAGE_BYTES), Math.ceil(capacity / WASM_PAGE_BYTES / 4));
  try {
    memory.grow(pages);
  } catch {
    try {
      memory.grow(Math.ceil((needed - capacity) / WASM_PAGE_BYTES));
    } catch {
      return false;
    }
  }
  refreshViews();
  return true;
}

/** A block of `bytes` in the arena (within what `arenaReserve` made room for); its byte address. */
export function arenaAlloc(bytes: number): number {
  const at = top;
  top = alignUp(at + bytes);
  if (top > capacity && !arenaReserve(0, 0)) {
    throw new Error(`wasm backend: out of WebAssembly memory allocating ${bytes} bytes`);
  }
  return at;
}

/**
 * A float32 view over the whole memory. Valid until the next `arenaReserve`/`arenaAlloc` (which may grow the
 * memory: a non-shared memory's old views are then detached), so fetch it after allocating.
 */
export function heapF32(): Float32Array {
  return f32;
}

/** Copy `src[start:end]` into a new arena block; its byte address. */
export function copyIn(src: Float32Array, start = 0, end = src.length): number {
  const at = arenaAlloc((end - start) * 4);
  f32.set(start === 0 && end === src.length ? src : src.subarray(start, end), at >>> 2);
  return at;
}

/** Copy `dst.length - dstStart` floats (or `count`) from the arena at byte address `at` into `dst`. */
export function copyOut(at: number, dst: Float32Array, dstStart = 0, count = dst.length - dstStart): void {
  dst.set(f32.subarray(at >>> 2, (at >>> 2) + count), dstStart);
}

/**
 * Bytes of WebAssembly memory the wasm backend holds (0 before it loads). It grows to the largest kernel call's
 * copied operands and scratch and never shrinks (WebAssembly memory cannot), so a training loop's stays flat.
 */
export function wasmMemoryBytes(): number {
  return wasm === null ? 0 : wasm.memory.buffer.byteLength;
}
