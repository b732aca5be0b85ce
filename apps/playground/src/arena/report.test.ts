import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArenaUsageError } from './args';
import { assessClaims } from './claims';
import { docPaths, markers, replaceSection, writeDocs } from './docs';
import { markdownTable, stableJson, textTable } from './format';
import { runTasks } from './pool';
import { readRun } from './read-run';
import { type ArenaRun, figures, toJson, toMarkdown } from './report';
import { tasksOf } from './tasks';
import { tinyPlan } from './test-plans';

let run: ArenaRun;

beforeAll(async () => {
  const plan = tinyPlan();
  const results = await runTasks(plan, tasksOf(plan), { jobs: 1 });
  const data = {
    plan,
    setups: results.flatMap((r) => (r.kind === 'setup' ? [r.result] : [])),
    approximation: results.flatMap((r) => (r.kind === 'approximation' ? r.results : [])),
    depth: results.flatMap((r) => (r.kind === 'depth' ? [r.result] : [])),
    gelu: results.flatMap((r) => (r.kind === 'gelu' ? [r.result] : [])),
  };
  run = { ...data, backend: 'js', claims: assessClaims(data) };
}, 120_000);

describe('the markdown report', () => {
  it('states the decision rule, defines "tied", explains the columns and warns about a quick run', () => {
    const timing = { seconds: 90, cpuSeconds: 150, jobs: 2, cores: 2, loadBefore: 0.5, loadAfter: 1.5 };
    const md = toMarkdown(run, { timing });
    expect(md).toContain(
      'Quick run: 2 seeds (1–2), js kernel backend, 1.5 minutes wall time with `--jobs 2` (2.5 CPU-minutes).',
    );
    expect(md).toMatch(/> \*\*Warning\.\*\* This is a quick run .*under-trained.*indicative/);
    expect(md).toContain('**Tied** means the 95% interval of the paired difference lies within [−δ, +δ]');
    expect(md).toMatch(/A claim that one side is better is \*\*refuted\*\* when/);
    expect(md).toContain('Student-t 95% interval');
    expect(md).toContain('**dead** — hidden units whose gain is 0 on every training point');
    for (const claim of run.claims) expect(md).toContain(claim.claim);
    expect(md).not.toMatch(/\| (supported|refuted) \|/);
    for (const heading of [
      'Experiment 1',
      'Experiment 2: universal approximation',
      'Experiment 3: depth',
      'Experiment 4',
    ]) {
      expect(md).toContain(heading);
    }
  });

  it('figures are well-formed SVG; bar and accuracy axes start at 0, log axes say why they do not', () => {
    const svgs = figures(run);
    expect(Object.keys(svgs).sort()).toEqual([
      'arena-approximation.svg',
      'arena-curves.svg',
      'arena-depth.svg',
      'arena-gelu.svg',
      'arena.svg',
    ]);
    for (const svg of Object.values(svgs)) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(svg).not.toContain('NaN');
      const opened = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).filter((t) => !t.startsWith('<svg')).length;
      const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length - 1;
      expect(opened).toBe(closed);
    }
    expect(svgs['arena.svg']).toContain('axis from 0%');
    expect(svgs['arena.svg']).toContain('>0%</text>');
    expect(svgs['arena-approximation.svg']).toContain('neither axis starts at 0');
    expect(svgs['arena-depth.svg']).toContain('axis from 0%');
    expect(svgs['arena-gelu.svg']).toContain('axis from 0');
  });
});

describe('the JSON', () => {
  it('round-trips through --from: the same claims, recomputed from the results', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-json-'));
    const path = join(dir, 'arena.json');
    writeFileSync(path, toJson(run));
    const back = readRun(path, 'arena.json');
    expect(stableJson(back.claims)).toBe(stableJson(run.claims));
    expect(toJson(back)).toBe(toJson(run));
  });

  it('refuses a file that is not an arena.json, saying what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arena-json-'));
    const write = (text: string) => {
      const path = join(dir, 'x.json');
      writeFileSync(path, text);
      return () => readRun(path, 'x.json');
    };
    expect(write('not json')).toThrow(ArenaUsageError);
    expect(write('not json')).toThrow(/--from x.json: not JSON/);
    expect(write('[]')).toThrow(/not a JSON object/);
    const good = JSON.parse(toJson(run));
    expect(write(JSON.stringify({ ...good, plan: { ...good.plan, seeds: 'all' } }))).toThrow(
      /plan.seeds should be an array/,
    );
    expect(write(JSON.stringify({ ...good, plan: { ...good.plan, experiments: ['setups', 'magic'] } }))).toThrow(
      /plan.experiments has unknown magic/,
    );
    expect(write(JSON.stringify({ ...good, depth: { results: [{ dataset: 'spiral' }] } }))).toThrow(
      /depth.results\[0\].entry/,
    );
  });

  it('keeps arrays of numbers on one line and writes NaN as null', () => {
    expect(stableJson({ a: [1, 2.5, Number.NaN], b: { c: 'x' } })).toBe(
      '{\n  "a": [1, 2.5, null],\n  "b": {\n    "c": "x"\n  }\n}\n',
    );
  });
});

describe('tables and docs', () => {
  it('formats text and markdown tables', () => {
    expect(textTable(['a', 'b'], [['x', '1.0']])).toBe('a    b\n─  ───\nx  1.0');
    expect(markdownTable(['a', 'bb'], [['xy', '1']])).toBe('| a   |  bb |\n| :-- | --: |\n| xy  |   1 |');
  });

  it('replaces only the text between the markers, or names the file that lacks them', () => {
    const text = `intro\n${markers.claims[0]}\nold\n${markers.claims[1]}\nrest\n`;
    expect(replaceSection(text, markers.claims, 'new', 'README.md')).toBe(
      `intro\n${markers.claims[0]}\nnew\n${markers.claims[1]}\nrest\n`,
    );
    expect(() => replaceSection('no markers', markers.claims, 'new', 'README.md')).toThrow(
      /README.md has no '<!-- arena:claims:start -->'/,
    );
  });

  it('--write-docs refuses anything but the full default run, before writing anything', () => {
    const before = statSync(docPaths.rootReadme).mtimeMs;
    const readme = readFileSync(docPaths.rootReadme, 'utf8');
    expect(() => writeDocs(run)).toThrow(/--write-docs needs the full default run/);
    expect(statSync(docPaths.rootReadme).mtimeMs).toBe(before);
    expect(readFileSync(docPaths.rootReadme, 'utf8')).toBe(readme);
  });

  it('both READMEs carry the markers --write-docs regenerates between', () => {
    for (const [path, [start, end]] of [
      [docPaths.rootReadme, markers.claims],
      [docPaths.appReadme, markers.defaultRun],
    ] as const) {
      const text = readFileSync(path, 'utf8');
      expect(text.indexOf(start)).toBeGreaterThan(0);
      expect(text.indexOf(end)).toBeGreaterThan(text.indexOf(start));
    }
  });
});
