import { checkChoice, checkOptions, type DType, describeValue, type FloatArray } from '@actlab/kernels';
import {
  decodeBF16,
  decodeF16,
  encodeHalf,
  f32BitsToBF16,
  f32BitsToBF16Scalar,
  f32BitsToF16,
} from './safetensors-dtypes';
import {
  type HeaderRows,
  quoteJsonString,
  readJsonString,
  readMetadata,
  SAFETENSORS_DTYPE_BITS,
  SAFETENSORS_DTYPES,
  scanSafetensorsHeader,
} from './safetensors-header';

/**
 * The safetensors container (https://github.com/huggingface/safetensors), written and read without the
 * Tensor class so the byte-level rules live in one small place:
 *
 *   8 bytes   N, the header length, a little-endian unsigned 64-bit integer
 *   N bytes   a UTF-8 JSON object {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {str: str}}
 *             (the reference writer pads it with spaces to a multiple of 8 bytes)
 *   the rest  the byte buffer; offsets are relative to its start, little-endian element data
 *
 * The reader treats its input as hostile. The header is validated by one bounded, linear scan over its bytes
 * before anything is built (safetensors-header.ts lists the rules: those of the reference reader), so a refused
 * file costs a small multiple of its header's size; then every entry is checked against the data buffer: offsets
 * sorted, contiguous, inside and exactly covering it, byte length = numel × dtype size. Nothing per element is
 * allocated before those sizes are known to lie inside the input. Every refusal is an Error starting
 * `loadSafetensors:` that names the rule, the tensor and the byte, and quotes at most a few dozen characters.
 */

/** The header-length cap of the reference implementation (`MAX_HEADER_SIZE`). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

/** The file dtypes actlab reads and writes: F16 and BF16 load as float32 (exactly), F32 and F64 as themselves. */
export type SafetensorsDtype = 'F16' | 'BF16' | 'F32' | 'F64';
const LOADABLE: readonly SafetensorsDtype[] = ['F16', 'BF16', 'F32', 'F64'];

/** A tensor as stored: dtype, shape and the contiguous row-major values. */
export interface RawTensor {
  /** The dtype of `data`: 'float32' for F16, BF16 and F32 files, 'float64' for F64. */
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: FloatArray;
  /** The dtype the file stores the tensor in. */
  readonly fileDtype: SafetensorsDtype;
}

/** What the reader returns before the values become Tensors. */
export interface DecodedSafetensors {
  readonly tensors: Record<string, RawTensor>;
  readonly metadata: Record<string, string>;
}

/** Bytes of a safetensors file: a Uint8Array (a Node Buffer included) at any offset, or an ArrayBuffer. */
export type SafetensorsBytes = Uint8Array | ArrayBuffer;

/** Options of `encodeSafetensors` / `saveSafetensors`. */
export interface SafetensorsSaveOptions {
  /**
   * Store every tensor in this dtype (default: each tensor's own, F32 for float32 and F64 for float64). 'F16' and
   * 'BF16' round to nearest, ties to even, exactly as PyTorch's `.half()` and `.bfloat16()` (float64 through
   * float32); 'F32' rounds float64 to nearest.
   */
  dtype?: SafetensorsDtype | undefined;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(message: string): never {
  throw new Error(`loadSafetensors: ${message}`);
}

/** Defines `key` as an own enumerable property, so a tensor named `__proto__` cannot touch the prototype. */
function defineEntry<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A Uint8Array over the caller's bytes, whatever the wrapper; never a copy. */
function asBytes(input: unknown): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    fail(
      `expected the file's bytes as a Uint8Array, a Node Buffer or an ArrayBuffer, got ${describeValue(input)}; ` +
        'wrap it as new Uint8Array(view.buffer, view.byteOffset, view.byteLength)',
    );
  }
  return fail(
    `expected the file's bytes as a Uint8Array, a Node Buffer or an ArrayBuffer, got ${describeValue(input)}`,
  );
}

function elementsOf(rows: HeaderRows, i: number): number {
  let n = 1;
  const at = rows.dimsAt[i]!;
  for (let k = 0; k < rows.rank[i]!; k++) n *= rows.dims[at + k]!;
  return n;
}

function shapeText(rows: HeaderRows, i: number): string {
  const at = rows.dimsAt[i]!;
  const dims: number[] = [];
  for (let k = 0; k < rows.rank[i]!; k++) dims.push(rows.dims[at + k]!);
  return `[${dims.join(', ')}]`;
}

