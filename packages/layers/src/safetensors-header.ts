/**
 * The safetensors header, read from an untrusted file in one bounded, linear scan over its bytes: no JSON.parse, no
 * object per JSON value. The scan validates everything the reference reader (huggingface/safetensors, serde_json)
 * validates and keeps only compact typed arrays — one row per tensor, one hash per key — so a refused header costs a
 * small multiple of its own size, whatever it holds. Strings (names, metadata) are built afterwards, and only for a
 * header found valid.
 *
 * Rules, as the reference reader's:
 * - strict JSON (RFC 8259): no BOM, no comments, no trailing commas, no raw control characters in strings, valid
 *   UTF-8, `\u` escapes paired (a lone surrogate is refused), numbers finite, only spaces, tabs and line breaks
 *   around tokens (the writer pads with spaces);
 * - nesting at most 127 deep (serde_json's recursion limit);
 * - the top level an object: `__metadata__` at most once, null or an object of string values; every other key a
 *   tensor name, each name once, mapping to an object with `dtype` (a string), `shape` (an array of non-negative
 *   integers) and `data_offsets` (an array of two non-negative integers), each field once; other fields in an entry
 *   are skipped, as serde skips them;
 * - integers where integers belong: `2.0`, `3e0`, `-0` and `02` are refused.
 * actlab is stricter than the reference in three places, each refused with an Error saying so: an entry written as
 * a JSON array (`["F32", [2], [0, 8]]`, which serde accepts as a struct), a metadata key given twice (serde keeps the
 * last), and integers above 2^53 or shapes of more than 64 dimensions (what a JavaScript number and a Tensor hold).
 */

/** serde_json's recursion limit: the deepest nesting of arrays and objects a header may have. */
export const SAFETENSORS_MAX_DEPTH = 127;
/** actlab's own cap on a tensor's number of dimensions (far beyond any model; bounds what a shape can cost). */
export const SAFETENSORS_MAX_RANK = 64;

