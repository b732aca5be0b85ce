import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { renderActivationDocs } from '../scripts/activation-docs';

test('docs/activations.md is the activation table as it stands (run `pnpm run docs` to refresh it)', () => {
  const page = readFileSync(new URL('../docs/activations.md', import.meta.url), 'utf8');
  expect(page).toBe(renderActivationDocs());
});
