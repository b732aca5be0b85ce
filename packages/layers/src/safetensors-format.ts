import type { DType, FloatArray } from '@actlab/kernels';

/**
 * The safetensors container (https://github.com/huggingface/safetensors), written and read without the
 * Tensor class so the byte-level rules live in one small place:
 *
 *   8 bytes   N, the header length, a little-endian unsigned 64-bit integer
 *   N bytes   a UTF-8 JSON object {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str: str}}
 *             (the reference writer pads it with spaces to a multiple of 8 bytes)
 *   the rest  the byte buffer; offsets are relative to its start, little-endian element data
 *
 * The reader treats its input as untrusted and refuses, with an Error naming the rule and the tensor, every
 * file the reference implementation refuses: header longer than 100,000,000 bytes or than the file, invalid
 * UTF-8 or JSON, a malformed entry, a shape that is not a list of non-negative integers, offsets that are not
 * sorted, contiguous, inside and exactly covering the buffer, or a byte length other than numel × dtype size.
 * Nothing is allocated before the sizes involved are known to lie inside the input.
 */

/** The header-length cap of the reference implementation (`MAX_HEADER_SIZE`). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** Element size in bytes of every dtype the format defines; actlab reads and writes F32 and F64. */
const DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** A tensor as stored: dtype, shape and the contiguous row-major values. */
export interface RawTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/** What the reader returns before the values become Tensors. */
export interface DecodedSafetensors {
  readonly tensors: Record<string, RawTensor>;
  readonly metadata: Record<string, string>;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(message: string): never {
  throw new Error(`loadSafetensors: ${message}`);
}

/** Longest piece of untrusted text (a name, a value) quoted in an error message. */
const PREVIEW_CHARS = 60;
/** Items of an untrusted array or object shown in an error message before an ellipsis. */
const PREVIEW_ITEMS = 6;

/**
 * A short rendering of an untrusted header value for an error message. Not JSON.stringify: that recurses (a
 * deeply nested header overflows the stack) and copies everything (a 100 MB header makes a 100 MB message), so
 * this shows at most two levels and a few items of each.
 */
function preview(value: unknown, depth = 0): string {
  if (typeof value === 'string') {
    return value.length > PREVIEW_CHARS ? `"${value.slice(0, PREVIEW_CHARS)}…"` : `"${value}"`;
  }
  if (typeof value !== 'object' || value === null) return String(value);
  const isArray = Array.isArray(value);
  const keys = Object.keys(value);
  if (depth >= 2) return isArray ? `[…${keys.length} items]` : `{…${keys.length} keys}`;
  const items = keys.slice(0, PREVIEW_ITEMS).map((k) => {
    const v = preview((value as Record<string, unknown>)[k], depth + 1);
    return isArray ? v : `${preview(k)}: ${v}`;
  });
  if (keys.length > PREVIEW_ITEMS) items.push(`…${keys.length - PREVIEW_ITEMS} more`);
  return isArray ? `[${items.join(', ')}]` : `{${items.join(', ')}}`;
}

/** A tensor name as quoted in an error message (names come from the file, so they may be huge). */
function quoteName(name: string): string {
  return name.length > PREVIEW_CHARS ? `'${name.slice(0, PREVIEW_CHARS)}…'` : `'${name}'`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Defines `key` as an own enumerable property, so a tensor named `__proto__` cannot touch the prototype. */
function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

interface HeaderEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, value: unknown, bufferBytes: number): HeaderEntry {
  if (!isPlainObject(value)) {
    fail(`header entry ${quoteName(name)} is ${preview(value)}; expected an object {dtype, shape, data_offsets}`);
  }
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') fail(`tensor ${quoteName(name)} has dtype ${preview(dtype)}; expected a string`);
  const elementBytes = DTYPE_BYTES[dtype];
  if (elementBytes === undefined || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    fail(
      `tensor ${quoteName(name)} has unknown dtype ${quoteName(dtype)}; safetensors dtypes are ${Object.keys(DTYPE_BYTES).join(', ')}`,
    );
  }
  if (!Array.isArray(shape)) fail(`tensor ${quoteName(name)} has shape ${preview(shape)}; expected an array`);
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0) {
      fail(`tensor ${quoteName(name)} has bad shape ${preview(shape)}: every dimension must be a non-negative integer`);
    }
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)
  ) {
    fail(`tensor ${quoteName(name)} has bad data_offsets ${preview(offsets)}; expected [begin, end], integers >= 0`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`tensor ${quoteName(name)} has bad data_offsets [${begin}, ${end}]: begin is after end`);
  if (end > bufferBytes) {
    fail(
      `tensor ${quoteName(name)} has bad data_offsets [${begin}, ${end}]: outside the ${bufferBytes}-byte data buffer`,
    );
  }
  // numel × size must equal end − begin (already known to lie inside the buffer). Stop multiplying once past
  // 2^53, so a hostile shape can neither lose precision into a false match nor make us allocate.
  const numBytes = end - begin;
  let product = shape.includes(0) ? 0 : elementBytes;
  for (const d of shape as number[]) {
    if (product > Number.MAX_SAFE_INTEGER) break;
    product *= d;
  }
  if (product !== numBytes) {
    const needs = product > Number.MAX_SAFE_INTEGER ? 'more than 2^53' : String(product);
    fail(
      `tensor ${quoteName(name)} (${dtype}, shape ${preview(shape)}) needs ${needs} bytes ` +
        `but data_offsets [${begin}, ${end}] span ${numBytes}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function readElements(bytes: Uint8Array, start: number, entry: HeaderEntry): RawTensor {
  const numel = (entry.end - entry.begin) / (entry.dtype === 'F64' ? 8 : 4);
  const from = start + entry.begin;
  if (entry.dtype === 'F32') {
    if (LITTLE_ENDIAN_HOST) {
      // slice() copies into a fresh, aligned buffer: the file's data need not be 4-byte aligned.
      return {
        dtype: 'float32',
        shape: entry.shape,
        data: new Float32Array(bytes.slice(from, from + numel * 4).buffer),
      };
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset + from, numel * 4);
    const data = new Float32Array(numel);
    for (let i = 0; i < numel; i++) data[i] = view.getFloat32(i * 4, true);
    return { dtype: 'float32', shape: entry.shape, data };
  }
  if (LITTLE_ENDIAN_HOST) {
    return { dtype: 'float64', shape: entry.shape, data: new Float64Array(bytes.slice(from, from + numel * 8).buffer) };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + from, numel * 8);
  const data = new Float64Array(numel);
  for (let i = 0; i < numel; i++) data[i] = view.getFloat64(i * 8, true);
  return { dtype: 'float64', shape: entry.shape, data };
}

/** Parses and validates a safetensors file held in memory; values are copied out of `bytes`. */
export function decodeSafetensors(bytes: Uint8Array): DecodedSafetensors {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
  if (bytes.length < 8) {
    fail(`file is ${bytes.length} bytes, shorter than the 8-byte header length; it is truncated or not safetensors`);
  }
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerLength = prefix.getUint32(0, true) + prefix.getUint32(4, true) * 2 ** 32;
  if (headerLength > SAFETENSORS_MAX_HEADER_BYTES) {
    fail(`header length ${headerLength} bytes exceeds the ${SAFETENSORS_MAX_HEADER_BYTES}-byte limit`);
  }
  if (8 + headerLength > bytes.length) {
    fail(`header length ${headerLength} bytes runs past the end of the ${bytes.length}-byte file; it is truncated`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isPlainObject(header)) fail(`header JSON is ${text.slice(0, 40)}…; expected an object`);

  const start = 8 + headerLength;
  const bufferBytes = bytes.length - start;
  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const name of Object.keys(header)) {
    const value = header[name];
    if (name === '__metadata__') {
      if (!isPlainObject(value)) fail(`__metadata__ is ${preview(value)}; expected an object of strings`);
      for (const key of Object.keys(value)) {
        const v = value[key];
        if (typeof v !== 'string')
          fail(`__metadata__[${quoteName(key)}] is ${preview(v)}; metadata values must be strings`);
        defineEntry(metadata, key, v);
      }
      continue;
    }
    entries.push(parseEntry(name, value, bufferBytes));
  }
  // Tensors must tile the buffer: sorted by offset, each starting where the previous one ended, the last ending
  // at the end of the file. This refuses overlaps, gaps and trailing bytes alike.
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  for (const entry of entries) {
    if (entry.begin < cursor) {
      fail(
        `tensor ${quoteName(entry.name)} data_offsets [${entry.begin}, ${entry.end}] overlap the previous tensor's (ends at ${cursor})`,
      );
    }
    if (entry.begin > cursor) {
      fail(
        `bytes [${cursor}, ${entry.begin}) of the data buffer belong to no tensor (before ${quoteName(entry.name)})`,
      );
    }
    cursor = entry.end;
  }
  if (cursor !== bufferBytes) {
    fail(`the tensors cover ${cursor} of the ${bufferBytes} data-buffer bytes; the rest belongs to no tensor`);
  }
  for (const entry of entries) {
    if (entry.dtype !== 'F32' && entry.dtype !== 'F64') {
      fail(
        `tensor ${quoteName(entry.name)} has dtype ${entry.dtype}, which actlab does not load (supported: F32, F64)`,
      );
    }
  }
  const tensors: Record<string, RawTensor> = {};
  for (const entry of entries) defineEntry(tensors, entry.name, readElements(bytes, start, entry));
  return { tensors, metadata };
}

