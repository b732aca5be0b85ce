import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * 12.2 / 12.7: a 100 MB hostile header is refused in bounded memory. Each kind runs in its own fresh Node process
 * (scripts/safetensors-memory-probe.ts) with a 400 MB V8 heap cap, and the growth of the process's peak resident set
 * across the call is measured — a high-water mark of every allocation, JavaScript heap and array buffers alike, not
 * a timing. Before the byte scan, JSON.parse of such headers cost up to 8x the header and aborted the process.
 * Kinds the reader refuses in one fast pass are measured at the format's 100 MB limit; the three that cost work per
 * key or number at 30 MB (seconds each at 100 MB; the bound is a ratio to the header's size, and their keys are
 * shorter at 30 MB, so no easier). `PROBE_HEADER_BYTES=99999000` runs them all at 100 MB (see the script).
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const probe = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=400', '--import', 'tsx', 'scripts/safetensors-memory-probe.ts', ...args],
    { cwd: packageDir, encoding: 'utf8', timeout: 240_000 },
  );

interface Measured {
  headerBytes: number;
  peakRssGrowth: number;
  heapGrowth: number;
  message: string;
}

/** Peak extra memory allowed to refuse a header: a small multiple of its size (the worst kind measured 1.74x). */
const BOUND = 2.5;

describe('a 100 MB hostile header is refused with memory bounded', () => {
  const listed = probe('--list');
  const kinds = JSON.parse(listed.stdout) as { kind: string; headerBytes: number }[];

  test('at least one kind scans a full 100 MB header (the format limit) before refusing it', () => {
    expect(kinds.some((k) => k.kind.startsWith('a metadata string filling') && k.headerBytes > 99_000_000)).toBe(true);
    expect(kinds.every((k) => k.headerBytes >= 29_000_000)).toBe(true);
  });

  test.each(kinds.map((k) => [`${k.kind} (${Math.round(k.headerBytes / 1e6)} MB)`, k.kind] as const))(
    '%s',
    (_name, kind) => {
      const run = probe(kind);
      expect(run.status, run.stderr.slice(0, 2000)).toBe(0);
      const m = (JSON.parse(run.stdout) as Record<string, Measured>)[kind]!;
      expect(m.headerBytes).toBe(kinds.find((k) => k.kind === kind)!.headerBytes);
      expect(m.message).toMatch(/^Error: loadSafetensors: header byte \d+: /);
      expect(m.message.length).toBeLessThan(300);
      expect(m.peakRssGrowth, `peak RSS grew ${(m.peakRssGrowth / 1e6).toFixed(0)} MB`).toBeLessThan(
        BOUND * m.headerBytes,
      );
    },
    240_000,
  );
});
