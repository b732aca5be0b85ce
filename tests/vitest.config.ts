import { defineProject } from 'vitest/config';
import { sourceAliases } from '../vitest.shared';

export default defineProject({
  resolve: { alias: sourceAliases },
  test: { name: 'repo', testTimeout: 240_000, hookTimeout: 240_000 },
});
