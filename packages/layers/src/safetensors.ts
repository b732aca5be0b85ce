import { Tensor } from '@actlab/autograd';
import { checkOptions, describeValue } from '@actlab/kernels';
import { type AnyModule, Module, type StateTensor } from './module';
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafetensorsBytes,
  type SafetensorsDtype,
  type SafetensorsSaveOptions,
} from './safetensors-format';

/**
 * safetensors I/O for state dicts: the format PyTorch users share weights in. Keys are PyTorch's, so a file saved
 * from `model.state_dict()` in PyTorch loads into the equivalent actlab model with `loadStateDict`, and back.
 * Reads F16, BF16 (both widened exactly to float32), F32 and F64; writes F32/F64, or F16/BF16 on request. The reader
 * validates an untrusted file completely, in bounded memory (see safetensors-format.ts).
 */

export type { SafetensorsBytes, SafetensorsDtype, SafetensorsSaveOptions };

/**
 * Serialise a module's `stateDict()` (or a state dict) to safetensors bytes; `metadata` values are strings.
 * `options.dtype` stores every tensor as 'F16', 'BF16', 'F32' or 'F64' (default: each tensor's own dtype), rounding
 * as PyTorch's `.half()` / `.bfloat16()` / `.float()`.
 *
 * @example
 * ```ts
 * import { Linear, loadSafetensors, saveSafetensors } from '@actlab/layers';
 *
 * const model = new Linear(3, 2);
 * const bytes = saveSafetensors(model, { note: 'an example' }); // a .safetensors file's bytes
 * console.log(Object.keys(loadSafetensors(bytes)).join(', ')); // bias, weight
 * const half = saveSafetensors(model, undefined, { dtype: 'BF16' }); // 2 bytes per value
 * console.log(loadSafetensors(half).weight.dtype); // float32
 * ```
 */
export function saveSafetensors(
  source: AnyModule | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
  options?: SafetensorsSaveOptions,
): Uint8Array {
  checkOptions('saveSafetensors', options, ['dtype']);
  const tensors = source instanceof Module ? source.stateDict() : source;
  if (tensors === null || typeof tensors !== 'object') {
    throw new Error(`saveSafetensors: expected a Module or an object of tensors by key, got ${describeValue(source)}`);
  }
  return encodeSafetensors(tensors, metadata, options);
}

/**
 * Parse safetensors bytes (a Uint8Array at any offset, a Node Buffer, an ArrayBuffer) into tensors and the file's
 * `__metadata__`; throws an Error naming any defect.
 *
 * @example
 * ```ts
 * import { Linear, loadSafetensorsWithMetadata, saveSafetensors } from '@actlab/layers';
 *
 * const { tensors, metadata } = loadSafetensorsWithMetadata(saveSafetensors(new Linear(3, 2), { epoch: '7' }));
 * console.log(tensors.weight.shape, metadata.epoch); // [ 2, 3 ] 7
 * ```
 */
export function loadSafetensorsWithMetadata(bytes: SafetensorsBytes): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
} {
  const decoded = decodeSafetensors(bytes);
  const tensors: Record<string, Tensor> = {};
  for (const [name, raw] of Object.entries(decoded.tensors)) {
    Object.defineProperty(tensors, name, {
      value: new Tensor(raw.data, raw.shape),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return { tensors, metadata: decoded.metadata };
}

/**
 * Parse safetensors bytes into tensors by key. F16 and BF16 tensors arrive as float32.
 *
 * @example
 * ```ts
 * import { Linear, loadSafetensors, saveSafetensors } from '@actlab/layers';
 *
 * const model = new Linear(3, 2);
 * const restored = new Linear(3, 2);
 * restored.loadStateDict(loadSafetensors(saveSafetensors(model)));
 * console.log(restored.weight.data.every((v, i) => v === model.weight.data[i])); // true
 * ```
 */
export function loadSafetensors(bytes: SafetensorsBytes): Record<string, Tensor> {
  return loadSafetensorsWithMetadata(bytes).tensors;
}

// The specifier is held in a variable so browser bundlers leave this Node-only import alone: the package stays
// browser-safe, and only these two helpers need Node.
const fsModule = 'node:fs/promises';

interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

function checkPath(op: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path === '') {
    throw new Error(`${op}: path must be a non-empty string (a file path), got ${describeValue(path)}`);
  }
}

async function nodeFs(op: string): Promise<NodeFs> {
  try {
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule)) as NodeFs;
  } catch {
    throw new Error(`${op}: needs Node's fs module; in a browser use ${op.replace('File', '')} on bytes instead`);
  }
}

/**
 * Node: write a module's state dict (or a state dict) to a .safetensors file.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Linear, loadSafetensorsFile, saveSafetensorsFile } from '@actlab/layers';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'actlab-')), 'model.safetensors');
 * await saveSafetensorsFile(path, new Linear(3, 2), { format: 'pt' });
 * console.log(Object.keys(await loadSafetensorsFile(path)).join(', ')); // bias, weight
 * ```
 */
export async function saveSafetensorsFile(
  path: string,
  source: AnyModule | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
  options?: SafetensorsSaveOptions,
): Promise<void> {
  checkPath('saveSafetensorsFile', path);
  const bytes = saveSafetensors(source, metadata, options);
  const fs = await nodeFs('saveSafetensorsFile');
  try {
    await fs.writeFile(path, bytes);
  } catch (e) {
    throw new Error(`saveSafetensorsFile: cannot write '${path}': ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Node: read a .safetensors file into tensors by key.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { Linear, loadSafetensorsFile, saveSafetensorsFile } from '@actlab/layers';
 *
 * const path = join(mkdtempSync(join(tmpdir(), 'actlab-')), 'model.safetensors');
 * const model = new Linear(3, 2);
 * await saveSafetensorsFile(path, model);
 * const restored = new Linear(3, 2);
 * restored.loadStateDict(await loadSafetensorsFile(path));
 * console.log(restored.weight.data.every((v, i) => v === model.weight.data[i])); // true
 * ```
 */
export async function loadSafetensorsFile(path: string): Promise<Record<string, Tensor>> {
  checkPath('loadSafetensorsFile', path);
  const fs = await nodeFs('loadSafetensorsFile');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    throw new Error(`loadSafetensorsFile: cannot read '${path}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return loadSafetensors(bytes);
}
