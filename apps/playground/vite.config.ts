import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

// The app bundles the workspace packages from source, so it builds without building them first.
export default defineConfig({
  base: './',
  resolve: {
    alias: {
      '@actlab/kernels': src('kernels'),
      '@actlab/autograd': src('autograd'),
      '@actlab/layers': src('layers'),
    },
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
