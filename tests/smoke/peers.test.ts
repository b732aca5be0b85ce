// The one-copy policy: @actlab/kernels is a peer dependency of autograd and layers (and autograd a peer of layers),
// so an app holds exactly one copy of each: one Tensor class, one backend, one grad mode. Checked with npm, the
// strictest common client: a matching set installs as one copy each, a kernels outside the peer range is refused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packAll, userNpmEnv } from '../../scripts/pack.mjs';

let dir = '';
let tarballs: string[] = [];

/** Runs a command in `cwd`; returns its exit code and everything it printed. */
const outcome = (cwd: string, cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: userNpmEnv() });
  return { stdout: r.stdout, output: `${r.stdout}${r.stderr}`, status: r.status };
};

/** A fresh npm project in `dir/name` with `specs` installed (or refused); returns npm's outcome and the folder. */
function install(name: string, specs: string[]) {
  const project = join(dir, name);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }));
  return { project, ...outcome(project, 'npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...specs]) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'actlab-peers-'));
  tarballs = packAll(join(dir, 'tarballs'));
  // The same kernels under a version outside autograd's and layers' peer range (^ of this release).
  const unpacked = join(dir, 'kernels-next');
  mkdirSync(unpacked);
  expect(outcome(unpacked, 'tar', ['xzf', tarballs[0]!]).status).toBe(0);
  const manifestFile = join(unpacked, 'package', 'package.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  manifest.version = '9.0.0';
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const packed = outcome(join(unpacked, 'package'), 'npm', ['pack', '--ignore-scripts', '--pack-destination', dir]);
  expect(packed.status, packed.output).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one copy of the core', () => {
  test('the published manifests declare kernels (and autograd, for layers) as peers, not dependencies', () => {
    const { project, status, output } = install('manifests', tarballs);
    expect(status, output).toBe(0);
    const manifest = (name: string) =>
      JSON.parse(readFileSync(join(project, 'node_modules', '@actlab', name, 'package.json'), 'utf8'));
    const kernelsVersion = manifest('kernels').version;
    const autogradVersion = manifest('autograd').version;
    expect(manifest('autograd')).toMatchObject({ peerDependencies: { '@actlab/kernels': `^${kernelsVersion}` } });
    expect(manifest('autograd').dependencies?.['@actlab/kernels']).toBeUndefined();
    expect(manifest('layers')).toMatchObject({
      peerDependencies: { '@actlab/kernels': `^${kernelsVersion}`, '@actlab/autograd': `^${autogradVersion}` },
    });
    expect(manifest('layers').dependencies).toBeUndefined();
    // npm's own view: exactly one @actlab/kernels and one @actlab/autograd in the tree, at the top.
    for (const name of ['kernels', 'autograd']) {
      const ls = outcome(project, 'npm', ['ls', `@actlab/${name}`, '--all', '--parseable']);
      expect(ls.stdout.trim().split('\n'), ls.output).toEqual([join(project, 'node_modules', '@actlab', name)]);
    }
  });

  test('npm refuses a kernels outside the peer range instead of installing a second copy', () => {
    const { status, output } = install('mismatch', [join(dir, 'actlab-kernels-9.0.0.tgz'), ...tarballs.slice(1)]);
    expect(status).not.toBe(0);
    expect(output).toContain('ERESOLVE');
    expect(output).toMatch(/peer @actlab\/kernels@"\^[^"]+" from @actlab\/autograd/);
  });
});
