// `pnpm arena [--quick] [--seeds N] [--setups a,b] [--activations a,b] [--out DIR]`
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLayersModel } from '../train/layers-model';
import { assessClaims } from './claims';
import { progressReporter } from './progress';
import { type ArenaMeta, overviewTable, tableFor, textTable, toJson, toMarkdown, toSvg } from './report';
import { epochsOf, type RunResult, runArena, summarize } from './run';
import { type ArenaEntry, setups as allSetups, arenaEntries } from './setups';

function fail(message: string): never {
  console.error(`arena: ${message}`);
  process.exit(2);
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    seeds: { type: 'string' },
    setups: { type: 'string' },
    activations: { type: 'string' },
    out: { type: 'string', default: 'arena-out' },
    from: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: pnpm arena [--quick] [--seeds N] [--setups ${allSetups.map((s) => s.name).join(',')}]
                  [--activations ${arenaEntries.join(',')}] [--out DIR]
Trains every setup × activation over N seeds (default 3; --quick: 2 seeds, fewer epochs) and writes
arena.json, arena.md and arena.svg into DIR (default ./arena-out).
--from FILE re-renders the table and reports from an earlier run's arena.json without training.`);
  process.exit(0);
}

const seedCount = values.seeds === undefined ? (values.quick ? 2 : 3) : Number(values.seeds);
if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 50)
  fail(`--seeds must be an integer 1–50, got '${values.seeds}'`);
const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);

const pickList = <T extends string>(text: string | undefined, valid: readonly T[], flag: string): T[] => {
  if (text === undefined) return [...valid];
  const items = text.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !(valid as readonly string[]).includes(s));
  if (bad.length > 0) fail(`${flag} has unknown ${bad.join(', ')}; valid: ${valid.join(', ')}`);
  return items as T[];
};
const setupNames = pickList(
  values.setups,
  allSetups.map((s) => s.name),
  '--setups',
);
const setups = allSetups.filter((s) => setupNames.includes(s.name));
const entries: ArenaEntry[] = pickList(values.activations, arenaEntries, '--activations');
const quick = values.quick ?? false;
const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? 'arena-out');

let meta: ArenaMeta = {
  quick,
  seeds,
  entries,
  epochs: Object.fromEntries(setups.map((s) => [s.name, epochsOf(s, quick)])),
};

const started = Date.now();
let results: RunResult[];
if (values.from !== undefined) {
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), values.from);
  // JSON has no NaN: the writer stored non-finite numbers as null, and only epochsToThreshold is null by design.
  const saved = JSON.parse(readFileSync(path, 'utf8'), (key, value) =>
    value === null && key !== 'epochsToThreshold' ? Number.NaN : value,
  );
  meta = saved.meta;
  results = saved.results;
} else {
  console.error(
    `arena: ${setups.length} setups × ${entries.length} activations × ${seeds.length} seeds${quick ? ' (quick)' : ''}`,
  );
  results = runArena({ setups, entries, seeds, quick }, createLayersModel, progressReporter());
}
const seconds = (Date.now() - started) / 1000;
const ranSetups = setups.filter((s) => results.some((r) => r.setup === s.name));
const summaries = summarize(results);
const claims = assessClaims(summaries);

for (const setup of ranSetups) {
  const { header, rows } = tableFor(setup, summaries);
  console.log(`\n${setup.name} — ${setup.description}; ${meta.epochs[setup.name]} epochs`);
  console.log(textTable(header, rows));
}
const overview = overviewTable(ranSetups, summaries, meta.entries);
console.log('\nOverview: test accuracy % (classification) and test MSE (regression), mean ± sd over seeds');
console.log(textTable(overview.header, overview.rows));
if (claims.length > 0) {
  console.log("\nThe guide's claims:");
  for (const claim of claims) console.log(`- ${claim.replaceAll('**', '')}`);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'arena.json'), `${toJson(meta, summaries, results)}\n`);
writeFileSync(resolve(outDir, 'arena.md'), toMarkdown(ranSetups, summaries, meta, claims));
writeFileSync(resolve(outDir, 'arena.svg'), `${toSvg(ranSetups, summaries, meta)}\n`);
console.log(`\nWrote arena.json, arena.md, arena.svg to ${outDir} (${seconds.toFixed(1)} s)`);
