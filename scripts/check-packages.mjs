// publint --strict and attw on each pnpm-packed tarball (attw --pack would use npm pack, which keeps workspace: ranges).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packAll, root } from './pack.mjs';

const dest = mkdtempSync(join(tmpdir(), 'actlab-pack-'));
let failures = 0;
try {
  for (const tarball of packAll(dest)) {
    for (const [tool, args] of [
      ['publint', ['--strict', tarball]],
      ['attw', [tarball, '--profile', 'esm-only', '--format', 'table-flipped']],
    ]) {
      try {
        const out = execFileSync('pnpm', ['exec', tool, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
        console.log(`${tool} ${tarball.split('/').pop()}: ok\n${out.trim()}`);
      } catch (e) {
        failures++;
        console.error(`${tool} ${tarball.split('/').pop()}: FAILED\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}
process.exit(failures > 0 ? 1 : 0);
