import { fileURLToPath } from 'node:url';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

/** Tests import workspace packages from source, so `vitest` needs no build first. */
export const sourceAliases = {
  '@actlab/kernels': src('kernels'),
  '@actlab/autograd': src('autograd'),
  '@actlab/layers': src('layers'),
};
