/**
 * Measures the peak memory the safetensors reader needs to refuse hostile headers of up to 100 MB (the format's
 * limit). The file is built first, then the growth of the process's peak resident set (`resourceUsage().maxRSS`, a
 * true high-water mark) across `decodeSafetensors` is reported, with the V8 heap and array-buffer growth (no GC in
 * between, so garbage counts). maxRSS never falls, so measure one kind per process (safetensors-memory.test.ts spawns
 * one each). Prints one JSON object; `--list` prints the kinds with the header size each is measured at.
 *
 * Each kind has the size the test suite measures it at: 100 MB for those the reader refuses in one fast pass, 30 MB
 * for the three that cost work per key or number (seconds at 100 MB); the bound is a ratio to the header's size, so
 * 30 MB tests the same rule. `PROBE_HEADER_BYTES=99999000` measures every kind at 100 MB, on demand:
 *
 *   node --expose-gc --import tsx scripts/safetensors-memory-probe.ts <kind>
 *   PROBE_HEADER_BYTES=99999000 node --expose-gc --max-old-space-size=400 --import tsx scripts/safetensors-memory-probe.ts
 */
import { decodeSafetensors } from '../src/safetensors-format';

const FULL = 99_999_000;
const PER_KEY = 29_999_000;
const OVERRIDE = process.env.PROBE_HEADER_BYTES === undefined ? null : Number(process.env.PROBE_HEADER_BYTES);

/** Writes ASCII `text` at out[at…]; returns the position after it (or -1 if it does not fit before `limit`). */
function put(out: Uint8Array, at: number, text: string, limit: number): number {
  if (at + text.length > limit) return -1;
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/**
 * A file whose header is `prefix`, then `unit` repeated to ~HEADER bytes, then `suffix` (all ASCII). A constant unit
 * is written once and doubled with copyWithin, so building 100 MB costs a few memcpys rather than 10^8 JS stores.
 */
function build(
  headerBytes: number,
  prefix: string,
  unit: string | ((i: number) => string),
  suffix: string,
): Uint8Array {
  const out = new Uint8Array(8 + headerBytes);
  const limit = out.length - suffix.length;
  let at = put(out, 8, prefix, limit);
  if (typeof unit === 'string') {
    const start = at;
    const count = Math.floor((limit - start) / unit.length);
    if (count > 0) {
      at = put(out, start, unit, limit);
      const end = start + count * unit.length;
      while (at < end) {
        const n = Math.min(at - start, end - at);
        out.copyWithin(at, start, start + n);
        at += n;
      }
    }
  } else {
    for (let i = 0; ; i++) {
      const next = put(out, at, unit(i), limit);
      if (next < 0) break;
      at = next;
    }
  }
  at = put(out, at, suffix, out.length);
  out.fill(0x20, at); // the rest of the header: spaces
  new DataView(out.buffer).setUint32(0, headerBytes, true);
  return out;
}

const X1000 = 'x'.repeat(1000);
const OPEN1000 = '['.repeat(1000);

interface Kind {
  /** The header size the test suite measures this kind at. */
  headerBytes: number;
  build: (headerBytes: number) => Uint8Array;
}

const kinds: Record<string, Kind> = {
  // Plausible tensor entries (0.6 million at 30 MB, 2 million at 100 MB), the last one a duplicate name: every row
  // is kept until the very end.
  'many tensors, one name twice at the end': {
    headerBytes: PER_KEY,
    build: (n) =>
      build(
        n,
        '{',
        (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},`,
        '"t0":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}',
      ),
  },
  // The shortest distinct metadata keys (3 million at 30 MB, 10 million at 100 MB), the last one repeated: the
  // most keys, so the most hash-table memory, per header byte.
  'many metadata keys, one twice at the end': {
    headerBytes: PER_KEY,
    build: (n) => build(n, '{"__metadata__":{', (i) => `"${i.toString(36)}":"",`, '"0":""}}'),
  },
  // One unknown field holding millions of numbers (15 million at 30 MB), never closed.
  'an unknown field of millions of numbers, unterminated': {
    headerBytes: PER_KEY,
    build: (n) => build(n, '{"w":{"x":[', '1,', '1'),
  },
  // A metadata value filling the header, followed by a number where a string belongs.
  'a metadata string filling the header, then a number': {
    headerBytes: FULL,
    build: (n) => build(n, '{"__metadata__":{"a":"', X1000, '","b":1}}'),
  },
  // Nesting as deep as the header allows (100 million), inside an entry's unknown field (the reader's recursive path).
  'nesting 100M deep': { headerBytes: FULL, build: (n) => build(n, '{"w":{"x":', OPEN1000, '') },
  // A shape of as many dimensions as the header allows (45 million).
  'a shape of 45M dimensions': {
    headerBytes: FULL,
    build: (n) => build(n, '{"w":{"dtype":"F32","shape":[', '1,', '1],"data_offsets":[0,4]}}'),
  },
};

const gc = (globalThis as { gc?: () => void }).gc;
if (process.argv[2] === '--list') {
  console.log(
    JSON.stringify(Object.entries(kinds).map(([kind, k]) => ({ kind, headerBytes: OVERRIDE ?? k.headerBytes }))),
  );
  process.exit(0);
}
const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(kinds);
const results: Record<string, unknown> = {};
for (const kind of selected) {
  const spec = kinds[kind];
  if (spec === undefined) throw new Error(`no kind ${JSON.stringify(kind)}; --list lists them`);
  const headerBytes = OVERRIDE ?? spec.headerBytes;
  const bytes = spec.build(headerBytes);
  gc?.();
  const rss0 = process.resourceUsage().maxRSS * 1024;
  const heap0 = process.memoryUsage();
  let message = '';
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    decodeSafetensors(bytes);
    message = 'ACCEPTED';
  } catch (e) {
    message = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const heap1 = process.memoryUsage();
  const rss1 = process.resourceUsage().maxRSS * 1024;
  results[kind] = {
    headerBytes,
    peakRssGrowth: rss1 - rss0,
    heapGrowth: heap1.heapUsed - heap0.heapUsed,
    arrayBufferGrowth: heap1.arrayBuffers - heap0.arrayBuffers,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    message: message.slice(0, 300),
  };
}
console.log(JSON.stringify(results));
