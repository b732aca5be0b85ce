import { Tensor } from '@actlab/autograd';
import { Module, type StateTensor } from './module';
import { decodeSafetensors, encodeSafetensors } from './safetensors-format';

/**
 * safetensors I/O for state dicts: the format PyTorch users share weights in. Keys are PyTorch's, so a file saved
 * from `model.state_dict()` in PyTorch loads into the equivalent actlab model with `loadStateDict`, and back.
 * F32 and F64 only; the reader validates an untrusted file completely (see safetensors-format.ts).
 */

/**
 * Serialise a module's `stateDict()` (or a state dict) to safetensors bytes; `metadata` values are strings.
 *
 * @example
 * ```ts
 * import { Linear, loadSafetensors, saveSafetensors } from '@actlab/layers';
 *
 * const model = new Linear(3, 2);
 * const bytes = saveSafetensors(model, { note: 'an example' }); // a .safetensors file's bytes
 * console.log(Object.keys(loadSafetensors(bytes)).join(', ')); // bias, weight
 * ```
 */
export function saveSafetensors(
  source: Module | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const tensors = source instanceof Module ? source.stateDict() : source;
  if (tensors === null || typeof tensors !== 'object') {
    throw new Error(`saveSafetensors: expected a Module or an object of tensors by key, got ${String(source)}`);
  }
  return encodeSafetensors(tensors, metadata);
}

/** Parse safetensors bytes into tensors and the file's `__metadata__`; throws an Error naming any defect. */
export function loadSafetensorsWithMetadata(bytes: Uint8Array | ArrayBuffer): {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
} {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  const decoded = decodeSafetensors(view);
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
 * Parse safetensors bytes into tensors by key (`model.loadStateDict(loadSafetensors(bytes))`).
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
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
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
    return (await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule)) as NodeFs;
  } catch {
    throw new Error(`${op}: needs Node's fs module; in a browser use ${op.replace('File', '')} on bytes instead`);
  }
}

/** Node: write a module's state dict (or a state dict) to a .safetensors file. */
export async function saveSafetensorsFile(
  path: string,
  source: Module | Readonly<Record<string, StateTensor>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const fs = await nodeFs('saveSafetensorsFile');
  await fs.writeFile(path, saveSafetensors(source, metadata));
}

/** Node: read a .safetensors file into tensors by key. */
export async function loadSafetensorsFile(path: string): Promise<Record<string, Tensor>> {
  const fs = await nodeFs('loadSafetensorsFile');
  const buffer = await fs.readFile(path);
  return loadSafetensors(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}
