import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const src = (pkg: string) => fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url));

/**
 * Cross-origin isolation: browsers give SharedArrayBuffer (and so the kernels' WebAssembly threads) only to a page
 * served with these two headers. The page loads nothing from elsewhere, so requiring CORP costs nothing.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

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
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
