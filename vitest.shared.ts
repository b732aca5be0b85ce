import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** Tests import workspace packages from source, so `vitest` needs no build first. */
export const sourceAliases = {
  '@actlab/kernels': src('kernels'),
  '@actlab/autograd': src('autograd'),
  '@actlab/layers': src('layers'),
};

// The kernels' source imports a generated module (their WebAssembly, built from packages/kernels/assembly): make
// it before any test loads, so a fresh clone can run `vitest` without a build. A no-op when it is up to date.
execFileSync(process.execPath, [fileURLToPath(new URL('./packages/kernels/scripts/build-wasm.mjs', import.meta.url))], {
  stdio: 'inherit',
});
