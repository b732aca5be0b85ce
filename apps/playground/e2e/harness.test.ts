import { chmodSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBrowser, startHarness } from './harness';

// Each test gets its own temp folder (TMPDIR, read by os.tmpdir() on every call) to see what the harness leaves.
let scratch = '';
const saved = { TMPDIR: process.env.TMPDIR, CHROMIUM_PATH: process.env.CHROMIUM_PATH };

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'actlab-harness-test-'));
});

afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(scratch, { recursive: true, force: true });
});

describe('the e2e harness', () => {
  it('takes CHROMIUM_PATH when it names a file, and says so when it does not', async () => {
    const fake = join(scratch, 'my-chromium');
    writeFileSync(fake, '');
    process.env.CHROMIUM_PATH = fake;
    await expect(findBrowser()).resolves.toEqual({ executablePath: fake, source: 'CHROMIUM_PATH' });
    process.env.CHROMIUM_PATH = join(scratch, 'missing');
    await expect(findBrowser()).rejects.toThrow(`CHROMIUM_PATH is '${join(scratch, 'missing')}', which is not a file`);
  });

  it('removes its temporary folders when the browser fails to start', async () => {
    // A "browser" that exits at once: the build and the server start, the launch fails.
    const broken = join(scratch, 'broken-browser');
    writeFileSync(broken, '#!/bin/sh\nexit 1\n');
    chmodSync(broken, 0o755);
    process.env.CHROMIUM_PATH = broken;
    const tmpRoot = mkdtempSync(join(scratch, 'tmp-'));
    process.env.TMPDIR = tmpRoot;
    const failure = await startHarness().then(
      () => 'started',
      (error: Error) => error.message,
    );
    // playwright's launch error: the build and the preview server had run, with both folders in use.
    expect(failure).toMatch(/launchPersistentContext/);
    expect(readdirSync(tmpRoot)).toEqual([]);
  }, 120_000);
});
