import { defineConfig } from 'vitest/config';

const ci = process.env.CI === 'true' || process.env.CI === '1';
// `pnpm test` runs the suite once per kernel backend (ACTLAB_BACKEND=js, =wasm): one report file each.
const backend = process.env.ACTLAB_BACKEND;

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests'],
    reporters: ci
      ? ['default', ['json', { outputFile: `.ci/results${backend ? `-${backend}` : ''}.json` }]]
      : ['default'],
  },
});