/** Checks one entry against the data buffer: offsets inside it, byte length = numel × dtype size. */
function checkEntry(bytes: Uint8Array, rows: HeaderRows, i: number, bufferBytes: number): void {
  const name = () => quoteJsonString(bytes, rows.nameAt[i]!);
  const begin = rows.begin[i]!;
  const end = rows.end[i]!;
  if (begin > end) fail(`tensor ${name()} has bad data_offsets [${begin}, ${end}]: begin is after end`);
  if (end > bufferBytes) {
    fail(`tensor ${name()} has bad data_offsets [${begin}, ${end}]: outside the ${bufferBytes}-byte data buffer`);
  }
  // numel × bits must equal 8 × (end − begin). Multiply in doubles but stop once past 2^53, so a hostile shape can
  // neither lose precision into a false match nor make us allocate.
  const dtype = SAFETENSORS_DTYPES[rows.dtype[i]!]!;
  const bits = SAFETENSORS_DTYPE_BITS[dtype]!;
  const at = rows.dimsAt[i]!;
  let zero = false;
  for (let k = 0; k < rows.rank[i]!; k++) if (rows.dims[at + k] === 0) zero = true;
  let product = zero ? 0 : bits;
  for (let k = 0; k < rows.rank[i]! && product <= Number.MAX_SAFE_INTEGER; k++) product *= rows.dims[at + k]!;
  const numBytes = end - begin;
  if (product > Number.MAX_SAFE_INTEGER || product !== numBytes * 8) {
    const needs =
      product > Number.MAX_SAFE_INTEGER
        ? 'more than 2^50'
        : product % 8 === 0
          ? String(product / 8)
          : `${product} bits, not a whole number of`;
    fail(
      `tensor ${name()} (${dtype}, shape ${shapeText(rows, i)}) needs ${needs} bytes ` +
        `but data_offsets [${begin}, ${end}] span ${numBytes}`,
    );
  }
}

/** Tensors must tile the buffer: sorted by offset, each starting where the previous ended, the last at its end. */
function checkTiling(bytes: Uint8Array, rows: HeaderRows, bufferBytes: number): Uint32Array {
  const order = new Uint32Array(rows.count);
  let sorted = true;
  for (let i = 0; i < rows.count; i++) {
    order[i] = i;
    if (
      i > 0 &&
      (rows.begin[i]! < rows.begin[i - 1]! || (rows.begin[i] === rows.begin[i - 1] && rows.end[i]! < rows.end[i - 1]!))
    ) {
      sorted = false;
    }
  }
  if (!sorted) order.sort((a, b) => rows.begin[a]! - rows.begin[b]! || rows.end[a]! - rows.end[b]!);
  let cursor = 0;
  for (const i of order) {
    const begin = rows.begin[i]!;
    const end = rows.end[i]!;
    if (begin < cursor) {
      fail(
        `tensor ${quoteJsonString(bytes, rows.nameAt[i]!)} data_offsets [${begin}, ${end}] overlap the previous ` +
          `tensor's (ends at ${cursor})`,
      );
    }
    if (begin > cursor) {
      fail(
        `bytes [${cursor}, ${begin}) of the data buffer belong to no tensor (before ${quoteJsonString(bytes, rows.nameAt[i]!)})`,
      );
    }
    cursor = end;
  }
  if (cursor !== bufferBytes) {
    fail(`the tensors cover ${cursor} of the ${bufferBytes} data-buffer bytes; the rest belongs to no tensor`);
  }
  return order;
}

/** Copies (or widens) one tensor's bytes out of the file; `from` is its absolute byte offset. */
function readElements(bytes: Uint8Array, from: number, numel: number, dtype: SafetensorsDtype): FloatArray {
  if (dtype === 'F16' || dtype === 'BF16') {
    const data = new Float32Array(numel);
    (dtype === 'F16' ? decodeF16 : decodeBF16)(bytes, from, data);
    return data;
  }
  const size = dtype === 'F64' ? 8 : 4;
  const data = dtype === 'F64' ? new Float64Array(numel) : new Float32Array(numel);
  if (LITTLE_ENDIAN_HOST) {
    // Copy byte-wise into the fresh, aligned array: the file's data need not be aligned, and `bytes` may be a view
    // into a larger buffer (a Node Buffer from the pool), so never take `.buffer` of a slice.
    new Uint8Array(data.buffer).set(bytes.subarray(from, from + numel * size));
    return data;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + from, numel * size);
  if (data instanceof Float64Array) for (let i = 0; i < numel; i++) data[i] = view.getFloat64(i * 8, true);
  else for (let i = 0; i < numel; i++) data[i] = view.getFloat32(i * 4, true);
  return data;
}

