/**
 * Test support for the safetensors fuzz test (safetensors-fuzz.test.ts) and the on-demand fuzz script
 * (scripts/fuzz-safetensors.ts); not exported by the package.
 *
 * `oracle` is an independent, deliberately plain validator of the same rules as the reader: TextDecoder, a
 * recursive-descent JSON parser over the string with sticky regular expressions, BigInt sizes. It shares no code
 * with safetensors-header.ts / safetensors-format.ts, so a file is "corrupt" when the oracle says so, not when the
 * reader does. `mutate` makes hostile files from real ones: structure-aware edits of the header (duplicated names,
 * fields and `__metadata__`, wrong numbers, surrogates, nesting, dtypes, offsets) and raw byte edits.
 */
import { decodeSafetensors } from './safetensors-format';

const MAX_HEADER = 100_000_000;
const MAX_DEPTH = 127;
const MAX_RANK = 64;
const BITS: Record<string, number> = {
  BOOL: 8,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2FNUZ: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  C64: 64,
  F64: 64,
  I64: 64,
  U64: 64,
};
const LOADABLE = ['F16', 'BF16', 'F32', 'F64'];

type Json =
  | { kind: 'object'; entries: [string, Json][] }
  | { kind: 'array'; items: Json[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; text: string }
  | { kind: 'literal'; value: boolean | null };

class Invalid extends Error {}

/** Keeps a BOM in the text (ignoreBOM), so the JSON parser sees and refuses it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    }
  }
  return true;
}

/** Strict JSON (RFC 8259) over a string, objects kept as ordered pairs so duplicates stay visible. */
function parseJson(text: string): Json {
  let pos = 0;
  const ws = /[ \t\n\r]*/y;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: JSON refuses raw control characters in strings.
  const str = /"((?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*)"/y;
  const num = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  const skip = () => {
    ws.lastIndex = pos;
    ws.exec(text);
    pos = ws.lastIndex;
  };
  const string = (): string => {
    str.lastIndex = pos;
    const m = str.exec(text);
    if (m === null) throw new Invalid('string');
    pos = str.lastIndex;
    const decoded = m[1]!.replace(/\\(?:u([0-9a-fA-F]{4})|(.))/g, (_, hex: string | undefined, c: string) =>
      hex !== undefined
        ? String.fromCharCode(Number.parseInt(hex, 16))
        : (({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c),
    );
    if (!wellFormed(decoded)) throw new Invalid('lone surrogate');
    return decoded;
  };
  const value = (depth: number): Json => {
    skip();
    const c = text[pos];
    if (c === '{' || c === '[') {
      if (depth + 1 > MAX_DEPTH) throw new Invalid('depth');
      pos++;
      skip();
      if (c === '{') {
        const entries: [string, Json][] = [];
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', entries };
        }
        for (;;) {
          skip();
          const key = string();
          skip();
          if (text[pos++] !== ':') throw new Invalid(':');
          entries.push([key, value(depth + 1)]);
          skip();
          const d = text[pos++];
          if (d === '}') return { kind: 'object', entries };
          if (d !== ',') throw new Invalid(',');
        }
      }
      const items: Json[] = [];
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        const d = text[pos++];
        if (d === ']') return { kind: 'array', items };
        if (d !== ',') throw new Invalid(',');
      }
    }
    if (c === '"') return { kind: 'string', value: string() };
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: 'literal', value: v };
      }
    }
    num.lastIndex = pos;
    const m = num.exec(text);
    if (m === null) throw new Invalid('value');
    pos = num.lastIndex;
    if (!Number.isFinite(Number(m[0]))) throw new Invalid('range');
    return { kind: 'number', text: m[0] };
  };
  const top = value(0);
  skip();
  if (pos !== text.length) throw new Invalid('trailing');
  return top;
}

function integer(v: Json | undefined): bigint {
  if (v?.kind !== 'number' || !/^(0|[1-9][0-9]*)$/.test(v.text)) throw new Invalid('integer');
  const n = BigInt(v.text);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Invalid('2^53');
  return n;
}

export interface OracleTensor {
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}
export type OracleVerdict =
  | { ok: true; tensors: Map<string, OracleTensor>; metadata: Map<string, string>; dataStart: number }
  | { ok: false; reason: string };

