// Packs every package, installs the tarballs with npm into a fresh project outside the workspace, and uses
// them as a user would: an ESM script, a CommonJS script (require of the ESM-only packages), one process that
// both requires and imports, and consumers type-checked under node16, bundler and (CommonJS) node20.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packAll, root, userNpmEnv } from '../../scripts/pack.mjs';
import { xorScript } from './xor-script.mjs';

let project = '';
const run = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { cwd: project, encoding: 'utf8', stdio: 'pipe', env: userNpmEnv() });
/** Runs a command and returns everything it printed plus its exit code, so a failure shows its own message. */
const outcome = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8' });
  return { output: `${r.stdout}${r.stderr}`.trim(), status: r.status };
};
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'actlab-smoke-'));
  const tarballs = packAll(join(project, 'tarballs'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, version: '0.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs]);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed packages, installed with npm outside the workspace', () => {
  test('an ESM script trains XOR to 100% and round-trips safetensors', () => {
    const load = `import { tensor, noGrad } from '@actlab/autograd';
import { Sequential, Linear, Tanh, Adam, bceWithLogitsLoss, saveSafetensors, loadSafetensors } from '@actlab/layers';`;
    writeFileSync(join(project, 'xor.mjs'), xorScript(load));
    expect(outcome('node', ['xor.mjs'])).toEqual({ output: expect.stringMatching(/^xor ok: accuracy 1,/), status: 0 });
  });

  test('a CommonJS script requires the ESM-only packages, trains XOR to 100% and round-trips safetensors', () => {
    const load = `const { tensor, noGrad } = require('@actlab/autograd');
const { Sequential, Linear, Tanh, Adam, bceWithLogitsLoss, saveSafetensors, loadSafetensors } = require('@actlab/layers');`;
    writeFileSync(join(project, 'xor.cjs'), xorScript(load));
    expect(outcome('node', ['xor.cjs'])).toEqual({ output: expect.stringMatching(/^xor ok: accuracy 1,/), status: 0 });
  });

  test('require and import in one process give one module: noGrad through one stops recording in the other', () => {
    // Before ESM-only, require loaded a separate CommonJS copy with its own grad mode and its own Tensor class.
    writeFileSync(
      join(project, 'dual.cjs'),
      `const required = require('@actlab/autograd');
const requiredKernels = require('@actlab/kernels');
import('@actlab/autograd').then(async (imported) => {
  const importedKernels = await import('@actlab/kernels');
  const x = imported.tensor([1, 2], { requiresGrad: true });
  const inside = required.noGrad(() => x.mul(2));
  const outside = x.mul(2);
  console.log(JSON.stringify({
    sameNamespace: required === imported,
    sameKernels: requiredKernels === importedKernels,
    sameTensorClass: required.tensor([1]) instanceof imported.Tensor,
    insideRecords: inside.requiresGrad || inside.gradFn !== null,
    outsideRecords: outside.requiresGrad && outside.gradFn !== null,
  }));
});
`,
    );
    const { output, status } = outcome('node', ['dual.cjs']);
    expect({ status, result: JSON.parse(output) }).toEqual({
      status: 0,
      result: {
        sameNamespace: true,
        sameKernels: true,
        sameTensorClass: true,
        insideRecords: false,
        outsideRecords: true,
      },
    });
  });

  test.each([
    ['node16', 'mts', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', 'mts', { module: 'esnext', moduleResolution: 'bundler' }],
    // A CommonJS TypeScript file: TypeScript's node20 mode knows that require() loads ESM on Node ≥ 20.19.
    ['node20-cjs', 'cts', { module: 'node20', moduleResolution: 'node16' }],
  ])('a consumer type-checks under %s', (name, extension, options) => {
    cpSync(join(root, 'tests', 'smoke', 'consumer.ts'), join(project, `consumer-${name}.${extension}`));
    const tsconfig = {
      compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: [`consumer-${name}.${extension}`],
    };
    writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify(tsconfig));
    expect(outcome('node', [tsc, '-p', `tsconfig.${name}.json`])).toEqual({ output: '', status: 0 });
  });
});