/**
 * Parses and validates a safetensors file held in memory; values are copied out of `bytes`. F16 and BF16 tensors
 * are widened exactly to float32.
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from '@actlab/layers';
 *
 * const bytes = encodeSafetensors({ w: { shape: [2], data: new Float32Array([1, 2]) } }, { format: 'pt' });
 * // Any Uint8Array view, a Node Buffer (e.g. from fs.readFileSync) or an ArrayBuffer:
 * const { tensors, metadata } = decodeSafetensors(Buffer.from(bytes));
 * console.log(tensors.w.shape, tensors.w.fileDtype, metadata.format); // [ 2 ] F32 pt
 * ```
 */
export function decodeSafetensors(input: SafetensorsBytes): DecodedSafetensors {
  const bytes = asBytes(input);
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
  const start = 8 + headerLength;
  const bufferBytes = bytes.length - start;
  const rows = scanSafetensorsHeader(bytes, 8, start, fail);
  for (let i = 0; i < rows.count; i++) checkEntry(bytes, rows, i, bufferBytes);
  const order = checkTiling(bytes, rows, bufferBytes);
  for (let i = 0; i < rows.count; i++) {
    const dtype = SAFETENSORS_DTYPES[rows.dtype[i]!]!;
    if (!(LOADABLE as readonly string[]).includes(dtype)) {
      fail(
        `tensor ${quoteJsonString(bytes, rows.nameAt[i]!)} has dtype ${dtype}, which actlab does not load ` +
          `(supported: ${LOADABLE.join(', ')})`,
      );
    }
  }
  // The file is valid: only now build strings and copy the data, in offset order.
  const metadata: Record<string, string> = {};
  if (rows.metadataAt >= 0) readMetadata(bytes, rows.metadataAt, (k, v) => defineEntry(metadata, k, v));
  const tensors: Record<string, RawTensor> = {};
  for (const i of order) {
    const fileDtype = SAFETENSORS_DTYPES[rows.dtype[i]!] as SafetensorsDtype;
    const shape: number[] = [];
    for (let k = 0; k < rows.rank[i]!; k++) shape.push(rows.dims[rows.dimsAt[i]! + k]!);
    const data = readElements(bytes, start + rows.begin[i]!, elementsOf(rows, i), fileDtype);
    defineEntry(tensors, readJsonString(bytes, rows.nameAt[i]!), {
      dtype: fileDtype === 'F64' ? 'float64' : 'float32',
      shape,
      data,
      fileDtype,
    });
  }
  return { tensors, metadata };
}

// ---------------------------------------------------------------------------------------------------------------
// Writer

/** A lone surrogate (no UTF-8 form); a regular expression runs natively, fast even on a 100 MB string. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Characters that a JSON string literal does not hold as one byte each. */
const NOT_PLAIN_ASCII = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/;

/** The first lone surrogate's index in `s`, or -1 (such a string has no UTF-8 form). */
function loneSurrogateAt(s: string): number {
  const match = LONE_SURROGATE.exec(s);
  return match === null ? -1 : match.index;
}

function quoted(s: string): string {
  return s.length > 60 ? `'${s.slice(0, 60)}…'` : `'${s}'`;
}

function checkWritable(what: string, s: string): void {
  const at = loneSurrogateAt(s);
  if (at >= 0) {
    throw new Error(
      `saveSafetensors: ${what} ${quoted(s)} has a lone surrogate (U+${s.charCodeAt(at).toString(16).toUpperCase()} ` +
        `at index ${at}), which has no UTF-8 form, so no reader would accept the file; fix the string`,
    );
  }
}

/** Bytes of `s` as a JSON string literal with quotes, escaped as serde_json (and JSON.stringify) escape. */
function jsonStringBytes(s: string): number {
  if (!NOT_PLAIN_ASCII.test(s)) return s.length + 2;
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) n += 2;
    else if (c < 0x20) n += 6;
    else if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const HEX = '0123456789abcdef';