/** Whether the reader must accept `bytes`, and what it must then return. */
export function oracle(bytes: Uint8Array): OracleVerdict {
  try {
    if (bytes.length < 8) throw new Invalid('short');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const n = view.getBigUint64(0, true);
    if (n > BigInt(MAX_HEADER) || 8n + n > BigInt(bytes.length)) throw new Invalid('length');
    const dataStart = 8 + Number(n);
    let text: string;
    try {
      text = UTF8.decode(bytes.subarray(8, dataStart));
    } catch {
      throw new Invalid('utf-8');
    }
    const top = parseJson(text);
    if (top.kind !== 'object') throw new Invalid('top');
    const tensors = new Map<string, OracleTensor>();
    const metadata = new Map<string, string>();
    let metadataSeen = false;
    for (const [key, v] of top.entries) {
      if (key === '__metadata__') {
        if (metadataSeen) throw new Invalid('metadata twice');
        metadataSeen = true;
        if (v.kind === 'literal' && v.value === null) continue;
        if (v.kind !== 'object') throw new Invalid('metadata');
        for (const [k, s] of v.entries) {
          if (s.kind !== 'string' || metadata.has(k)) throw new Invalid('metadata entry');
          metadata.set(k, s.value);
        }
        continue;
      }
      if (tensors.has(key)) throw new Invalid('name twice');
      if (v.kind !== 'object') throw new Invalid('entry');
      const fields = new Map<string, Json>();
      for (const [f, fv] of v.entries) {
        if (['dtype', 'shape', 'data_offsets'].includes(f) && fields.has(f)) throw new Invalid('field twice');
        fields.set(f, fv);
      }
      const dtype = fields.get('dtype');
      const shape = fields.get('shape');
      const offsets = fields.get('data_offsets');
      if (dtype?.kind !== 'string' || !Object.hasOwn(BITS, dtype.value)) throw new Invalid('dtype');
      if (shape?.kind !== 'array' || shape.items.length > MAX_RANK) throw new Invalid('shape');
      if (offsets?.kind !== 'array' || offsets.items.length !== 2) throw new Invalid('offsets');
      const dims = shape.items.map(integer);
      const [begin, end] = offsets.items.map(integer) as [bigint, bigint];
      if (begin > end || end > BigInt(bytes.length - dataStart)) throw new Invalid('bounds');
      const bits = dims.reduce((a, d) => a * d, BigInt(BITS[dtype.value]!));
      if (bits !== (end - begin) * 8n) throw new Invalid('size');
      tensors.set(key, { dtype: dtype.value, shape: dims.map(Number), begin: Number(begin), end: Number(end) });
    }
    const sorted = [...tensors.values()].sort((a, b) => a.begin - b.begin || a.end - b.end);
    let cursor = 0;
    for (const t of sorted) {
      if (t.begin !== cursor) throw new Invalid('tiling');
      cursor = t.end;
    }
    if (cursor !== bytes.length - dataStart) throw new Invalid('coverage');
    for (const t of tensors.values()) if (!LOADABLE.includes(t.dtype)) throw new Invalid('unsupported');
    return { ok: true, tensors, metadata, dataStart };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, reason: e.message };
    throw e;
  }
}

/** float32 value of F16 / BF16 bits by the textbook formula (not the reader's bit manipulation). */
function halfValue(bits: number, dtype: 'F16' | 'BF16'): number {
  const [expBits, mantBits, bias] = dtype === 'F16' ? [5, 10, 15] : [8, 7, 127];
  const sign = bits >> 15 ? -1 : 1;
  const exp = (bits >> mantBits) & ((1 << expBits) - 1);
  const mant = bits & ((1 << mantBits) - 1);
  if (exp === (1 << expBits) - 1) return mant === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  if (exp === 0) return sign * mant * 2 ** (1 - bias - mantBits);
  return sign * (1 + mant / 2 ** mantBits) * 2 ** (exp - bias);
}

/** What one case did: the reader and the oracle agree (accepted or refused), or a description of the failure. */
export type CaseOutcome = 'accepted' | 'refused' | { failure: string };

