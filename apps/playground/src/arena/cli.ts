// `pnpm arena [options]` (see args.ts for the options): trains the arena's experiments, judges the claims and writes
// the reports.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { type ArenaOptions, ArenaUsageError, parseArenaArgs, usage } from './args';
import { prepareBackend } from './backend';
import { assessClaims } from './claims';
import { writeDocs } from './docs';
import { textTable } from './format';
import { type ArenaPlan, makePlan } from './plan';
import { runTasks } from './pool';
import { progressReporter } from './progress';
import { readRun, readTiming } from './read-run';
import {
  type ArenaRun,
  claimsTable,
  figures,
  overviewTable,
  quickWarning,
  type RunTiming,
  runLine,
  toJson,
  toMarkdown,
} from './report';
import { tasksOf } from './tasks';
import { decisionRules, tiedDefinition } from './verdict';

/** Where relative paths are taken from: the directory `pnpm arena` was run in, not the package's. */
const callerDir = process.env.INIT_CWD ?? process.cwd();

async function train(plan: ArenaPlan, jobs: number): Promise<ArenaRun> {
  const backend = await prepareBackend();
  const tasks = tasksOf(plan);
  console.error(
    `arena: ${tasks.length} training runs (${plan.experiments.join(', ')}), ${plan.seeds.length} seeds, ` +
      `${backend} backend, ${Math.min(jobs, tasks.length)} job${jobs === 1 ? '' : 's'}${plan.quick ? ', quick' : ''}`,
  );
  const results = await runTasks(plan, tasks, { jobs, onProgress: progressReporter() });
  const data = {
    plan,
    setups: results.flatMap((r) => (r.kind === 'setup' ? [r.result] : [])),
    approximation: results.flatMap((r) => (r.kind === 'approximation' ? r.results : [])),
    depth: results.flatMap((r) => (r.kind === 'depth' ? [r.result] : [])),
    gelu: results.flatMap((r) => (r.kind === 'gelu' ? [r.result] : [])),
  };
  return { ...data, backend, claims: assessClaims(data) };
}

function printReport(run: ArenaRun): void {
  if (run.setups.length > 0) {
    const overview = overviewTable(run);
    console.log(
      "\nThe guide's setups: test accuracy % (classification) and test MSE (regression), mean ± sd over seeds",
    );
    console.log(textTable(overview.header, overview.rows));
  }
  if (run.claims.length > 0) {
    const { header, rows } = claimsTable(run.claims);
    console.log('\nVerdicts: effect paired by seed, 95% interval, tie margin δ (the rule is in arena.md)');
    const byId = rows.map((r, i) => [r[0]!, run.claims[i]!.id, ...r.slice(2)]);
    console.log(textTable(header, byId, [1, 6]));
    const plain = (text: string) => text.replaceAll('**', '');
    console.log(`\n${plain(decisionRules.superiority)}\n${plain(tiedDefinition)}`);
  }
  const warning = quickWarning(run.plan);
  if (warning !== null) console.log(`\n${warning.replace(/^> /, '').replaceAll('**', '').replaceAll('`', '')}`);
}

async function main(options: ArenaOptions): Promise<void> {
  const started = Date.now();
  const loadBefore = loadavg()[0]!;
  let run: ArenaRun;
  const cpuBefore = process.cpuUsage();
  let timing: RunTiming | undefined;
  if (options.from !== undefined) {
    const path = resolve(callerDir, options.from);
    run = readRun(path, options.from);
    timing = readTiming(resolve(dirname(path), 'timing.json'));
  } else {
    run = await train(
      makePlan({
        quick: options.quick,
        seeds: options.seeds,
        experiments: options.experiments,
        setups: options.setups,
        entries: options.entries,
      }),
      options.jobs,
    );
    const cpu = process.cpuUsage(cpuBefore);
    timing = {
      seconds: (Date.now() - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      jobs: options.jobs,
      cores: availableParallelism(),
      loadBefore,
      loadAfter: loadavg()[0]!,
    };
  }
  printReport(run);
  const outDir = resolve(callerDir, options.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(resolve(outDir, 'arena.json'), toJson(run));
  writeFileSync(resolve(outDir, 'arena.md'), toMarkdown(run, { timing }));
  if (timing !== undefined) writeFileSync(resolve(outDir, 'timing.json'), `${JSON.stringify(timing, null, 2)}\n`);
  const svgs = figures(run);
  for (const [name, svg] of Object.entries(svgs)) writeFileSync(resolve(outDir, name), svg);
  console.log(`\n${runLine(run, timing)}`);
  console.log(
    `Wrote arena.json, arena.md, ${timing === undefined ? '' : 'timing.json, '}${Object.keys(svgs).join(', ')} to ${outDir}`,
  );
  if (options.writeDocs) {
    for (const path of writeDocs(run, timing)) console.log(`Regenerated ${path}`);
  }
}

try {
  const parsed = parseArenaArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(usage);
  } else {
    const { from } = parsed.options;
    if (from !== undefined && !existsSync(resolve(callerDir, from))) {
      throw new ArenaUsageError(`--from ${from}: no such file (looked in ${callerDir})`);
    }
    if (from !== undefined && !statSync(resolve(callerDir, from)).isFile()) {
      throw new ArenaUsageError(`--from ${from}: not a file`);
    }
    await main(parsed.options);
  }
} catch (error) {
  if (error instanceof ArenaUsageError) {
    console.error(`arena: ${error.message}\n\n${usage}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
