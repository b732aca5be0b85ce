// Finds the code examples a reader is shown — ```ts / ```js blocks in the READMEs and `@example` blocks in the
// packages' TSDoc — and what each claims to print. An example prints with `console.log(...)`; the claim is the
// comment that ends that line (`console.log(x.sum().item()); // 6`) or the comment lines right below it (one per
// printed line). A block that is not meant to run says so in its info string: ```ts no-run.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Snippet {
  /** Where it is: `packages/layers/README.md:12` (the opening fence's line). */
  readonly where: string;
  readonly language: 'ts' | 'js';
  readonly code: string;
  /** What it says it prints, one entry per printed line, in order. */
  readonly claims: readonly string[];
  /** The packages it imports (`@actlab/…`). */
  readonly imports: readonly string[];
}

export interface MarkdownBlocks {
  readonly runnable: Snippet[];
  /** Blocks marked `no-run`, by location. */
  readonly notRun: string[];
  /** Every package named in an `npm install` line of the file's ```sh blocks. */
  readonly installed: string[];
}

const runnableLanguages: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };

/** The claims of `code` (see the header); throws naming the line when a console.log has none. */
export function claimsOf(code: string, where: string): string[] {
  const lines = code.split('\n');
  const claims: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes('console.log(')) continue;
    const trailing = /\);\s*\/\/ ?(.*)$/.exec(line);
    if (trailing) {
      claims.push(trailing[1]!);
      continue;
    }
    const below: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s*\/\//.test(lines[j]!); j++) {
      below.push(lines[j]!.replace(/^\s*\/\/ ?/, ''));
    }
    if (below.length === 0) {
      throw new Error(`${where}: '${line.trim()}' says nothing about what it prints; end it with // <output>`);
    }
    claims.push(...below);
  }
  return claims;
}

const importsOf = (code: string) => [...new Set([...code.matchAll(/from '(@actlab\/[a-z-]+)'/g)].map((m) => m[1]!))];

/** The fenced blocks of a markdown file. */
export function markdownBlocks(file: string, root: string): MarkdownBlocks {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const runnable: Snippet[] = [];
  const notRun: string[] = [];
  const installed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    const where = `${relative(root, file)}:${start + 1}`;
    const code = body.join('\n');
    const info = open[1]!;
    const flags = open[2]!.trim().split(/\s+/);
    const language = runnableLanguages[info];
    if (info === 'sh' || info === 'bash') {
      for (const m of code.matchAll(/npm install ([^\n]+)/g)) {
        installed.push(...m[1]!.split(/\s+/).filter((w) => w.startsWith('@actlab/')));
      }
    } else if (language !== undefined) {
      if (flags.includes('no-run')) notRun.push(where);
      else runnable.push({ where, language, code, claims: claimsOf(code, where), imports: importsOf(code) });
    }
  }
  return { runnable, notRun, installed };
}

/** The `@example` code blocks in the TSDoc of a package's source files (tests excluded). */
export function tsdocExamples(srcDir: string, root: string): Snippet[] {
  const out: Snippet[] = [];
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const name of files) {
    const file = join(srcDir, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\* @example\s*$/.test(lines[i]!)) continue;
      const fence = i + 1;
      if (!/^\s*\* ```(ts|typescript)\s*$/.test(lines[fence] ?? '')) continue;
      const body: string[] = [];
      let j = fence + 1;
      for (; j < lines.length && !/^\s*\* ```\s*$/.test(lines[j]!); j++)
        body.push(lines[j]!.replace(/^\s*\*( |$)/, ''));
      const where = `${relative(root, file)}:${fence + 1}`;
      const code = body.join('\n');
      out.push({ where, language: 'ts', code, claims: claimsOf(code, where), imports: importsOf(code) });
      i = j;
    }
  }
  return out;
}
