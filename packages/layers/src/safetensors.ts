import { Tensor } from '@actlab/autograd';
import { checkOptions } from '@actlab/kernels';
import { Module, type StateTensor } from './module';
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
 * const bytes = saveSafetensors(model, { format: 'pt' });
 * const half = saveSafetensors(model, undefined, { dtype: 'BF16' }); // half the size
 * ```
 */
export function saveSafetensors(
  source: Module | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
  options?: SafetensorsSaveOptions,
): Uint8Array {
  checkOptions('saveSafetensors', options, ['dtype']);
  const tensors = source instanceof Module ? source.stateDict() : source;
  if (tensors === null || typeof tensors !== 'object') {
    throw new Error(`saveSafetensors: expected a Module or an object of tensors by key, got ${String(source)}`);
  }
  return encodeSafetensors(tensors, metadata, options);
}

/**
 * Parse safetensors bytes (a Uint8Array at any offset, a Node Buffer, an ArrayBuffer) into tensors and the file's
 * `__metadata__`; throws an Error naming any defect.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = loadSafetensorsWithMetadata(readFileSync('model.safetensors'));
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
 * import { readFileSync } from 'node:fs';
 * model.loadStateDict(loadSafetensors(readFileSync('model.safetensors')));
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

async function nodeFs(op: string): Promise<NodeFs> {
  try {
    return (await import(/* @vite-ignore */ fsModule)) as NodeFs;
  } catch {
    throw new Error(`${op}: needs Node's fs module; in a browser use ${op.replace('File', '')} on bytes instead`);
  }
}

/**
 * Node: write a module's state dict (or a state dict) to a .safetensors file.
 *
 * @example
 * ```ts
 * await saveSafetensorsFile('model.safetensors', model, { format: 'pt' });
 * ```
 */
export async function saveSafetensorsFile(
  path: string,
  source: Module | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
  options?: SafetensorsSaveOptions,
): Promise<void> {
  const bytes = saveSafetensors(source, metadata, options);
  const fs = await nodeFs('saveSafetensorsFile');
  await fs.writeFile(path, bytes);
}

/**
 * Node: read a .safetensors file into tensors by key.
 *
 * @example
 * ```ts
 * model.loadStateDict(await loadSafetensorsFile('model.safetensors'));
 * ```
 */
export async function loadSafetensorsFile(path: string): Promise<Record<string, Tensor>> {
  const fs = await nodeFs('loadSafetensorsFile');
  return loadSafetensors(await fs.readFile(path));
}
