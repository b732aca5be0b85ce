// Builds the API reference with typedoc (typedoc.json: any warning is an error, so this fails on a broken link or a
// referenced symbol that is not exported) and reports the symbol pages (classes, interfaces, functions, variables,
// type aliases, enums) whose symbol has no doc comment: neither on itself, nor on a signature, nor on any member.
// `node scripts/api-docs-report.mjs [--list]`; the packages must be built (typedoc resolves them through dist/).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { root } from './pack.mjs';

const pageKinds = { 8: 'enum', 32: 'variable', 64: 'function', 128: 'class', 256: 'interface', 2097152: 'type' };
const said = (comment) =>
  comment !== undefined &&
  ((comment.summary ?? []).some((part) => part.text.trim() !== '') || (comment.blockTags ?? []).length > 0);
/** A reflection, its signatures or any of its members carries a comment. */
const documented = (r) =>
  said(r.comment) ||
  (r.signatures ?? []).some((s) => said(s.comment)) ||
  (r.children ?? []).some((child) => documented(child));

const json = `${root}/docs/api/api.json`;
try {
  execFileSync('pnpm', ['exec', 'typedoc', '--logLevel', 'Warn', '--json', json], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('api docs: typedoc failed (every warning is an error, see typedoc.json)');
  process.exit(1);
}
const pages = [];
const walk = (r, where) => {
  for (const child of r.children ?? []) {
    if (child.kind === 2) walk(child, child.name);
    else if (pageKinds[child.kind] !== undefined)
      pages.push({ name: `${where} ${pageKinds[child.kind]} ${child.name}`, child });
  }
};
walk(JSON.parse(readFileSync(json, 'utf8')), '');
const empty = pages.filter((p) => !documented(p.child)).map((p) => p.name);
console.log(`API reference: ${empty.length} of ${pages.length} symbol pages have no doc comment`);
if (process.argv.includes('--list')) for (const name of empty) console.log(`  ${name}`);
