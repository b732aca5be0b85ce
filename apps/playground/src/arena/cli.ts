// `pnpm arena [--quick] [--seeds N] [--setups a,b] [--activations a,b] [--out DIR]`
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLayersModel } from '../train/layers-model';
import { assessClaims } from './claims';
import { progressReporter } from './progress';
import { type ArenaMeta, tableFor, textTable, toJson, toMarkdown, toSvg } from './report';
import { epochsOf, runArena, summarize } from './run';
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
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: pnpm arena [--quick] [--seeds N] [--setups ${allSetups.map((s) => s.name).join(',')}]
                  [--activations ${arenaEntries.join(',')}] [--out DIR]
Trains every setup × activation over N seeds (default 3; --quick: 2 seeds, fewer epochs) and writes
arena.json, arena.md and arena.svg into DIR (default ./arena-out).`);
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

const meta: ArenaMeta = {
  quick,
  seeds,
  entries,
  epochs: Object.fromEntries(setups.map((s) => [s.name, epochsOf(s, quick)])),
};

console.error(
  `arena: ${setups.length} setups × ${entries.length} activations × ${seeds.length} seeds${quick ? ' (quick)' : ''}`,
);
const started = Date.now();
const results = runArena({ setups, entries, seeds, quick }, createLayersModel, progressReporter());
const seconds = (Date.now() - started) / 1000;
const summaries = summarize(results);
const claims = assessClaims(summaries);

for (const setup of setups) {
  const { header, rows } = tableFor(setup, summaries);
  console.log(`\n${setup.name} — ${setup.description}; ${meta.epochs[setup.name]} epochs`);
  console.log(textTable(header, rows));
}
if (claims.length > 0) {
  console.log("\nThe guide's claims:");
  for (const claim of claims) console.log(`- ${claim.replaceAll('**', '')}`);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, 'arena.json'), `${toJson(meta, summaries, results)}\n`);
writeFileSync(resolve(outDir, 'arena.md'), toMarkdown(setups, summaries, meta, claims));
writeFileSync(resolve(outDir, 'arena.svg'), `${toSvg(setups, summaries, meta)}\n`);
console.log(`\nWrote arena.json, arena.md, arena.svg to ${outDir} (${seconds.toFixed(1)} s)`);