const SHORT_ESCAPES: Readonly<Record<number, number>> = { 8: 0x62, 9: 0x74, 10: 0x6e, 12: 0x66, 13: 0x72 };

/** Writes `s` as a JSON string literal at out[at…]; returns the position after it. */
function writeJsonString(out: Uint8Array, at: number, s: string): number {
  let p = at;
  out[p++] = 0x22;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) {
      out[p++] = 0x5c;
      out[p++] = c;
    } else if (c < 0x20) {
      out[p++] = 0x5c;
      const short = SHORT_ESCAPES[c];
      if (short !== undefined) out[p++] = short;
      else {
        out[p++] = 0x75;
        out[p++] = 0x30;
        out[p++] = 0x30;
        out[p++] = HEX.charCodeAt(c >> 4);
        out[p++] = HEX.charCodeAt(c & 15);
      }
    } else if (c < 0x80) out[p++] = c;
    else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 63);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 63);
      out[p++] = 0x80 | (c & 63);
    }
  }
  out[p++] = 0x22;
  return p;
}

/** Writes ASCII text (punctuation, dtype names, decimal integers). */
function writeAscii(out: Uint8Array, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  return at + s.length;
}

/** Code-point order (UTF-8 byte order), as the reference writer compares names. */
function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

interface PlannedTensor {
  name: string;
  dtype: SafetensorsDtype;
  shape: readonly number[];
  data: Float32Array | Float64Array;
  nbytes: number;
}

