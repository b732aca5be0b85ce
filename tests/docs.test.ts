import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  functionsFile,
  modulesFile,
  renderActivationFunctions,
  renderModuleExports,
  renderTensorMethods,
  spliceRegion,
  tensorFile,
} from '../scripts/activation-api';
import { renderActivationDocs } from '../scripts/activation-docs';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
const refresh = 'run `pnpm exec tsx scripts/write-activation-docs.ts` to refresh it';

describe('everything rendered from the activation table is as the table stands', () => {
  test(`docs/activations.md (${refresh})`, () => {
    expect(read('docs/activations.md')).toBe(renderActivationDocs());
  });

  test(`${functionsFile}: the functional exports and their TSDoc (${refresh})`, () => {
    expect(read(functionsFile)).toBe(renderActivationFunctions());
  });

  test(`${tensorFile}: the Tensor activation methods and their TSDoc (${refresh})`, () => {
    const text = read(tensorFile);
    expect(text).toBe(spliceRegion(text, renderTensorMethods(), tensorFile));
  });

  test(`${modulesFile}: the named activation classes and their TSDoc (${refresh})`, () => {
    const text = read(modulesFile);
    expect(text).toBe(spliceRegion(text, renderModuleExports(), modulesFile));
  });
});
