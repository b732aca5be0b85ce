import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

test('every exported …Options type is checked by type-tests/exact-optional.ts (run by pnpm typecheck)', () => {
  const typeTest = read('../type-tests/exact-optional.ts');
  const exported = ['../../kernels/src/index.ts', '../../autograd/src/index.ts', './index.ts'].flatMap((file) =>
    [...read(file).matchAll(/\b(\w+Options)\b/g)].map((m) => m[1]!).filter((name) => name !== 'checkOptions'),
  );
  expect(exported.length).toBeGreaterThan(20);
  const unchecked = [...new Set(exported)].filter((name) => !new RegExp(`AcceptsUndefined<${name}[<>]`).test(typeTest));
  expect(unchecked, 'add Check<AcceptsUndefined<Name>> lines to type-tests/exact-optional.ts').toEqual([]);
});