/**
 * Serialises tensors in the reference writer's order (descending dtype, then name) and padding (spaces to a
 * multiple of 8). Names and metadata must have a UTF-8 form; the header must fit the format's 100 MB limit (checked
 * from its computed size, before it is built).
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from '@actlab/layers';
 *
 * const w = { shape: [3], data: new Float32Array([1, 0.1, 65520]) };
 * const half = encodeSafetensors({ w }, undefined, { dtype: 'F16' }); // rounded as PyTorch's w.half()
 * console.log(Array.from(decodeSafetensors(half).tensors.w.data)); // [ 1, 0.0999755859375, Infinity ]
 * ```
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, { readonly shape: readonly number[]; readonly data: FloatArray }>>,
  metadata?: Readonly<Record<string, string>>,
  options?: SafetensorsSaveOptions,
): Uint8Array {
  checkOptions('saveSafetensors', options, ['dtype']);
  const target = options?.dtype;
  if (target !== undefined) checkChoice('saveSafetensors', 'options.dtype', target, LOADABLE);
  if (tensors === null || typeof tensors !== 'object') {
    throw new Error(`saveSafetensors: expected an object of tensors by name, got ${describeValue(tensors)}`);
  }
  if (metadata !== undefined && (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new Error(`saveSafetensors: metadata must be an object of strings, got ${describeValue(metadata)}`);
  }
  const planned: PlannedTensor[] = [];
  for (const name of Object.keys(tensors)) {
    if (name === '__metadata__') {
      throw new Error("saveSafetensors: a tensor may not be named '__metadata__'; the format reserves that key");
    }
    // Keys of one object never repeat, so the only names to refuse are those with no UTF-8 form.
    checkWritable('tensor name', name);
    const t = tensors[name]!;
    if (t === null || typeof t !== 'object') {
      throw new Error(`saveSafetensors: tensor ${quoted(name)} is ${describeValue(t)}; expected { shape, data }`);
    }
    if (!(t.data instanceof Float32Array || t.data instanceof Float64Array)) {
      throw new Error(
        `saveSafetensors: tensor ${quoted(name)} data is ${describeValue(t.data)}, not a Float32Array or Float64Array`,
      );
    }
    if (!Array.isArray(t.shape)) {
      throw new Error(`saveSafetensors: tensor ${quoted(name)} has shape ${describeValue(t.shape)}; expected an array`);
    }
    let numel = 1;
    for (const d of t.shape) {
      // The reader refuses such a dimension, so writing one would produce a file nothing can load back.
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new Error(
          `saveSafetensors: tensor ${quoted(name)} has shape [${t.shape.join(', ')}]; every dimension must be a ` +
            'non-negative integer',
        );
      }
      numel *= d;
    }
    if (numel !== t.data.length) {
      throw new Error(
        `saveSafetensors: tensor ${quoted(name)} has shape [${t.shape.join(', ')}] but ${t.data.length} values`,
      );
    }
    const dtype: SafetensorsDtype = target ?? (t.data instanceof Float64Array ? 'F64' : 'F32');
    const size = dtype === 'F64' ? 8 : dtype === 'F32' ? 4 : 2;
    planned.push({ name, dtype, shape: t.shape, data: t.data, nbytes: numel * size });
  }
  const metaEntries = metadata === undefined ? [] : Object.entries(metadata);
  for (const [key, value] of metaEntries) {
    if (typeof value !== 'string') {
      throw new Error(
        `saveSafetensors: metadata[${quoted(key)}] is ${describeValue(value)}; safetensors metadata values are strings`,
      );
    }
    checkWritable('metadata key', key);
    checkWritable(`metadata[${quoted(key)}]`, value);
  }
  // The reference writer orders by descending dtype (its enum order), then by name.
  const rank = (d: SafetensorsDtype) => SAFETENSORS_DTYPES.indexOf(d);
  planned.sort((a, b) => rank(b.dtype) - rank(a.dtype) || compareNames(a.name, b.name));

  // Size the header exactly before building anything, and refuse one no reader would accept.
  const pieces: string[] = [];
  let jsonBytes = 2; // { }
  let items = 0;
  if (metadata !== undefined) {
    jsonBytes += jsonStringBytes('__metadata__') + 3; // : { }
    for (const [key, value] of metaEntries) jsonBytes += jsonStringBytes(key) + 1 + jsonStringBytes(value);
    jsonBytes += Math.max(0, metaEntries.length - 1);
    items++;
  }
  let offset = 0;
  for (const t of planned) {
    const tail = `:{"dtype":"${t.dtype}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${offset + t.nbytes}]}`;
    pieces.push(tail);
    jsonBytes += jsonStringBytes(t.name) + tail.length;
    offset += t.nbytes;
    items++;
  }
  jsonBytes += Math.max(0, items - 1);
  const headerLength = Math.ceil(jsonBytes / 8) * 8;
  if (headerLength > SAFETENSORS_MAX_HEADER_BYTES) {
    throw new Error(
      `saveSafetensors: the header would be ${headerLength} bytes, over the format's limit of ` +
        `${SAFETENSORS_MAX_HEADER_BYTES} bytes (100 MB) that every reader enforces; use shorter names or less ` +
        'metadata, or split the tensors over several files',
    );
  }

  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerLength / 2 ** 32), true);
  let p = writeAscii(out, 8, '{');
  if (metadata !== undefined) {
    p = writeAscii(out, writeJsonString(out, p, '__metadata__'), ':{');
    metaEntries.forEach(([key, value], i) => {
      if (i > 0) p = writeAscii(out, p, ',');
      p = writeJsonString(out, writeAscii(out, writeJsonString(out, p, key), ':'), value);
    });
    p = writeAscii(out, p, '}');
  }
  planned.forEach((t, i) => {
    if (i > 0 || metadata !== undefined) p = writeAscii(out, p, ',');
    p = writeAscii(out, writeJsonString(out, p, t.name), pieces[i]!);
  });
  p = writeAscii(out, p, '}');
  out.fill(0x20, p, 8 + headerLength);

  let at = 8 + headerLength;
  for (const t of planned) {
    writeData(t, out, view, at);
    at += t.nbytes;
  }
  return out;
}

function writeData(t: PlannedTensor, out: Uint8Array, view: DataView, at: number): void {
  const { data, dtype } = t;
  if (dtype === 'F16' || dtype === 'BF16') {
    const bf16 = t.shape.length === 0 ? f32BitsToBF16Scalar : f32BitsToBF16;
    encodeHalf(data, out, at, dtype === 'F16' ? f32BitsToF16 : bf16);
    return;
  }
  const sameType = dtype === 'F64' ? data instanceof Float64Array : data instanceof Float32Array;
  const converted = sameType ? data : dtype === 'F64' ? Float64Array.from(data) : Float32Array.from(data);
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(converted.buffer, converted.byteOffset, converted.byteLength), at);
  } else if (converted instanceof Float64Array) {
    for (let i = 0; i < converted.length; i++) view.setFloat64(at + i * 8, converted[i]!, true);
  } else {
    for (let i = 0; i < converted.length; i++) view.setFloat32(at + i * 4, converted[i]!, true);
  }
}
