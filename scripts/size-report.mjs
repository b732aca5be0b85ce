// Two size checks, both minified + gzipped, both with budgets:
// 1. each package's ESM entry bundled alone (other @actlab packages external): what a whole package costs;
// 2. representative one-line consumers bundled with everything they pull in: what importing one thing costs. The
//    packages are code-split and `sideEffects: false`, so importing `Random` must cost about `Random`.
// Fails when anything exceeds its budget: raise a budget deliberately, in review, never to make CI pass.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packageDirs, root } from './pack.mjs';

/** Whole-package budgets in bytes, minified + gzip. */
// kernels carries its WebAssembly module (about 68 KB, base64 in the bundle: about 22 KB of the min+gzip figure);
// anything that runs a kernel pulls it in, because every kernel dispatches to the active backend.
export const budgets = { kernels: 58_000, autograd: 20_000, layers: 41_000 };

/** One-line consumers and their budgets in bytes, minified + gzip (each includes every @actlab module it needs). */
export const importBudgets = {
  // Random checks its arguments with the shared checks (describeValue and friends, about 0.6 KB).
  "import { Random } from '@actlab/kernels'": 2_800,
  "import { gemm } from '@actlab/kernels'": 45_000,
  "import { getActivation } from '@actlab/kernels'": 7_800,
  "import { tensor } from '@actlab/autograd'": 66_000,
  "import { encodeSafetensors } from '@actlab/layers'": 3_700,
  "import { saveSafetensors } from '@actlab/layers'": 75_000,
  "import { Linear, Sequential, Adam, mseLoss } from '@actlab/layers'": 78_000,
  "import { exportOnnx } from '@actlab/layers'": 80_000,
};

/** Bundles `options`, minified; returns [minified bytes, min+gzip bytes]. */
async function measure(options) {
  const result = await build({
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    // esbuild warns about the chunks' ordering-only imports (`import './chunk-….js'`) except under node_modules,
    // where a consumer's copy lives; here they resolve through workspace links.
    logLevel: 'error',
    ...options,
  });
  const code = result.outputFiles[0].contents;
  return [code.length, gzipSync(code, { level: 9 }).length];
}

let failed = false;
const row = (name, [minified, gz], budget) => {
  const over = gz > budget;
  failed ||= over;
  return {
    [name.includes('import') ? 'consumer' : 'package']: name,
    minified,
    'min+gzip': gz,
    budget,
    status: over ? 'OVER BUDGET' : 'ok',
  };
};

const packageRows = [];
for (const dir of packageDirs) {
  const name = dir.split('/').pop();
  const size = await measure({ entryPoints: [`${dir}/dist/index.js`], external: ['@actlab/*', 'node:*'] });
  packageRows.push(row(`@actlab/${name}`, size, budgets[name]));
}
console.table(packageRows);

const importRows = [];
for (const [line, budget] of Object.entries(importBudgets)) {
  // The consumer re-exports what it imports, so nothing it names can be dropped; it resolves the packages through
  // node_modules like any app (the playground's folder, which depends on all three), so package.json's
  // `exports` and `sideEffects` apply.
  const contents = line.replace(/^import (\{[^}]*\}) from (.*)$/, 'export $1 from $2;');
  const size = await measure({
    stdin: { contents, resolveDir: `${root}/apps/playground`, loader: 'js' },
    external: ['node:*'],
  });
  importRows.push(row(line, size, budget));
}
console.table(importRows);

if (failed) {
  console.error('size: over budget (scripts/size-report.mjs)');
  process.exit(1);
}
