import { defineConfig } from 'vitest/config';

const ci = process.env.CI === 'true' || process.env.CI === '1';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests'],
    reporters: ci ? ['default', ['json', { outputFile: '.ci/results.json' }]] : ['default'],
  },
});
