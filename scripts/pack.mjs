// Packs every published package with pnpm (which rewrites workspace: and catalog: ranges) into one folder.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const packageDirs = ['kernels', 'autograd', 'layers'].map((p) => join(root, 'packages', p));

/**
 * Packs the three packages into `dest`; returns the tarballs' absolute paths in dependency order. Callers build
 * first (`pnpm build`), so each package's `prepack` build is skipped here.
 */
export function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  for (const dir of packageDirs) {
    execFileSync('pnpm', ['pack', '--config.ignore-scripts=true', '--pack-destination', dest], {
      cwd: dir,
      stdio: 'pipe',
    });
  }
  const tarballs = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  return ['kernels', 'autograd', 'layers'].map((name) => {
    const file = tarballs.find((f) => f.startsWith(`actlab-${name}-`));
    if (!file) throw new Error(`pack: no tarball for @actlab/${name} in ${dest}`);
    return join(dest, file);
  });
}

/**
 * The environment for npm as a user runs it: without the `npm_config_*` variables pnpm sets for its scripts (npm
 * reads them as its own settings, and warns about the ones it does not know).
 */
export function userNpmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
}
