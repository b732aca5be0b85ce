/**
 * Measures the peak memory the safetensors reader needs to refuse ~100 MB hostile headers. The file is built
 * first, then the growth of the process's peak resident set (`resourceUsage().maxRSS`, a true high-water mark)
 * across `decodeSafetensors` is reported, with the V8 heap and array-buffer growth (no GC in between, so garbage
 * counts). maxRSS never falls, so measure one kind per process (safetensors-memory.test.ts spawns one each).
 * Prints one JSON object; `--list` prints the kinds.
 *
 *   node --expose-gc --import tsx scripts/safetensors-memory-probe.ts <kind>
 */
import { decodeSafetensors } from '../src/safetensors-format';

const HEADER = Number(process.env.PROBE_HEADER_BYTES ?? 99_999_000);

/** Writes ASCII `text` at out[at…]; returns the position after it (or -1 if it does not fit before `limit`). */
function put(out: Uint8Array, at: number, text: string, limit: number): number {
  if (at + text.length > limit) return -1;
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** A file whose header is `prefix`, then `unit` repeated to ~HEADER bytes, then `suffix` (all ASCII). */
function build(prefix: string, unit: (i: number) => string, suffix: string): Uint8Array {
  const out = new Uint8Array(8 + HEADER);
  const limit = out.length - suffix.length;
  let at = put(out, 8, prefix, limit);
  for (let i = 0; ; i++) {
    const next = put(out, at, unit(i), limit);
    if (next < 0) break;
    at = next;
  }
  at = put(out, at, suffix, out.length);
  out.fill(0x20, at); // the rest of the header: spaces
  new DataView(out.buffer).setUint32(0, HEADER, true);
  return out;
}

const X1000 = 'x'.repeat(1000);
const OPEN1000 = '['.repeat(1000);

const kinds: Record<string, () => Uint8Array> = {
  // 2 million plausible tensor entries, the last one a duplicate name: every row is kept until the very end.
  'many tensors, one name twice at the end': () =>
    build(
      '{',
      (i) => `"t${i}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},`,
      '"t0":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}',
    ),
  // 10 million short metadata keys, the last one repeated.
  'many metadata keys, one twice at the end': () =>
    build('{"__metadata__":{', (i) => `"${i.toString(36)}":"",`, '"0":""}}'),
  // One unknown field holding ~33 million numbers, never closed.
  'an unknown field of 33M numbers, unterminated': () => build('{"w":{"x":[', () => '1,', '1'),
  // A metadata value of ~100 MB followed by a number where a string belongs.
  'a 100 MB metadata string, then a number': () => build('{"__metadata__":{"a":"', () => X1000, '","b":1}}'),
  // Nesting 100 million deep.
  'nesting 100M deep': () => build('{"w":', () => OPEN1000, ''),
  // A shape of 45 million dimensions.
  'a shape of 45M dimensions': () => build('{"w":{"dtype":"F32","shape":[', () => '1,', '1],"data_offsets":[0,4]}}'),
};

const gc = (globalThis as { gc?: () => void }).gc;
if (process.argv[2] === '--list') {
  console.log(JSON.stringify(Object.keys(kinds)));
  process.exit(0);
}
const selected = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(kinds);
const results: Record<string, unknown> = {};
for (const kind of selected) {
  const bytes = kinds[kind]!();
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
    headerBytes: HEADER,
    peakRssGrowth: rss1 - rss0,
    heapGrowth: heap1.heapUsed - heap0.heapUsed,
    arrayBufferGrowth: heap1.arrayBuffers - heap0.arrayBuffers,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    message: message.slice(0, 300),
  };
}
console.log(JSON.stringify(results));
