import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * 12.2 / 12.7: a 100 MB hostile header is refused in bounded memory. Each kind runs in its own fresh Node process
 * (scripts/safetensors-memory-probe.ts) with a 400 MB V8 heap cap, and the growth of the process's peak resident set
 * across the call is measured — a high-water mark of every allocation, JavaScript heap and array buffers alike, not
 * a timing. Before the byte scan, JSON.parse of such headers cost up to 8x the header and aborted the process.
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
  const kinds = JSON.parse(listed.stdout) as string[];

  test.each(kinds)(
    '%s',
    (kind) => {
      const run = probe(kind);
      expect(run.status, run.stderr.slice(0, 2000)).toBe(0);
      const m = (JSON.parse(run.stdout) as Record<string, Measured>)[kind]!;
      expect(m.headerBytes).toBeGreaterThan(99_000_000);
      expect(m.message).toMatch(/^Error: loadSafetensors: header byte \d+: /);
      expect(m.message.length).toBeLessThan(300);
      expect(m.peakRssGrowth, `peak RSS grew ${(m.peakRssGrowth / 1e6).toFixed(0)} MB`).toBeLessThan(
        BOUND * m.headerBytes,
      );
    },
    240_000,
  );
});