/** Runs the reader on `bytes` and checks it against the oracle: same verdict, same content, an Error of its kind. */
export function checkCase(bytes: Uint8Array): CaseOutcome {
  const verdict = oracle(bytes);
  let decoded: ReturnType<typeof decodeSafetensors>;
  try {
    decoded = decodeSafetensors(bytes);
  } catch (e) {
    if (!(e instanceof Error) || e.constructor !== Error) return { failure: `crash: ${String(e)}` };
    if (!e.message.startsWith('loadSafetensors: ') || e.message.length > 400) {
      return { failure: `bad message: ${e.message.slice(0, 200)}` };
    }
    if (verdict.ok) return { failure: `refused a valid file: ${e.message}` };
    return 'refused';
  }
  if (!verdict.ok) return { failure: `accepted a corrupt file (${verdict.reason})` };
  const names = Object.keys(decoded.tensors);
  if (names.length !== verdict.tensors.size) return { failure: 'tensor count differs' };
  for (const [name, t] of verdict.tensors) {
    const got = decoded.tensors[name];
    if (got === undefined || !Object.hasOwn(decoded.tensors, name)) return { failure: `missing tensor ${name}` };
    if (got.fileDtype !== t.dtype || got.shape.join() !== t.shape.join()) return { failure: `header of ${name}` };
    const raw = bytes.subarray(verdict.dataStart + t.begin, verdict.dataStart + t.end);
    if (t.dtype === 'F32' || t.dtype === 'F64') {
      const b = new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength);
      if (b.length !== raw.length || b.some((v, i) => v !== raw[i])) return { failure: `data of ${name}` };
    } else {
      for (let i = 0; i < got.data.length; i++) {
        const want = Math.fround(halfValue(raw[2 * i]! | (raw[2 * i + 1]! << 8), t.dtype as 'F16' | 'BF16'));
        const have = got.data[i]!;
        if (!(Object.is(want, have) || (Number.isNaN(want) && Number.isNaN(have)))) {
          return { failure: `data of ${name}[${i}]` };
        }
      }
    }
  }
  const meta = Object.entries(decoded.metadata);
  if (meta.length !== verdict.metadata.size || meta.some(([k, v]) => verdict.metadata.get(k) !== v)) {
    return { failure: 'metadata differs' };
  }
  return 'accepted';
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seed {
  pairs: [string, string][];
  data: Uint8Array;
}

/** The header of a valid file as ordered (key text, value text) pairs, and its data buffer. */
export function seedOf(file: Uint8Array): Seed {
  const n = Number(new DataView(file.buffer, file.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n))) as Record<string, unknown>;
  return {
    pairs: Object.entries(header).map(([k, v]) => [JSON.stringify(k), JSON.stringify(v)]),
    data: file.slice(8 + n),
  };
}

