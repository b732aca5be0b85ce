// Size of each package's ESM entry, bundled alone (other @actlab packages external), minified and gzipped.
// Fails when a package exceeds its budget: raise a budget deliberately, in review, never to make CI pass.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packageDirs } from './pack.mjs';

/** Budgets in bytes, minified + gzip. */
export const budgets = { kernels: 24_000, autograd: 20_000, layers: 24_000 };

const rows = [];
let failed = false;
for (const dir of packageDirs) {
  const name = dir.split('/').pop();
  const result = await build({
    entryPoints: [`${dir}/dist/index.js`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    external: ['@actlab/*', 'node:*'],
    write: false,
  });
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const budget = budgets[name];
  const over = gz > budget;
  failed ||= over;
  rows.push({
    package: `@actlab/${name}`,
    minified: code.length,
    'min+gzip': gz,
    budget,
    status: over ? 'OVER BUDGET' : 'ok',
  });
}
console.table(rows);
if (failed) {
  console.error('size: a package is over its budget (scripts/size-report.mjs)');
  process.exit(1);
}