/** Bits per element of every dtype the reference implementation defines, by name. */
export const SAFETENSORS_DTYPE_BITS: Readonly<Record<string, number>> = {
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
/** The dtype names in the reference's declaration order (its writer sorts tensors by it, descending). */
export const SAFETENSORS_DTYPES: readonly string[] = Object.keys(SAFETENSORS_DTYPE_BITS);

/** The tensors of a validated header, one row each, in file order; strings still unbuilt (see `readJsonString`). */
export interface HeaderRows {
  count: number;
  /** Byte offset (into the file) of each name's opening quote. */
  nameAt: Int32Array;
  /** Index into SAFETENSORS_DTYPES. */
  dtype: Uint8Array;
  rank: Uint8Array;
  /** Start of each tensor's dimensions in `dims`. */
  dimsAt: Int32Array;
  dims: Float64Array;
  begin: Float64Array;
  end: Float64Array;
  /** Byte offset of the `__metadata__` object's `{`, or -1 when absent or null. */
  metadataAt: number;
}

/** Longest piece of untrusted text quoted in an error message, in UTF-16 code units. */
const PREVIEW_CHARS = 60;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isWhitespace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}
function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** Byte length of a UTF-8 sequence starting with `lead` whose bytes are valid (0 if `lead` cannot start one). */
function utf8Length(bytes: Uint8Array, at: number, end: number): number {
  const b0 = bytes[at]!;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 === 0xe0) lo = 0xa0;
    if (b0 === 0xed) hi = 0x9f; // U+D800..U+DFFF encoded directly: not UTF-8
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 === 0xf0) lo = 0x90;
    if (b0 === 0xf4) hi = 0x8f;
  } else return 0;
  if (at + n > end) return 0;
  const b1 = bytes[at + 1]!;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < n; k++) {
    const b = bytes[at + k]!;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

function codePointAt(bytes: Uint8Array, at: number, n: number): number {
  const b0 = bytes[at]!;
  if (n === 2) return ((b0 & 0x1f) << 6) | (bytes[at + 1]! & 0x3f);
  if (n === 3) return ((b0 & 0x0f) << 12) | ((bytes[at + 1]! & 0x3f) << 6) | (bytes[at + 2]! & 0x3f);
  return (
    ((b0 & 0x07) << 18) | ((bytes[at + 1]! & 0x3f) << 12) | ((bytes[at + 2]! & 0x3f) << 6) | (bytes[at + 3]! & 0x3f)
  );
}

/**
 * Decodes the JSON string whose opening quote is at `at` (already validated by the scan) into a JavaScript string,
 * stopping after `limit` code units (then `truncated` is set on the result's caller by comparing lengths).
 */
export function readJsonString(bytes: Uint8Array, at: number, limit = Number.POSITIVE_INFINITY): string {
  // Fast path: plain ASCII without escapes (nearly every name, dtype and key), straight from the bytes.
  let end = at + 1;
  while (end < bytes.length && bytes[end]! < 0x80 && bytes[end] !== QUOTE && bytes[end] !== BACKSLASH) end++;
  if (bytes[end] === QUOTE) {
    const stop = Math.min(end, at + 1 + limit);
    let plain = '';
    for (let p = at + 1; p < stop; p += 8192) {
      plain += String.fromCharCode(...bytes.subarray(p, Math.min(stop, p + 8192)));
    }
    return plain;
  }
  let pos = at + 1;
  let out = '';
  const chunk: number[] = [];
  let units = 0;
  while (units < limit) {
    const b = bytes[pos]!;
    if (b === QUOTE) break;
    if (b === BACKSLASH) {
      const e = bytes[pos + 1]!;
      pos += 2;
      if (e === 0x75) {
        chunk.push(
          (hexValue(bytes[pos]!) << 12) |
            (hexValue(bytes[pos + 1]!) << 8) |
            (hexValue(bytes[pos + 2]!) << 4) |
            hexValue(bytes[pos + 3]!),
        );
        pos += 4;
      } else {
        chunk.push(e === 0x62 ? 8 : e === 0x66 ? 12 : e === 0x6e ? 10 : e === 0x72 ? 13 : e === 0x74 ? 9 : e);
      }
      units++;
    } else if (b < 0x80) {
      chunk.push(b);
      pos++;
      units++;
    } else {
      const n = utf8Length(bytes, pos, bytes.length);
      const cp = codePointAt(bytes, pos, n);
      pos += n;
      if (cp >= 0x10000) {
        chunk.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
        units += 2;
      } else {
        chunk.push(cp);
        units++;
      }
    }
    if (chunk.length >= 4096) {
      out += String.fromCharCode.apply(null, chunk);
      chunk.length = 0;
    }
  }
  out += String.fromCharCode.apply(null, chunk);
  return out.length > limit ? out.slice(0, limit) : out;
}

/** A name from the file as quoted in an error message: at most PREVIEW_CHARS code units of it. */
export function quoteJsonString(bytes: Uint8Array, at: number): string {
  const s = readJsonString(bytes, at, PREVIEW_CHARS + 1);
  return s.length > PREVIEW_CHARS ? `'${s.slice(0, PREVIEW_CHARS)}…'` : `'${s}'`;
}

/** Typed arrays grown to at least `n` elements, doubling (no closures: this runs per key and per dimension). */
function growInt32(a: Int32Array, n: number): Int32Array {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growFloat64(a: Float64Array, n: number): Float64Array {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growUint8(a: Uint8Array, n: number): Uint8Array {
  if (n <= a.length) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/**
 * A set of JSON strings of the header, by their byte position: a seeded hash of the decoded UTF-16 code units per
 * key and an open-addressing table of indices, both typed arrays (16–20 bytes per key). Equal hashes are
 * confirmed by decoding both strings. The seed is drawn per file, so collisions cannot be planned; should a file
 * still produce more than a handful of false matches per key it is refused rather than scanned in quadratic time.
 */
class KeySet {
  private at = new Int32Array(16);
  private hashes = new Int32Array(16);
  private table = new Int32Array(32);
  private count = 0;
  private falseMatches = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly onCollisionFlood: () => never,
  ) {}

  /** Adds the key at byte `at` with hash `hash`; returns the byte position of an equal key already present, or -1. */
  add(at: number, hash: number): number {
    // Load at most 0.7 (linear probing stays short with a mixed hash), so the table costs 6–11 bytes per key.
    if ((this.count + 1) * 10 > this.table.length * 7) this.rehash(this.table.length * 2);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.table[slot]!;
      if (entry === 0) break;
      const other = entry - 1;
      if (this.hashes[other] === hash) {
        if (readJsonString(this.bytes, this.at[other]!) === readJsonString(this.bytes, at)) return this.at[other]!;
        if (++this.falseMatches > 64 + this.count) this.onCollisionFlood();
      }
      slot = (slot + 1) & mask;
    }
    if (this.count === this.at.length) {
      // Grow by half, not double: these two arrays are most of what a header of millions of keys costs.
      const n = Math.ceil(this.count * 1.5);
      const at = new Int32Array(n);
      at.set(this.at);
      this.at = at;
      const hashes = new Int32Array(n);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.at[this.count] = at;
    this.hashes[this.count] = hash;
    this.count++;
    this.table[slot] = this.count;
    return -1;
  }

  private rehash(size: number): void {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < this.count; i++) {
      let slot = this.hashes[i]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
  }
}

const FIELD_DTYPE = 1;
const FIELD_SHAPE = 2;
const FIELD_OFFSETS = 4;

/** The scan: one pass over bytes[start, end), throwing `fail(message)` at the first defect. */
class HeaderScanner {
  pos: number;
  private depth = 0;
  /** Set by `string()`: the hash of the decoded code units, their count, and whether the token had escapes. */
  private hash = 0;
  private units = 0;
  private escaped = false;
  private readonly seed: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly start: number,
    private readonly end: number,
    private readonly fail: (message: string) => never,
  ) {
    this.pos = start;
    this.seed = (Math.random() * 2 ** 32) | 0;
  }

  /** A short, printable rendering of the bytes at `at`, for error messages. */
  private near(at: number): string {
    if (at >= this.end) return 'the end of the header';
    let s = '';
    for (let i = at; i < Math.min(this.end, at + 24); i++) {
      const b = this.bytes[i]!;
      s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    }
    return `'${s}${at + 24 < this.end ? '…' : ''}'`;
  }

  /** The name's position of the entry being scanned, quoted where a message says `{tensor}` (built only then). */
  private entryAt = -1;

  error(message: string, at = this.pos): never {
    const text = message.includes('{tensor}')
      ? message.replace('{tensor}', quoteJsonString(this.bytes, this.entryAt))
      : message;
    return this.fail(`header byte ${at - this.start}: ${text}`);
  }

  private unexpected(what: string): never {
    return this.error(`expected ${what}, found ${this.near(this.pos)}`);
  }

  ws(): void {
    while (this.pos < this.end && isWhitespace(this.bytes[this.pos]!)) this.pos++;
  }

  private peek(): number {
    return this.pos < this.end ? this.bytes[this.pos]! : -1;
  }

  private expect(b: number, what: string): void {
    if (this.peek() !== b) this.unexpected(what);
    this.pos++;
  }

  private enter(): void {
    if (++this.depth > SAFETENSORS_MAX_DEPTH) {
      this.error(`nesting deeper than ${SAFETENSORS_MAX_DEPTH} levels of arrays and objects (the reference limit)`);
    }
  }

  /** Scans one string token; returns the position of its opening quote and sets hash/units/escaped. */
  string(what = 'a string'): number {
    const { bytes, end } = this;
    const at = this.pos;
    if (this.peek() !== QUOTE) this.unexpected(what);
    let pos = at + 1;
    let h = this.seed;
    let units = 0;
    let escaped = false;
    for (;;) {
      if (pos >= end) this.error('a string runs past the end of the header', at);
      const b = bytes[pos]!;
      let unit: number;
      if (b === QUOTE) break;
      if (b < 0x20) {
        this.error(
          `raw control character 0x${b.toString(16).padStart(2, '0')} inside a string (JSON wants it escaped)`,
          pos,
        );
      }
      if (b === BACKSLASH) {
        escaped = true;
        const e = pos + 1 < end ? bytes[pos + 1]! : -1;
        if (e === 0x75) {
          unit = this.hex4(pos + 2);
          pos += 6;
          if (unit >= 0xdc00 && unit <= 0xdfff) this.error('lone low surrogate in a \\u escape', pos - 6);
          if (unit >= 0xd800 && unit <= 0xdbff) {
            if (pos + 6 > end || bytes[pos] !== BACKSLASH || bytes[pos + 1] !== 0x75) {
              this.error('lone high surrogate in a \\u escape (not followed by a low one)', pos - 6);
            }
            const low = this.hex4(pos + 2);
            if (low < 0xdc00 || low > 0xdfff) this.error('lone high surrogate in a \\u escape', pos - 6);
            h = Math.imul(h ^ unit, 0x9e3779b1);
            h ^= h >>> 15;
            units++;
            unit = low;
            pos += 6;
          }
        } else {
          if (
            e !== QUOTE &&
            e !== BACKSLASH &&
            e !== 0x2f &&
            e !== 0x62 &&
            e !== 0x66 &&
            e !== 0x6e &&
            e !== 0x72 &&
            e !== 0x74
          ) {
            this.error(`invalid escape ${this.near(pos)} in a string`, pos);
          }
          unit = e === 0x62 ? 8 : e === 0x66 ? 12 : e === 0x6e ? 10 : e === 0x72 ? 13 : e === 0x74 ? 9 : e;
          pos += 2;
        }
      } else if (b < 0x80) {
        unit = b;
        pos++;
      } else {
        const n = utf8Length(bytes, pos, end);
        if (n === 0) this.error('invalid UTF-8 inside a string', pos);
        const cp = codePointAt(bytes, pos, n);
        pos += n;
        if (cp >= 0x10000) {
          h = Math.imul(h ^ (0xd800 + ((cp - 0x10000) >> 10)), 0x9e3779b1);
          h ^= h >>> 15;
          units++;
          unit = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else unit = cp;
      }
      h = Math.imul(h ^ unit, 0x9e3779b1);
      h ^= h >>> 15;
      units++;
    }
    this.pos = pos + 1;
    h = Math.imul(h ^ units, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    this.hash = h ^ (h >>> 16);
    this.units = units;
    this.escaped = escaped;
    return at;
  }

  private hex4(at: number): number {
    if (at + 4 > this.end) this.error('a \\u escape runs past the end of the header', at - 2);
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const d = hexValue(this.bytes[at + i]!);
      if (d < 0) this.error(`invalid \\u escape ${this.near(at - 2)}`, at - 2);
      v = (v << 4) | d;
    }
    return v;
  }

  /** Whether the string just scanned (at `at`) decodes to `word` (ASCII). */
  private stringIs(at: number, word: string): boolean {
    if (this.units !== word.length) return false;
    if (!this.escaped) {
      for (let i = 0; i < word.length; i++) if (this.bytes[at + 1 + i] !== word.charCodeAt(i)) return false;
      return true;
    }
    return readJsonString(this.bytes, at) === word;
  }

  /** A non-negative integer token (as the reference's usize): digits only, no sign, fraction or exponent. */
  integer(what: string): number {
    const { bytes } = this;
    const at = this.pos;
    const first = this.peek();
    if (first === 0x2d) this.error(`${what} must be a non-negative integer, found ${this.near(at)}`);
    if (!isDigit(first)) this.unexpected(`${what} (a non-negative integer)`);
    let value = 0;
    let pos = at;
    while (pos < this.end && isDigit(bytes[pos]!)) value = value * 10 + (bytes[pos++]! - 0x30);
    if (first === 0x30 && pos - at > 1) this.error(`${what}: a number may not have a leading zero`, at);
    const next = pos < this.end ? bytes[pos]! : -1;
    if (next === 0x2e || next === 0x65 || next === 0x45) {
      this.error(`${what} must be an integer, found ${this.near(at)} (a fraction or exponent is not an integer)`, at);
    }
    if (!Number.isSafeInteger(value)) {
      this.error(`${what} ${this.near(at)} is above 2^53, more than actlab can address`, at);
    }
    this.pos = pos;
    return value;
  }

  /** Skips one JSON value of any kind, validating it (an entry's unknown field). */
  skipValue(): void {
    const b = this.peek();
    if (b === QUOTE) {
      this.string();
    } else if (b === OPEN_BRACE) {
      this.enter();
      this.pos++;
      this.ws();
      if (this.peek() === CLOSE_BRACE) this.pos++;
      else {
        for (;;) {
          this.string('a key (a string)');
          this.ws();
          this.expect(COLON, "':'");
          this.ws();
          this.skipValue();
          this.ws();
          if (this.peek() === COMMA) {
            this.pos++;
            this.ws();
            continue;
          }
          this.expect(CLOSE_BRACE, "',' or '}'");
          break;
        }
      }
      this.depth--;
    } else if (b === OPEN_BRACKET) {
      this.enter();
      this.pos++;
      this.ws();
      if (this.peek() === CLOSE_BRACKET) this.pos++;
      else {
        for (;;) {
          this.skipValue();
          this.ws();
          if (this.peek() === COMMA) {
            this.pos++;
            this.ws();
            continue;
          }
          this.expect(CLOSE_BRACKET, "',' or ']'");
          break;
        }
      }
      this.depth--;
    } else if (b === 0x74) this.literal('true');
    else if (b === 0x66) this.literal('false');
    else if (b === 0x6e) this.literal('null');
    else if (b === 0x2d || isDigit(b)) this.number();
    else this.unexpected('a JSON value');
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) {
      if (this.pos + i >= this.end || this.bytes[this.pos + i] !== word.charCodeAt(i)) this.unexpected(`'${word}'`);
    }
    this.pos += word.length;
  }

  /** Any JSON number; finite once parsed, as serde_json refuses one that overflows (1e400). */
  private number(): void {
    const { bytes, end } = this;
    const at = this.pos;
    let pos = at;
    if (bytes[pos] === 0x2d) pos++;
    if (pos >= end || !isDigit(bytes[pos]!)) this.error(`invalid number ${this.near(at)}`, at);
    if (bytes[pos] === 0x30) {
      pos++;
      if (pos < end && isDigit(bytes[pos]!)) this.error(`a number may not have a leading zero: ${this.near(at)}`, at);
    } else while (pos < end && isDigit(bytes[pos]!)) pos++;
    if (pos < end && bytes[pos] === 0x2e) {
      pos++;
      if (pos >= end || !isDigit(bytes[pos]!)) this.error(`invalid number ${this.near(at)}`, at);
      while (pos < end && isDigit(bytes[pos]!)) pos++;
    }
    if (pos < end && (bytes[pos] === 0x65 || bytes[pos] === 0x45)) {
      pos++;
      if (pos < end && (bytes[pos] === 0x2b || bytes[pos] === 0x2d)) pos++;
      if (pos >= end || !isDigit(bytes[pos]!)) this.error(`invalid number ${this.near(at)}`, at);
      while (pos < end && isDigit(bytes[pos]!)) pos++;
    }
    // Without an exponent, fewer than 309 integer digits are always finite; only the rest need converting.
    let intDigits = 0;
    let exponent = false;
    for (let i = at; i < pos; i++) {
      const b = bytes[i]!;
      if (b === 0x2e) break;
      if (b === 0x65 || b === 0x45) exponent = true;
      else if (isDigit(b)) intDigits++;
    }
    for (let i = at; !exponent && i < pos; i++) if (bytes[i] === 0x65 || bytes[i] === 0x45) exponent = true;
    if (exponent || intDigits >= 309) {
      let text = '';
      for (let i = at; i < pos; i++) text += String.fromCharCode(bytes[i]!);
      if (!Number.isFinite(Number(text))) this.error(`number ${this.near(at)} is out of range`, at);
    }
    this.pos = pos;
  }

  scan(): HeaderRows {
    const { bytes } = this;
    if (bytes[this.pos] === 0xef && bytes[this.pos + 1] === 0xbb && bytes[this.pos + 2] === 0xbf) {
      this.error('the header starts with a UTF-8 byte-order mark, which JSON (and the reference reader) refuses');
    }
    const rows: HeaderRows = {
      count: 0,
      nameAt: new Int32Array(8),
      dtype: new Uint8Array(8),
      rank: new Uint8Array(8),
      dimsAt: new Int32Array(8),
      dims: new Float64Array(32),
      begin: new Float64Array(8),
      end: new Float64Array(8),
      metadataAt: -1,
    };
    let dimsUsed = 0;
    const floodFail = (): never =>
      this.error('too many distinct keys share a hash (a header crafted to be slow is refused)');
    const names = new KeySet(bytes, floodFail);
    let metadataSeen = false;

    this.ws();
    this.expect(OPEN_BRACE, "the header's opening '{'");
    this.enter();
    this.ws();
    if (this.peek() === CLOSE_BRACE) this.pos++;
    else {
      for (;;) {
        const keyAt = this.string('a tensor name (a string)');
        const hash = this.hash;
        const isMetadata = this.stringIs(keyAt, '__metadata__');
        this.ws();
        this.expect(COLON, "':'");
        this.ws();
        if (isMetadata) {
          if (metadataSeen) this.error("'__metadata__' appears twice", keyAt);
          metadataSeen = true;
          rows.metadataAt = this.metadata();
        } else {
          const seen = names.add(keyAt, hash);
          if (seen >= 0) {
            this.error(
              `tensor ${quoteJsonString(bytes, keyAt)} appears twice (first at header byte ${seen - this.start})`,
              keyAt,
            );
          }
          const i = rows.count;
          if (i === rows.nameAt.length) {
            const n = i * 2;
            rows.nameAt = growInt32(rows.nameAt, n);
            rows.dtype = growUint8(rows.dtype, n);
            rows.rank = growUint8(rows.rank, n);
            rows.dimsAt = growInt32(rows.dimsAt, n);
            rows.begin = growFloat64(rows.begin, n);
            rows.end = growFloat64(rows.end, n);
          }
          rows.nameAt[i] = keyAt;
          rows.dimsAt[i] = dimsUsed;
          dimsUsed = this.entry(keyAt, rows, i, dimsUsed);
          rows.count++;
        }
        this.ws();
        if (this.peek() === COMMA) {
          this.pos++;
          this.ws();
          continue;
        }
        this.expect(CLOSE_BRACE, "',' or '}' after a header entry");
        break;
      }
    }
    this.depth--;
    this.ws();
    if (this.pos < this.end) {
      this.error(`unexpected ${this.near(this.pos)} after the header's closing '}' (only spaces may follow)`);
    }
    return rows;
  }

  /** `__metadata__`'s value: null, or an object of string values with distinct keys. Returns the `{`'s position. */
  private metadata(): number {
    if (this.peek() === 0x6e) {
      this.literal('null');
      return -1;
    }
    const at = this.pos;
    if (this.peek() !== OPEN_BRACE) this.error(`__metadata__ must be an object of strings, found ${this.near(at)}`);
    this.enter();
    this.pos++;
    this.ws();
    if (this.peek() === CLOSE_BRACE) this.pos++;
    else {
      const keys = new KeySet(this.bytes, () =>
        this.error('too many distinct metadata keys share a hash (a header crafted to be slow is refused)'),
      );
      for (;;) {
        const keyAt = this.string('a metadata key (a string)');
        if (keys.add(keyAt, this.hash) >= 0) {
          this.error(`metadata key ${quoteJsonString(this.bytes, keyAt)} appears twice`, keyAt);
        }
        this.ws();
        this.expect(COLON, "':'");
        this.ws();
        if (this.peek() !== QUOTE) {
          this.error(
            `__metadata__[${quoteJsonString(this.bytes, keyAt)}] is ${this.near(this.pos)}; metadata values must be strings`,
          );
        }
        this.string();
        this.ws();
        if (this.peek() === COMMA) {
          this.pos++;
          this.ws();
          continue;
        }
        this.expect(CLOSE_BRACE, "',' or '}' in __metadata__");
        break;
      }
    }
    this.depth--;
    return at;
  }

  /** One tensor entry into row `i`; returns the new count of used dims. */
  private entry(nameAt: number, rows: HeaderRows, i: number, dimsUsed: number): number {
    this.entryAt = nameAt;
    if (this.peek() !== OPEN_BRACE) {
      this.error(
        `header entry ${quoteJsonString(this.bytes, nameAt)} is ${this.near(this.pos)}; expected an object {"dtype", "shape", "data_offsets"}`,
      );
    }
    this.enter();
    this.pos++;
    this.ws();
    let seen = 0;
    let rank = 0;
    if (this.peek() === CLOSE_BRACE) this.pos++;
    else {
      for (;;) {
        const keyAt = this.string('a field name (a string) in tensor {tensor}');
        const field = this.stringIs(keyAt, 'dtype')
          ? FIELD_DTYPE
          : this.stringIs(keyAt, 'shape')
            ? FIELD_SHAPE
            : this.stringIs(keyAt, 'data_offsets')
              ? FIELD_OFFSETS
              : 0;
        this.ws();
        this.expect(COLON, "':'");
        this.ws();
        if (field !== 0) {
          if (seen & field)
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} gives the field ${quoteJsonString(this.bytes, keyAt)} twice`,
              keyAt,
            );
          seen |= field;
        }
        if (field === FIELD_DTYPE) {
          const at = this.pos;
          if (this.peek() !== QUOTE)
            this.error(`tensor ${quoteJsonString(this.bytes, nameAt)} has dtype ${this.near(at)}; expected a string`);
          this.string();
          // Compared byte-wise (stringIs), so no string is built per entry of a header of millions.
          let index = -1;
          for (let d = 0; d < SAFETENSORS_DTYPES.length && index < 0; d++) {
            if (this.stringIs(at, SAFETENSORS_DTYPES[d]!)) index = d;
          }
          if (index < 0) {
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} has unknown dtype ${quoteJsonString(this.bytes, at)}; safetensors dtypes are ` +
                SAFETENSORS_DTYPES.join(', '),
              at,
            );
          }
          rows.dtype[i] = index;
        } else if (field === FIELD_SHAPE) {
          if (this.peek() !== OPEN_BRACKET) {
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} has shape ${this.near(this.pos)}; expected an array of integers`,
            );
          }
          this.enter();
          this.pos++;
          this.ws();
          if (this.peek() === CLOSE_BRACKET) this.pos++;
          else {
            for (;;) {
              if (rank === SAFETENSORS_MAX_RANK) {
                this.error(
                  `tensor ${quoteJsonString(this.bytes, nameAt)} has more than ${SAFETENSORS_MAX_RANK} dimensions, more than actlab loads`,
                );
              }
              const d = this.integer('a dimension of tensor {tensor}');
              rows.dims = growFloat64(rows.dims, dimsUsed + rank + 1);
              rows.dims[dimsUsed + rank] = d;
              rank++;
              this.ws();
              if (this.peek() === COMMA) {
                this.pos++;
                this.ws();
                continue;
              }
              this.expect(CLOSE_BRACKET, "',' or ']' in the shape of tensor {tensor}");
              break;
            }
          }
          this.depth--;
        } else if (field === FIELD_OFFSETS) {
          if (this.peek() !== OPEN_BRACKET) {
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} has data_offsets ${this.near(this.pos)}; expected [begin, end]`,
            );
          }
          this.enter();
          this.pos++;
          this.ws();
          rows.begin[i] = this.integer('data_offsets[0] of tensor {tensor}');
          this.ws();
          if (this.peek() !== COMMA)
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} has data_offsets of one number; expected [begin, end]`,
            );
          this.pos++;
          this.ws();
          rows.end[i] = this.integer('data_offsets[1] of tensor {tensor}');
          this.ws();
          if (this.peek() !== CLOSE_BRACKET) {
            this.error(
              `tensor ${quoteJsonString(this.bytes, nameAt)} has data_offsets of more than two numbers; expected [begin, end]`,
            );
          }
          this.pos++;
          this.depth--;
        } else {
          this.skipValue();
        }
        this.ws();
        if (this.peek() === COMMA) {
          this.pos++;
          this.ws();
          continue;
        }
        this.expect(CLOSE_BRACE, "',' or '}' in tensor {tensor}");
        break;
      }
    }
    this.depth--;
    if (!(seen & FIELD_DTYPE)) this.error(`tensor ${quoteJsonString(this.bytes, nameAt)} has no "dtype"`, nameAt);
    if (!(seen & FIELD_SHAPE)) this.error(`tensor ${quoteJsonString(this.bytes, nameAt)} has no "shape"`, nameAt);
    if (!(seen & FIELD_OFFSETS))
      this.error(`tensor ${quoteJsonString(this.bytes, nameAt)} has no "data_offsets"`, nameAt);
    rows.rank[i] = rank;
    return dimsUsed + rank;
  }
}

/**
 * Scans the header at bytes[start, end) (start = 8 in a file) and returns its tensor rows, or throws
 * `fail(message)` naming the first defect and its byte position within the header.
 */
export function scanSafetensorsHeader(
  bytes: Uint8Array,
  start: number,
  end: number,
  fail: (message: string) => never,
): HeaderRows {
  return new HeaderScanner(bytes, start, end, fail).scan();
}

/** Calls `visit(key, value)` for each pair of the (validated) `__metadata__` object whose `{` is at `at`. */
export function readMetadata(bytes: Uint8Array, at: number, visit: (key: string, value: string) => void): void {
  let pos = skipSpaces(bytes, at + 1);
  if (bytes[pos] === CLOSE_BRACE) return;
  for (;;) {
    const keyAt = pos;
    pos = skipSpaces(bytes, skipString(bytes, pos));
    pos = skipSpaces(bytes, pos + 1); // ':'
    const valueAt = pos;
    pos = skipSpaces(bytes, skipString(bytes, pos));
    visit(readJsonString(bytes, keyAt), readJsonString(bytes, valueAt));
    if (bytes[pos] === CLOSE_BRACE) return;
    pos = skipSpaces(bytes, pos + 1); // ','
  }
}

function skipSpaces(bytes: Uint8Array, pos: number): number {
  while (isWhitespace(bytes[pos]!)) pos++;
  return pos;
}

/** The position after the (validated) string token at `pos`. */
function skipString(bytes: Uint8Array, pos: number): number {
  let p = pos + 1;
  while (bytes[p] !== QUOTE) p += bytes[p] === BACKSLASH ? 2 : 1;
  return p + 1;
}