/** Serialises tensors (F32 for float32, F64 for float64) in the reference writer's order and padding. */
export function encodeSafetensors(
  tensors: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: FloatArray }>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const names = Object.keys(tensors);
  if (names.includes('__metadata__')) {
    throw new Error("saveSafetensors: a tensor may not be named '__metadata__'; the format reserves that key");
  }
  // The reference writer orders by descending dtype alignment, then by name.
  const sizeOf = (name: string) => (tensors[name]!.data instanceof Float64Array ? 8 : 4);
  names.sort((a, b) => sizeOf(b) - sizeOf(a) || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') {
        throw new Error(
          `saveSafetensors: metadata['${key}'] is ${typeof value}; safetensors metadata values are strings`,
        );
      }
    }
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
      throw new Error(`saveSafetensors: tensor '${name}' data is not a Float32Array or Float64Array`);
    }
    let numel = 1;
    for (const d of t.shape) {
      // The reader refuses such a dimension, so writing one would produce a file nothing can load back.
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new Error(
          `saveSafetensors: tensor '${name}' has shape [${t.shape.join(', ')}]; every dimension must be a ` +
            'non-negative integer',
        );
      }
      numel *= d;
    }
    if (numel !== t.data.length) {
      throw new Error(
        `saveSafetensors: tensor '${name}' has shape [${t.shape.join(', ')}] but ${t.data.length} values`,
      );
    }
    const nbytes = t.data.byteLength;
    defineEntry(header, name, {
      dtype: t.data instanceof Float64Array ? 'F64' : 'F32',
      shape: [...t.shape],
      data_offsets: [offset, offset + nbytes],
    });
    offset += nbytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const name of names) {
    const data = tensors[name]!.data;
    if (LITTLE_ENDIAN_HOST) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    } else if (data instanceof Float64Array) {
      for (let i = 0; i < data.length; i++) view.setFloat64(at + i * 8, data[i]!, true);
    } else {
      for (let i = 0; i < data.length; i++) view.setFloat32(at + i * 4, data[i]!, true);
    }
    at += data.byteLength;
  }
  return out;
}