const NUMBER_VARIANTS = [
  '2.0',
  '3e0',
  '-0',
  '02',
  '-1',
  '1E0',
  '0.5',
  '18446744073709551616',
  '9007199254740993',
  '1e400',
  '0',
  '1',
  '4',
  '8',
  '7',
  '65',
  ' 8 ',
  '"8"',
  'null',
  '[]',
];
const STRING_VARIANTS = [
  '"\\ud800"',
  '"\\udc00x"',
  '"\\ud83d\\ude00"',
  '"😀"',
  '"a\\u0000"',
  '"\\u0061"',
  '""',
  '"a\\x"',
  '"\u0001"',
  '3',
  'null',
  '{}',
  '"F16"',
  '"BF16"',
  '"F32"',
  '"F64"',
  '"I64"',
  '"F4"',
  '"f32"',
  '"__metadata__"',
];
const INSERTS = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\u0000', '\ufeff', 'null', '1', '-', '.', 'e', '\n'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** Rewrites the numbers / strings of a value text at random positions. */
function mutateValue(rand: () => number, text: string): string {
  const r = rand();
  if (r < 0.35) {
    const numbers = [...text.matchAll(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g)];
    if (numbers.length > 0) {
      const m = pick(rand, numbers);
      const replacement =
        rand() < 0.5 ? pick(rand, NUMBER_VARIANTS) : String(Number(m[0]) + Math.floor(rand() * 9) - 4);
      return text.slice(0, m.index) + replacement + text.slice(m.index! + m[0].length);
    }
  }
  if (r < 0.6) {
    const strings = [...text.matchAll(/"(?:[^"\\]|\\.)*"/g)];
    if (strings.length > 0) {
      const m = pick(rand, strings);
      return text.slice(0, m.index) + pick(rand, STRING_VARIANTS) + text.slice(m.index! + m[0].length);
    }
  }
  if (r < 0.7 && text.startsWith('{')) {
    // Duplicate, drop or add a field.
    const fields = text.slice(1, -1).split(/,(?="[a-z_]+":)/);
    const k = rand();
    if (k < 0.4) fields.push(pick(rand, fields));
    else if (k < 0.7) fields.splice(Math.floor(rand() * fields.length), 1);
    else fields.splice(Math.floor(rand() * (fields.length + 1)), 0, `"x":${nested(120 + Math.floor(rand() * 12))}`);
    return `{${fields.join(',')}}`;
  }
  if (r < 0.8 && text.startsWith('{')) {
    // The entry as an array, or with escaped field names.
    return rand() < 0.3
      ? `[${[...text.matchAll(/:((?:"[^"]*")|\[[^\]]*\])/g)].map((m) => m[1]).join(',')}]`
      : text.replace(
          /"(dtype|shape|data_offsets)"/,
          (_, f: string) => `"\\u${f.charCodeAt(0).toString(16).padStart(4, '0')}${f.slice(1)}"`,
        );
  }
  if (r < 0.9) return nested(1 + Math.floor(rand() * 3)).slice(0, -1) + text + ']';
  return pick(rand, ['null', '"x"', '{}', '[]', '3', nested(127), nested(128), `{"a":"b","a":"c"}`]);
}

/** One hostile file derived from `seed`. */
export function mutate(rand: () => number, seed: Seed): Uint8Array {
  const pairs = seed.pairs.map(([k, v]) => [k, v] as [string, string]);
  let data = seed.data;
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const r = rand();
    const i = Math.floor(rand() * Math.max(1, pairs.length));
    if (pairs.length === 0 || r < 0.1)
      pairs.push([
        pick(rand, ['"__metadata__"', '"w"', '"x"']),
        pick(rand, ['{}', 'null', '{"k":"v"}', '{"dtype":"F32","shape":[0],"data_offsets":[0,0]}']),
      ]);
    else if (r < 0.25)
      pairs.splice(Math.floor(rand() * (pairs.length + 1)), 0, [...pairs[i]!]); // a name twice
    else if (r < 0.35) pairs.splice(i, 1);
    else if (r < 0.45)
      pairs[i]![0] = pick(
        rand,
        STRING_VARIANTS.filter((s) => s.startsWith('"')),
      );
    else if (r < 0.5) {
      const j = Math.floor(rand() * pairs.length);
      [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
    } else pairs[i]![1] = mutateValue(rand, pairs[i]![1]);
  }
  let text = `{${pairs.map(([k, v]) => `${k}:${v}`).join(',')}}`;
  if (rand() < 0.3) text += ' '.repeat(Math.floor(rand() * 8));
  if (rand() < 0.15) {
    const at = Math.floor(rand() * (text.length + 1));
    text =
      rand() < 0.5 ? text.slice(0, at) + pick(rand, INSERTS) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  }
  let header = new TextEncoder().encode(text);
  if (rand() < 0.05) header = new Uint8Array([0xef, 0xbb, 0xbf, ...header]);
  if (rand() < 0.15) {
    // Data one element longer or shorter, or truncated.
    const k = Math.floor(rand() * 3);
    data =
      k === 0 ? new Uint8Array([...data, 0, 0, 0, 0]) : data.subarray(0, Math.max(0, data.length - (k === 1 ? 4 : 1)));
  }
  const out = new Uint8Array(8 + header.length + data.length);
  const view = new DataView(out.buffer);
  let length = header.length;
  if (rand() < 0.05) length = pick(rand, [length - 1, length + 1, length + 8, 0, 100_000_001, 2 ** 32 + length]);
  view.setBigUint64(0, BigInt(Math.max(0, length)), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  if (rand() < 0.25) {
    // Raw byte flips anywhere, the length prefix included.
    const flips = 1 + Math.floor(rand() * 4);
    for (let f = 0; f < flips; f++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
  }
  return out;
}
