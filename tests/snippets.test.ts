// Every example a reader is shown runs, verbatim, against the packed packages installed with npm outside the
// workspace, and prints what it claims: the ```ts/```js blocks of the root README and the package READMEs (each in
// its own Node process) and the `@example` blocks of the packages' TSDoc (one process runs them in turn). A package
// README also names, in its npm install line, every package its examples import, and links only absolutely (npm
// shows it without the repository around it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packAll, packageDirs, root, userNpmEnv } from '../scripts/pack.mjs';
import { markdownBlocks, type Snippet, tsdocExamples } from './snippets';

const packageReadmes = packageDirs.map((dir) => join(dir, 'README.md'));
const readmes = [join(root, 'README.md'), ...packageReadmes];
const blocks = new Map(readmes.map((file) => [file, markdownBlocks(file, root)]));
const readmeSnippets = [...blocks.values()].flatMap((b) => b.runnable);
const examples = packageDirs.flatMap((dir) => tsdocExamples(join(dir, 'src'), root));

let project = '';
/** What each TSDoc example printed, by location (filled by one run of all of them). */
let examplesPrinted = new Map<string, { output: string[]; error?: string }>();

/** The snippet as an ES module Node runs as is: TypeScript's types stripped, nothing else changed. */
const asModule = (snippet: Snippet) =>
  snippet.language === 'ts' ? transformSync(snippet.code, { loader: 'ts', format: 'esm' }).code : snippet.code;
const fileName = (snippet: Snippet) => `${snippet.where.replace(/[^A-Za-z0-9]+/g, '-')}.mjs`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'actlab-snippets-'));
  const tarballs = packAll(join(project, 'tarballs'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'snippets', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs], {
    cwd: project,
    stdio: 'pipe',
    env: userNpmEnv(),
  });
  // The TSDoc examples, in one process: each is imported in turn with console.log captured.
  for (const example of examples) writeFileSync(join(project, fileName(example)), asModule(example));
  writeFileSync(
    join(project, 'run-examples.mjs'),
    `import { format } from 'node:util';
const files = ${JSON.stringify(examples.map((e) => [e.where, `./${fileName(e)}`]))};
const results = {};
const log = console.log;
for (const [where, file] of files) {
  const output = [];
  console.log = (...args) => output.push(...format(...args).split('\\n'));
  try {
    await import(file);
    results[where] = { output };
  } catch (error) {
    results[where] = { output, error: String(error?.stack ?? error) };
  }
}
console.log = log;
log(JSON.stringify(results));
`,
  );
  const run = spawnSync('node', ['run-examples.mjs'], { cwd: project, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the TSDoc examples' runner failed:\n${run.stdout}${run.stderr}`);
  examplesPrinted = new Map(Object.entries(JSON.parse(run.stdout)));
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('README examples run as written and print what they claim', () => {
  test.each(readmeSnippets.map((s) => [s.where, s] as const))('%s', (_where, snippet) => {
    const file = join(project, fileName(snippet));
    writeFileSync(file, asModule(snippet));
    // A reader runs the example with no ACTLAB_BACKEND set: the suite's choice of backend must not leak into it.
    const { ACTLAB_BACKEND: _suiteBackend, ...env } = process.env;
    const run = spawnSync('node', [file], { cwd: project, encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
    expect(printed).toEqual(snippet.claims);
  });
});

describe('TSDoc @example blocks run and print what they claim', () => {
  test.each(examples.map((s) => [s.where, s] as const))('%s', (where, snippet) => {
    const printed = examplesPrinted.get(where);
    expect(printed?.error).toBeUndefined();
    expect(printed?.output).toEqual(snippet.claims);
  });
});

describe('package READMEs stand alone on npm', () => {
  test.each(packageReadmes.map((file) => [file.slice(root.length + 1), file] as const))(
    '%s: its npm install line names every package its examples import, and its links are absolute',
    (_name, file) => {
      const { runnable, installed } = blocks.get(file)!;
      const imported = [...new Set(runnable.flatMap((s) => s.imports))].sort();
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((name) => !installed.includes(name))).toEqual([]);
      const relativeLinks = [...readFileSync(file, 'utf8').matchAll(/\]\(([^)]+)\)/g)]
        .map((m) => m[1]!)
        .filter((target) => !/^(https:\/\/|#)/.test(target));
      expect(relativeLinks).toEqual([]);
    },
  );

  test('the blocks marked no-run stay few (each one is an example nobody checks)', () => {
    const notRun = [...blocks.values()].flatMap((b) => b.notRun);
    expect(notRun.length).toBeLessThanOrEqual(2);
  });
});
